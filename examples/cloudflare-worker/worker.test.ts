/**
 * The example Worker in the real workerd runtime (miniflare), without
 * nodejs_compat, against the standalone server (`rekognition-edge serve`) on
 * loopback. Run by CI: `bun test ./examples/`.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { DEMO_PROJECTS, SIMULATOR_CREDENTIALS } from "../../fixtures/simulator.ts";
import { bundleForWorkers, ROOT } from "../../scripts/bench-workers.ts";
import { startStandaloneServer, type StandaloneServer } from "../../tests/node-smoke/standalone-server.ts";
import type { Training } from "./worker.ts";

const PROJECT_ARN = DEMO_PROJECTS.customLabels;
/** A fixed date in the past: the Worker must not depend on newer runtime behaviour. */
const COMPATIBILITY_DATE = "2024-09-23";

let server: StandaloneServer;
let miniflare: Miniflare;
let nodeImports: string[];
const scratch = mkdtempSync(join(tmpdir(), "rekognition-edge-worker-"));

beforeAll(async () => {
  server = await startStandaloneServer([`${ROOT}node_modules/.bin/bun`, `${ROOT}bin/rekognition-edge.ts`, "serve", "--training-seconds", "1.5"]);
  const bundle = await bundleForWorkers(`export { default } from "./examples/cloudflare-worker/worker.ts";`, {
    platform: "neutral",
    minify: false,
    alias: { "rekognition-edge": `${ROOT}mod.ts` },
  });
  nodeImports = bundle.nodeImports;
  const scriptPath = join(scratch, "worker.js");
  writeFileSync(scriptPath, bundle.code);
  miniflare = new Miniflare({
    scriptPath,
    modules: true,
    modulesRoot: scratch,
    compatibilityDate: COMPATIBILITY_DATE,
    kvNamespaces: ["TRAININGS"],
    bindings: {
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: SIMULATOR_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: SIMULATOR_CREDENTIALS.secretAccessKey,
      REKOGNITION_ENDPOINT: server.endpoint,
      PROJECT_ARN,
      OUTPUT_BUCKET: "training-output",
      MIN_CHECK_SECONDS: "0.2",
    },
  });
  await miniflare.ready;
});

afterAll(async () => {
  try {
    await miniflare?.dispose(); // throws if workerd never started
  } finally {
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
});

const startTraining = (VersionName: string) =>
  miniflare.dispatchFetch("http://worker.example/trainings", { method: "POST", body: JSON.stringify({ VersionName }) });
const readTraining = async (VersionName: string) => (await (await miniflare.dispatchFetch(`http://worker.example/trainings/${VersionName}`)).json()) as Training;

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
