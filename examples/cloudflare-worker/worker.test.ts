/**
 * The example Worker in the real workerd runtime (miniflare), without
 * nodejs_compat, against the standalone server (`rekognition-edge serve`) on
 * loopback. Run by CI: `bun test ./examples/`.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Miniflare } from "miniflare";
import { ROOT } from "../../scripts/bench-workers.ts";
import { type ExampleWorker, PROJECT_ARN, startExampleWorker } from "../../tests/example-worker.ts";
import type { Training } from "./worker.ts";

/** A fixed date in the past: the Worker must not depend on newer runtime behaviour. */
const COMPATIBILITY_DATE = "2024-09-23";

let example: ExampleWorker;
let miniflare: Miniflare;
let nodeImports: string[];

beforeAll(async () => {
  example = await startExampleWorker({
    source: `export { default } from "./examples/cloudflare-worker/worker.ts";`,
    serveArgs: ["--training-seconds", "1.5"],
    compatibilityDate: COMPATIBILITY_DATE,
    alias: { "rekognition-edge": `${ROOT}mod.ts` },
    bindings: { MIN_CHECK_SECONDS: "0.2" },
    miniflare: { kvNamespaces: ["TRAININGS"] },
  });
  ({ miniflare } = example);
  nodeImports = example.bundle.nodeImports;
});

afterAll(() => example?.stop());

const startTraining = (VersionName: string) =>
  miniflare.dispatchFetch("http://worker.example/trainings", { method: "POST", body: JSON.stringify({ VersionName }) });
const readTraining = async (VersionName: string) =>
  (await (await miniflare.dispatchFetch(`http://worker.example/trainings/${VersionName}`)).json()) as Training;

/** Runs the cron trigger until the training ends (each run looks only when `nextCheckAt` has come). */
async function cronUntilEnded(VersionName: string, deadlineMs = 15_000): Promise<{ training: Training; seen: string[] }> {
  // miniflare's types lack `scheduled` on the Fetcher it returns.
  const worker = (await miniflare.getWorker()) as unknown as { scheduled(options: { cron: string }): Promise<{ outcome: string }> };
  const seen: string[] = [];
  for (const deadline = Date.now() + deadlineMs; Date.now() < deadline; await new Promise((wake) => setTimeout(wake, 200))) {
    expect(await worker.scheduled({ cron: "*/5 * * * *" })).toMatchObject({ outcome: "ok" });
    const training = await readTraining(VersionName);
    if (training.Status && seen.at(-1) !== training.Status) seen.push(training.Status);
    if (training.state !== "in-progress") return { training, seen };
  }
  throw new Error(`${VersionName}: training did not end within ${deadlineMs} ms`);
}

describe("the example Worker in workerd, against the standalone server", () => {
  test("its bundle imports no Node built-in, and it runs without nodejs_compat", () => {
    expect(nodeImports).toEqual([]);
    expect(COMPATIBILITY_DATE < new Date().toISOString().slice(0, 10)).toBe(true);
  });

  test("POST /trainings starts training; the cron trigger follows it with checkTraining to TRAINING_COMPLETED", async () => {
    const started = await startTraining("worker-v1");
    expect(started.status).toBe(202);
    const training = (await started.json()) as Training;
    expect(training).toMatchObject({ ProjectArn: PROJECT_ARN, VersionName: "worker-v1", state: "in-progress" });
    expect(training.ProjectVersionArn).toStartWith(`${PROJECT_ARN.replace(/\/\d+$/, "")}/version/worker-v1/`);

    const { training: ended, seen } = await cronUntilEnded("worker-v1");
    expect(ended).toMatchObject({ state: "completed", Status: "TRAINING_COMPLETED", nextCheckAt: null });
    expect(ended.F1Score).toBeNumber();
    expect(seen).toEqual(["TRAINING_IN_PROGRESS", "TRAINING_COMPLETED"]); // training takes 1.5 s on the server
  });

  test("a failed training is recorded with the service's StatusMessage", async () => {
    expect((await startTraining("fixture-TrainingFailed-worker")).status).toBe(202);
    const { training } = await cronUntilEnded("fixture-TrainingFailed-worker");
    expect(training).toMatchObject({ state: "failed", Status: "TRAINING_FAILED", nextCheckAt: null });
    expect(training.StatusMessage).toBeString();
  });

  test("a service exception answers with its name and the service's status", async () => {
    const answer = await startTraining("fixture-AccessDeniedException");
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: "AccessDeniedException" });
  });

  test("an invalid VersionName is refused with the validation issues, and nothing is stored", async () => {
    const answer = await startTraining("not a valid name!");
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { error: string; issues: { path: string }[] };
    expect(body.error).toBe("ValidationError");
    expect(body.issues.map(({ path }) => path)).toContain("VersionName");
    expect(await (await miniflare.dispatchFetch("http://worker.example/trainings/not%20a%20valid%20name!")).status).toBe(404);
  });
});
