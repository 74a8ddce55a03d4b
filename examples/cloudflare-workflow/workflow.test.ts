/**
 * The example Workflow Worker in the real workerd runtime (miniflare's local
 * Workflows engine), without nodejs_compat, against the standalone server
 * (`rekognition-edge serve`) on loopback. Run by CI: `bun test ./examples/`.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { RekognitionClient } from "../../mod.ts";
import { DEMO_PROJECTS, SIMULATOR_CREDENTIALS } from "../../fixtures/simulator.ts";
import { bundleForWorkers, ROOT } from "../../scripts/bench-workers.ts";
import { startStandaloneServer, type StandaloneServer } from "../../tests/node-smoke/standalone-server.ts";
import type { TrainingStepResult } from "../../workflows.ts";
import type { StartedTraining, TrainedVersion } from "./worker.ts";

const PROJECT_ARN = DEMO_PROJECTS.customLabels;
/** A fixed date in the past (Workflow bindings need 2024-10-22 or later): nothing newer is relied on. */
const COMPATIBILITY_DATE = "2024-10-22";
/** The free plan's limit on steps per instance; the local engine enforces what it is given. */
const STEP_LIMIT = 1024;

let server: StandaloneServer;
let miniflare: Miniflare;
let bundle: Awaited<ReturnType<typeof bundleForWorkers>>;
const scratch = mkdtempSync(join(tmpdir(), "rekognition-edge-workflow-"));

beforeAll(async () => {
  server = await startStandaloneServer([`${ROOT}node_modules/.bin/bun`, `${ROOT}bin/rekognition-edge.ts`, "serve", "--training-seconds", "1"]);
  bundle = await bundleForWorkers(`export { default, TrainingWorkflow } from "./examples/cloudflare-workflow/worker.ts";`, {
    platform: "neutral",
    minify: false,
    alias: { "rekognition-edge/workflows": `${ROOT}workflows.ts`, "rekognition-edge": `${ROOT}mod.ts` },
    external: ["cloudflare:*"],
  });
  const scriptPath = join(scratch, "worker.js");
  writeFileSync(scriptPath, bundle.code);
  miniflare = new Miniflare({
    scriptPath,
    modules: true,
    modulesRoot: scratch,
    compatibilityDate: COMPATIBILITY_DATE,
    workflows: { TRAINING_WORKFLOW: { name: "rekognition-training", className: "TrainingWorkflow", stepLimit: STEP_LIMIT } },
    bindings: {
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: SIMULATOR_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: SIMULATOR_CREDENTIALS.secretAccessKey,
      REKOGNITION_ENDPOINT: server.endpoint,
      PROJECT_ARN,
      OUTPUT_BUCKET: "training-output",
      MIN_DELAY_SECONDS: "0.2",
      MAX_DELAY_SECONDS: "1",
      MAX_WAIT_SECONDS: "120",
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

/** An instance's status as `GET /trainings/<id>` answers it. */
interface Training {
  id: string;
  status: string;
  output: TrainedVersion | null;
  error: { name: string; message: string } | null;
}

const post = (versions: unknown) => miniflare.dispatchFetch("http://worker.example/trainings", { method: "POST", body: JSON.stringify({ versions }) });
const startTrainings = async (names: string[]) => {
  const answer = await post(names.map((VersionName) => ({ VersionName })));
  expect(answer.status).toBe(202);
  return ((await answer.json()) as { trainings: StartedTraining[] }).trainings;
};
const readTraining = async (id: string) => (await (await miniflare.dispatchFetch(`http://worker.example/trainings/${id}`)).json()) as Training;

/** Polls the instances until none is queued, running or waiting; their last statuses. */
async function untilEnded(ids: string[], deadlineMs = 50_000): Promise<Training[]> {
  for (const deadline = Date.now() + deadlineMs; ; await new Promise((wake) => setTimeout(wake, 100))) {
    const trainings = await Promise.all(ids.map(readTraining));
    if (trainings.every(({ status }) => !["queued", "running", "waiting", "unknown"].includes(status))) return trainings;
    if (Date.now() > deadline) throw new Error(`not ended within ${deadlineMs} ms: ${JSON.stringify(trainings.map(({ id, status }) => [id, status]))}`);
  }
}

/** The Workflow binding, from Node (miniflare proxies it). */
interface InstanceHandle {
  pause(): Promise<void>;
  resume(): Promise<void>;
  status(): Promise<{ status: string; __LOCAL_DEV_STEP_OUTPUTS: TrainingStepResult[] }>;
}
const workflowBinding = async () => ((await miniflare.getBindings()) as { TRAINING_WORKFLOW: { get(id: string): Promise<InstanceHandle> } }).TRAINING_WORKFLOW;

/** The results of the `step.do` steps an instance finished (miniflare's local status lists them). */
async function stepResultsOf(id: string): Promise<TrainingStepResult[]> {
  return (await (await (await workflowBinding()).get(id)).status()).__LOCAL_DEV_STEP_OUTPUTS;
}

/** The versions of the project on the server, by name. */
async function versionsOnServer(): Promise<Map<string, { Status?: string; ProjectVersionArn?: string }>> {
  const client = new RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, endpoint: server.endpoint });
  const { ProjectVersionDescriptions = [] } = await client.describeProjectVersions({ ProjectArn: PROJECT_ARN, MaxResults: 100 });
  return new Map(ProjectVersionDescriptions.map((description) => [description.ProjectVersionArn!.split("/version/")[1]!.split("/")[0]!, description]));
}

describe("the example Workflow Worker in workerd, against the standalone server", () => {
  test("its bundle imports no Node built-in and only cloudflare:workers from the runtime; no nodejs_compat", () => {
    expect(bundle.nodeImports).toEqual([]);
    expect([...bundle.code.matchAll(/^import .* from "([^"]+)";$/gm)].map((match) => match[1])).toEqual(["cloudflare:workers"]);
    expect(COMPATIBILITY_DATE < new Date().toISOString().slice(0, 10)).toBe(true);
  });

  test("POST /trainings trains each version in its own instance to TRAINING_COMPLETED; GET /trainings/<id> reports it", async () => {
    const names = ["solo-1", "solo-2"];
    const started = await startTrainings(names);
    expect(started.map(({ VersionName, started: fresh }) => [VersionName, fresh])).toEqual(names.map((name) => [name, true]));
    expect(new Set(started.map(({ id }) => id)).size).toBe(2);
    const ended = await untilEnded(started.map(({ id }) => id));
    for (const training of ended) {
      expect(training).toMatchObject({ status: "complete", error: null, output: { Status: "TRAINING_COMPLETED", BillableTrainingTimeInSeconds: 1 } });
      expect(training.output!.F1Score).toBeNumber();
    }
    const versions = await versionsOnServer();
    expect(ended.map(({ output }) => output!.ProjectVersionArn)).toEqual(names.map((name) => versions.get(name)!.ProjectVersionArn!));
  });

  test("posting the same batch again starts nothing: the instance ids are derived from the versions", async () => {
    const first = await startTrainings(["again-1"]);
    const second = await startTrainings(["again-1"]);
    expect(second).toEqual([{ ...first[0]!, started: false }]);
    expect((await untilEnded([first[0]!.id]))[0]!.status).toBe("complete");
  });

  test("a bad batch is refused with the issues, before any instance starts", async () => {
    const answer = await post([{ VersionName: "fine-name" }, { VersionName: "not a valid name!" }]);
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { issues: { path: string }[] }).issues.map(({ path }) => path)).toEqual(["versions[1].VersionName"]);
    expect((await post([])).status).toBe(400);
    expect((await post(Array.from({ length: 26 }, (_, index) => ({ VersionName: `many-${index}` })))).status).toBe(400); // at most 25 per request
    const unknown = await miniflare.dispatchFetch("http://worker.example/trainings/fine-name-000000000000000000000000");
    expect(unknown.status).toBe(404);
  });

  test("a failed training ends the instance as errored with TrainingFailedError and the service's reason, after one look", async () => {
    const [started] = await startTrainings(["fixture-TrainingFailed-workflow"]);
    const [ended] = await untilEnded([started!.id]);
    expect(ended!.status).toBe("errored");
    expect(ended!.error!.message).toContain("TrainingFailedError");
    expect(ended!.error!.message).toContain("The manifest file contains too many invalid data rows.");
  });

  test("a permanent error (AccessDeniedException) ends the instance at once, nothing retried", async () => {
    const [started] = await startTrainings(["fixture-AccessDeniedException"]);
    const [ended] = await untilEnded([started!.id], 10_000);
    expect(ended!.status).toBe("errored");
    expect(ended!.error!.message).toContain("AccessDeniedException");
    expect((await stepResultsOf(started!.id)).map(({ step, outcome }) => `${step} ${outcome}`)).toEqual(["begin began", "create error"]); // stored, not retried
  });
});

describe("a fleet of trainings in workerd", () => {
  test("12 instances, two creates whose answers are lost, two instances paused and resumed: every version trained once, none errored", async () => {
    const names = Array.from({ length: 12 }, (_, index) => `fleet-${String(index + 1).padStart(2, "0")}`);
    names[3] = "fixture-LostAnswer-fleet-04"; // the server commits the create, then drops the connection
    names[8] = "fixture-LostAnswer-fleet-09";
    const startedAt = performance.now();
    const started = await startTrainings(names);
    const ids = started.map(({ id }) => id);

    // A pause ends the engine's run of an instance; resume runs `run` again from the top, replaying the stored steps.
    const TRAINING_WORKFLOW = await workflowBinding();
    await new Promise((wake) => setTimeout(wake, 400));
    const paused = [ids[1]!, ids[3]!];
    for (const id of paused) await (await TRAINING_WORKFLOW.get(id)).pause();
    await new Promise((wake) => setTimeout(wake, 300));
    const pausedStatuses = await Promise.all(paused.map(async (id) => (await (await TRAINING_WORKFLOW.get(id)).status()).status));
    for (const id of paused) await (await TRAINING_WORKFLOW.get(id)).resume();

    const ended = await untilEnded(ids);
    const wallMs = performance.now() - startedAt;
    expect(pausedStatuses.every((status) => ["paused", "waitingForPause"].includes(status))).toBe(true); // training takes 1 s
    expect(ended.map(({ status, error }) => [status, error])).toEqual(ids.map(() => ["complete", null]));
    const versions = await versionsOnServer();
    for (const [index, name] of names.entries()) {
      expect([name, versions.get(name)?.Status]).toEqual([name, "TRAINING_COMPLETED"]);
      expect(ended[index]!.output!.ProjectVersionArn).toBe(versions.get(name)!.ProjectVersionArn!);
    }
    const steps = await Promise.all(ids.map(async (id) => (await stepResultsOf(id)).length));
    expect(Math.max(...steps)).toBeLessThan(STEP_LIMIT);
    console.log(`fleet: ${ids.length} instances, steps per instance ${Math.min(...steps)}–${Math.max(...steps)}, wall time ${Math.round(wallMs)} ms`);
  }, 60_000);
});
