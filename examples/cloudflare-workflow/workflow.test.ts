/**
 * The example Workflow Worker in the real workerd runtime (miniflare's local
 * Workflows engine), without nodejs_compat, against the standalone server
 * (`rekognition-edge serve`) on loopback. Run by CI: `bun test ./examples/`.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Miniflare } from "miniflare";
import { RekognitionClient } from "../../mod.ts";
import { SIMULATOR_CREDENTIALS } from "../../harness/simulator.ts";
import { ROOT, type WorkerBundle } from "../../scripts/bench-workers.ts";
import type { StandaloneServer } from "../../tests/node-smoke/standalone-server.ts";
import type { TrainingStepResult } from "../../workflows.ts";
import { type ExampleWorker, PROJECT_ARN, startExampleWorker } from "../../tests/example-worker.ts";
import type { StartedTraining, TrainedVersion } from "./worker.ts";

/** A fixed date in the past (Workflow bindings need 2024-10-22 or later): nothing newer is relied on. */
const COMPATIBILITY_DATE = "2024-10-22";
/** The free plan's limit on steps per instance; the local engine enforces what it is given. */
const STEP_LIMIT = 1024;
/** How many versions the server trains at once; more: LimitExceededException, as the service's quota. */
const TRAINING_SLOTS = 3;

let example: ExampleWorker;
let server: StandaloneServer;
let miniflare: Miniflare;
let bundle: WorkerBundle;

beforeAll(async () => {
  example = await startExampleWorker({
    source: `export { default, TrainingWorkflow } from "./examples/cloudflare-workflow/worker.ts";`,
    serveArgs: ["--training-seconds", "1", "--max-concurrent-trainings", String(TRAINING_SLOTS)],
    compatibilityDate: COMPATIBILITY_DATE,
    alias: { "rekognition-edge/workflows": `${ROOT}workflows.ts`, "rekognition-edge": `${ROOT}mod.ts` },
    external: ["cloudflare:*"],
    bindings: { MIN_DELAY_SECONDS: "0.2", MAX_DELAY_SECONDS: "1", MAX_WAIT_SECONDS: "120" },
    miniflare: { workflows: { TRAINING_WORKFLOW: { name: "rekognition-training", className: "TrainingWorkflow", stepLimit: STEP_LIMIT } } },
  });
  ({ server, miniflare, bundle } = example);
});

afterAll(() => example?.stop());

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
  for (const deadline = Date.now() + deadlineMs;; await new Promise((wake) => setTimeout(wake, 100))) {
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
  /** One request in the server's journal (`GET /__admin/requests`). */
  interface JournalEntry {
    operation: string | null;
    body: { VersionName?: string; VersionNames?: string[] } | null;
    response?: { status: number; errorType?: string; fault?: string };
  }
  interface ServerState {
    projects: { ProjectArn: string; Versions: { ProjectVersionArn: string; Status: string }[] }[];
  }

  const admin = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const answer = await fetch(`${server.endpoint}/__admin/${path}`, { ...init, headers: { "content-type": "application/json" } });
    if (!answer.ok) throw new Error(`/__admin/${path}: ${answer.status} ${await answer.text()}`);
    return (await answer.json()) as T;
  };
  const journal = async (operation: string) => (await admin<{ requests: JournalEntry[] }>(`requests?operation=${operation}`)).requests;
  const versionNameOf = (entry: JournalEntry) => entry.body?.VersionName ?? entry.body?.VersionNames?.[0];
  const nameOfArn = (arn: string) => arn.split("/version/")[1]!.split("/")[0]!;
  const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

  test(
    `12 instances, the service training ${TRAINING_SLOTS} at a time, two create answers lost, two instances paused and resumed: all trained, each created once, none errored`,
    async () => {
      await admin("requests", { method: "DELETE" });
      const names = Array.from({ length: 12 }, (_, index) => `fleet-${String(index + 1).padStart(2, "0")}`);
      const lost = names.slice(0, 2);
      for (const VersionName of lost) {
        await admin("responses", {
          method: "POST",
          body: JSON.stringify({ operation: "CreateProjectVersion", match: { VersionName }, respond: { fault: "LOST_ANSWER" } }),
        });
      }
      const startedAt = performance.now();
      // These two first, so that their creates find a training slot and commit before the answer is lost.
      const first = await startTrainings(lost);
      for (let polls = 0; (await journal("CreateProjectVersion")).filter(({ response }) => response?.fault === "LOST_ANSWER").length < 2; polls++) {
        if (polls > 200) throw new Error("the lost answers never happened");
        await sleep(25);
      }
      const rest = await startTrainings(names.slice(2)); // 10 more, for the one slot left
      const ids = [...first, ...rest].map(({ id }) => id);
      expect([...first, ...rest].every(({ started }) => started)).toBe(true);

      // A pause ends the engine's run of an instance; resume runs `run` again from the top, replaying its stored steps.
      await sleep(600);
      const binding = await workflowBinding();
      const paused = [ids[6]!, ids[11]!];
      for (const id of paused) await (await binding.get(id)).pause();
      await sleep(400);
      const pausedStatuses = await Promise.all(paused.map(async (id) => (await (await binding.get(id)).status()).status));
      for (const id of paused) await (await binding.get(id)).resume();

      const ended = await untilEnded(ids, 80_000);
      const wallMs = performance.now() - startedAt;
      expect(pausedStatuses).toEqual(["paused", "paused"]);
      expect(ended.map(({ status, error }) => [status, error])).toEqual(ids.map(() => ["complete", null]));

      // The server's state: each of the 12 versions once, trained.
      const state = await admin<ServerState>("state");
      const made = state.projects.find(({ ProjectArn }) => ProjectArn === PROJECT_ARN)!.Versions.filter(({ ProjectVersionArn }) =>
        names.includes(nameOfArn(ProjectVersionArn))
      );
      expect(made.map(({ ProjectVersionArn }) => nameOfArn(ProjectVersionArn)).sort()).toEqual(names);
      expect(made.every(({ Status }) => Status === "TRAINING_COMPLETED")).toBe(true);
      expect(ended.map(({ output }) => output!.ProjectVersionArn).sort()).toEqual(made.map(({ ProjectVersionArn }) => ProjectVersionArn).sort());

      // The journal: exactly one create per version committed (answered 200); the two lost ones were recognised, not repeated.
      const creates = await journal("CreateProjectVersion");
      const describes = await journal("DescribeProjectVersions");
      for (const name of names) {
        const mine = creates.filter((entry) => versionNameOf(entry) === name).map(({ response }) =>
          `${response?.status} ${response?.fault ?? response?.errorType ?? "created"}`
        );
        const committed = mine.filter((answer) => answer.startsWith("200"));
        expect([name, committed]).toEqual([name, [lost.includes(name) ? "200 LOST_ANSWER" : "200 created"]]);
        expect([name, mine.filter((answer) => !answer.startsWith("200") && answer !== "400 LimitExceededException")]).toEqual([
          name,
          lost.includes(name) ? ["400 ResourceInUseException"] : [],
        ]);
      }
      const limited = creates.filter(({ response }) => response?.errorType === "LimitExceededException").length;
      expect(limited).toBeGreaterThan(0);

      // Every request belongs to one stored step, and no step ran twice: replaying (after the pauses) re-sent nothing.
      const stepCounts: number[] = [];
      for (const [index, name] of names.entries()) {
        const results = await stepResultsOf(ids[index]!);
        stepCounts.push(results.length);
        const count = (step: TrainingStepResult["step"]) => results.filter((result) => result.step === step).length;
        const createOutcomes = results.filter((result) => result.step === "create").map(({ outcome }) => outcome);
        expect([name, count("begin"), createOutcomes.at(-1), createOutcomes.slice(0, -1).every((outcome) => outcome === "limit-exceeded")]).toEqual([
          name,
          1,
          "created",
          true,
        ]);
        const recognised = lost.includes(name) ? 1 : 0; // the create's retry after the lost answer, and the look-up that recognised the version
        expect([name, creates.filter((entry) => versionNameOf(entry) === name).length]).toEqual([name, count("create") + recognised]);
        expect([name, describes.filter((entry) => versionNameOf(entry) === name).length]).toEqual([name, count("begin") + count("check") + recognised]);
      }
      expect(Math.max(...stepCounts)).toBeLessThan(STEP_LIMIT);
      console.log(
        `fleet: ${ids.length} instances, ${TRAINING_SLOTS} training at once (1 s each), steps per instance ${Math.min(...stepCounts)}–${
          Math.max(...stepCounts)
        } ` +
          `(mean ${(stepCounts.reduce((a, b) => a + b, 0) / stepCounts.length).toFixed(1)}), wall time ${(wallMs / 1000).toFixed(1)} s, ` +
          `creates sent ${creates.length} (${limited} LimitExceededException, ${lost.length} answers lost) for ${made.length} versions made`,
      );
    },
    90_000,
  );
});
