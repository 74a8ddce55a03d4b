/**
 * trainProjectVersion (rekognition-edge/workflows) against the simulator, with
 * a `step` that stores and replays steps as the Workflows engine does
 * (tests/workflow-step.ts): restarts mid-run, lost answers, LimitExceeded
 * backoff, maxWaitTime, permanent and retryable errors, training failure, and
 * what a day of training costs in steps.
 */
import { describe, expect, test } from "bun:test";
import {
  AccessDeniedException,
  type CreateProjectVersionInput,
  InvalidParameterException,
  LimitExceededException,
  MalformedResponseError,
  ProjectVersionNotFoundError,
  ProjectVersionUnusableError,
  RekognitionClient,
  ResourceInUseException,
  ResourceNotFoundException,
  TrainingFailedError,
  type Transport,
  ValidationError,
  WaiterTimeoutError,
} from "../mod.ts";
import * as workflowsEntry from "../workflows.ts";
import { VirtualClock } from "../harness/clock.ts";
import { scenarioResponse, SCENARIOS } from "../fixtures/scenarios.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { bundleForWorkers } from "../scripts/bench-workers.ts";
import {
  fromWire,
  slotWaitMs,
  toWire,
  trainingStepNames,
  type TrainingStepResult,
  trainProjectVersion,
  type TrainProjectVersionOptions,
} from "../src/train-project-version.ts";
import { jsonAnswer } from "./helpers.ts";
import { ReplayingStep } from "./workflow-step.ts";

const PROJECT = DEMO_PROJECTS.customLabels;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const input = (VersionName = "v1"): CreateProjectVersionInput => ({
  ProjectArn: PROJECT,
  VersionName,
  OutputConfig: { S3Bucket: "training-output", S3KeyPrefix: `${VersionName}/` },
});

/** One request the client sent: its operation, the version it named, and the status answered (0: lost). */
interface Call {
  operation: string;
  VersionName: string;
  status: number;
}

/** Answers a request instead of the simulator, or returns undefined to let it through. */
type Intercept = (call: { operation: string; body: Record<string, unknown>; index: number }) => Response | undefined;

interface WorldOptions {
  trainingSeconds?: number;
  maxAttempts?: number;
  intercept?: Intercept;
  stepLimit?: number;
  /** The simulator's training quota: more versions in training get LimitExceededException. */
  maxConcurrentTrainings?: number;
}

/** The simulator, a client, a replaying step, all on one virtual clock; every request recorded. */
function world({ trainingSeconds = HOUR / SECOND, maxAttempts = 3, intercept, stepLimit, maxConcurrentTrainings }: WorldOptions = {}) {
  const clock = new VirtualClock();
  const simulator = new RekognitionSimulator({ clock, trainingSeconds, ...(maxConcurrentTrainings === undefined ? {} : { maxConcurrentTrainings }) });
  const calls: Call[] = [];
  const fetch: Transport = async (url, init) => {
    const operation = new Headers(init.headers).get("x-amz-target")!.split(".")[1]!;
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    const call: Call = { operation, VersionName: String(body.VersionName ?? (body.VersionNames as string[] | undefined)?.[0]), status: 0 };
    calls.push(call);
    const answer = intercept?.({ operation, body, index: calls.filter((other) => other.operation === operation).length }) ?? (await simulator.fetch(url, init));
    call.status = answer.status;
    return answer;
  };
  const client = new RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, fetch, clock, random: () => 0.5, maxAttempts });
  const step = new ReplayingStep({ clock, ...(stepLimit ? { stepLimit } : {}) });
  const options = (extra: TrainProjectVersionOptions = {}): TrainProjectVersionOptions => ({ clock, random: () => 0.5, ...extra });
  const train = (version = input(), extra: TrainProjectVersionOptions = {}) => step.replay(() => trainProjectVersion(step, client, version, options(extra)));
  const summary = (operation?: string) =>
    calls.filter((call) => !operation || call.operation === operation).map(({ operation: name, status }) => `${name} ${status || "lost"}`);
  return { clock, simulator, client, step, calls, train, summary };
}

type World = ReturnType<typeof world>;

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("trainProjectVersion resolved"),
    (error: unknown) => error as Error,
  );

/** The results the `do` steps stored, in order, of the last run. */
const storedResults = (step: ReplayingStep) => step.eventsOf("do", step.runs).map((event) => event.value as TrainingStepResult);
const doNames = (step: ReplayingStep, run?: number) => step.eventsOf("do", run).map((event) => event.name);
const sleeps = (step: ReplayingStep, run?: number) => step.eventsOf("sleep", run).map(({ name, durationMs }) => [name, durationMs] as const);
const limitExceeded = () => scenarioResponse(SCENARIOS["create-LimitExceededException"]);

describe("a training, step by step", () => {
  test("begin, create, then wait and check until TRAINING_COMPLETED; resolves with the description, dates re-hydrated", async () => {
    const { step, simulator, train, summary } = world({ trainingSeconds: 30 * MINUTE / SECOND });
    const version = await train();
    const [made] = simulator.versions(PROJECT);

    expect(version.ProjectVersionArn).toBe(made!.arn);
    expect(version.Status).toBe("TRAINING_COMPLETED");
    expect(version.CreationTimestamp).toBeInstanceOf(Date);
    expect(version.CreationTimestamp!.getTime()).toBe(made!.createdAt);
    expect(version.TrainingEndTimestamp).toEqual(new Date(made!.createdAt + 30 * MINUTE));
    expect(version.EvaluationResult?.F1Score).toBeNumber();

    // Waits of minDelay (2 min) while a tenth of the training time is less, then a tenth: 30 minutes take 15 looks.
    const names = trainingStepNames("train v1");
    const polls = Array.from({ length: 15 }, (_, index) => index + 1);
    expect(doNames(step)).toEqual([names.begin, names.create(1), ...polls.map(names.check)]);
    const waits = [...Array(11).fill(2 * MINUTE), 132_000, 145_200, 159_720, 175_692];
    expect(sleeps(step)).toEqual(polls.map((poll) => [names.wait(poll), waits[poll - 1]!]));
    expect(summary("CreateProjectVersion")).toEqual(["CreateProjectVersion 200"]);
    expect(summary("DescribeProjectVersions")).toHaveLength(16); // begin + 15 checks
    expect(step.eventsOf("do").every((event) => event.attempts === 1)).toBe(true);
  });

  test("every step result is plain JSON data: the description in its wire form (epoch seconds)", async () => {
    const { step, train } = world({ trainingSeconds: 10 * MINUTE / SECOND });
    await train(); // the replaying step refuses anything but plain JSON data
    const [begin, created, ...checks] = storedResults(step);
    expect(begin).toMatchObject({ step: "begin", outcome: "began", existingVersionArn: null });
    expect(created).toMatchObject({ step: "create", outcome: "created", reconciled: false });
    const last = checks.at(-1)!;
    expect(last).toMatchObject({ step: "check", outcome: "completed", nextPollAfterMs: null });
    const description = (last as Extract<TrainingStepResult, { step: "check"; outcome: "completed" | "failed" | "in-progress" }>).description;
    expect(typeof description.CreationTimestamp).toBe("number");
    expect(JSON.parse(JSON.stringify(description))).toEqual(description);
  });

  test("the waits grow with the training time (checkTraining's nextPollAfterMs), bounded by minDelay and maxDelay", async () => {
    const { step, train } = world({ trainingSeconds: 3 * HOUR / SECOND });
    await train(input(), { minDelay: 60, maxDelay: 600 });
    const durations = sleeps(step).map(([, durationMs]) => durationMs);
    expect(durations[0]).toBe(MINUTE);
    expect(Math.min(...durations)).toBe(MINUTE);
    expect(Math.max(...durations)).toBe(10 * MINUTE);
    expect(durations).toEqual([...durations].sort((a, b) => a - b)); // never shrinks
    const checks = storedResults(step).filter((result) => result.step === "check" && result.outcome === "in-progress");
    // Each wait is the one the previous check asked for.
    expect(durations.slice(1)).toEqual(checks.map((check) => (check as { nextPollAfterMs: number }).nextPollAfterMs));
  });

  test("step names are deterministic and unique; a day of training takes 120 steps, well under the free plan's 1,024", async () => {
    const runs = [world({ trainingSeconds: 24 * HOUR / SECOND }), world({ trainingSeconds: 24 * HOUR / SECOND })];
    for (const { train } of runs) await train();
    const [first, second] = runs.map(({ step }) => step);
    expect(doNames(first!)).toEqual(doNames(second!));
    expect(new Set(doNames(first!)).size).toBe(doNames(first!).length);
    expect(new Set(sleeps(first!).map(([name]) => name)).size).toBe(sleeps(first!).length);
    expect(first!.stepsThisRun).toBe(120);
  });

  test("the `name` option prefixes every step; a prefix too long for a step name is refused before any step", async () => {
    const { step, train } = world({ trainingSeconds: 5 * MINUTE / SECOND });
    await train(input(), { name: "customer-42 adapter" });
    expect(doNames(step).every((name) => name.startsWith("customer-42 adapter: "))).toBe(true);

    const long = world();
    const error = (await rejection(long.train(input("v".repeat(230))))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((issue) => issue.path)).toEqual(["name"]);
    expect(long.step.events).toEqual([]);
    // 218 characters of VersionName still fit: "train " + 218 + the longest suffix = 256.
    const fits = world({ trainingSeconds: 1 });
    await fits.train(input("v".repeat(218)));
    expect(Math.max(...fits.step.events.map((event) => event.name.length))).toBeLessThanOrEqual(256);
    // The longest `name` allowed: the same 224 characters.
    const longest = world({ trainingSeconds: 1 });
    await longest.train(input(), { name: "n".repeat(256 - ": wait for a training slot 99999".length) });
    expect(Math.max(...longest.step.events.map((event) => event.name.length))).toBeLessThanOrEqual(256);
  });
});

describe("replay after a restart", () => {
  test("a crash mid-sleep: the rerun replays every finished step from storage, re-sleeps nothing, sends nothing twice", async () => {
    const { step, train, summary } = world({ trainingSeconds: 30 * MINUTE / SECOND });
    const names = trainingStepNames("train v1");
    step.crashAt((point) => point.kind === "sleep" && point.name === names.wait(4));
    await train();

    expect(step.runs).toBe(2);
    const replayed = step.eventsOf("do", 2).filter((event) => event.replayed).map((event) => event.name);
    expect(replayed).toEqual([names.begin, names.create(1), names.check(1), names.check(2), names.check(3)]);
    // Every sleep that had ended returns at once on the rerun: their durations came from stored results.
    const rerunSleeps = step.eventsOf("sleep", 2);
    expect(rerunSleeps.slice(0, 3).map((event) => event.replayed)).toEqual([true, true, true]);
    expect(rerunSleeps[3]).toMatchObject({ name: names.wait(4), replayed: false, durationMs: 2 * MINUTE });
    // One request per step that ran: the begin, one create, and the 15 checks of 30 minutes, none twice.
    expect(summary("CreateProjectVersion")).toEqual(["CreateProjectVersion 200"]);
    expect(summary("DescribeProjectVersions")).toHaveLength(1 + 15);
  });

  test("a crash after the create committed, before its result was stored: the create step runs again and recognises its own version", async () => {
    const { step, simulator, train, summary } = world({ trainingSeconds: 10 * MINUTE / SECOND });
    const names = trainingStepNames("train v1");
    step.crashAt((point) => point.kind === "do" && point.name === names.create(1) && point.phase === "after");
    const version = await train();

    expect(step.runs).toBe(2);
    expect(simulator.versions(PROJECT)).toHaveLength(1);
    expect(version.ProjectVersionArn).toBe(simulator.versions(PROJECT)[0]!.arn);
    expect(summary().slice(0, 4)).toEqual([
      "DescribeProjectVersions 200", // begin (stored before the crash)
      "CreateProjectVersion 200", // committed; the crash lost its result
      "CreateProjectVersion 400", // the rerun: ResourceInUseException
      "DescribeProjectVersions 200", // created after begin: ours
    ]);
    expect(step.eventsOf("do", 2)[0]).toMatchObject({ name: names.begin, replayed: true });
    expect(step.eventsOf("do", 2)[1]).toMatchObject({ name: names.create(1), replayed: false, value: { outcome: "created", reconciled: true } });
  });

  test("a crash before a check ran: the check runs once, on the rerun", async () => {
    const { step, train, summary } = world({ trainingSeconds: 5 * MINUTE / SECOND });
    const names = trainingStepNames("train v1");
    step.crashAt((point) => point.kind === "do" && point.name === names.check(2) && point.phase === "before");
    await train();
    expect(step.eventsOf("do").filter((event) => event.name === names.check(2)).map((event) => event.outcome)).toEqual(["crashed", "stored"]);
    expect(summary("DescribeProjectVersions")).toHaveLength(1 + 3); // begin + checks 1, 2, 3 (5 minutes: 2 + 2 + 1)
  });
});

describe("the create, safe when the answer is lost", () => {
  test("a lost answer: the client's retry meets ResourceInUseException, and the same step recognises the version", async () => {
    const { step, simulator, train, summary } = world({ trainingSeconds: 5 * MINUTE / SECOND });
    simulator.loseNextAnswer();
    const version = await train();
    expect(simulator.versions(PROJECT)).toHaveLength(1);
    expect(version.ProjectVersionArn).toBe(simulator.versions(PROJECT)[0]!.arn);
    expect(summary().slice(0, 4)).toEqual([
      "DescribeProjectVersions 200",
      "CreateProjectVersion lost",
      "CreateProjectVersion 400",
      "DescribeProjectVersions 200",
    ]);
    expect(storedResults(step)[1]).toMatchObject({ step: "create", outcome: "created", reconciled: true });
    expect(step.eventsOf("do")[1]!.attempts).toBe(1);
  });

  test("a lost answer with no client retry left: the step's retry recognises the version", async () => {
    const { step, simulator, train, summary } = world({ trainingSeconds: 5 * MINUTE / SECOND, maxAttempts: 1 });
    simulator.loseNextAnswer();
    await train(input(), { stepConfig: { retries: { limit: 3, delay: "5 seconds", backoff: "constant" } } });
    expect(simulator.versions(PROJECT)).toHaveLength(1);
    expect(step.eventsOf("do")[1]).toMatchObject({ attempts: 2, retryDelaysMs: [5 * SECOND], value: { outcome: "created", reconciled: true } });
    expect(summary("CreateProjectVersion")).toEqual(["CreateProjectVersion lost", "CreateProjectVersion 400"]);
  });

  test("a version of that name made before the workflow began is a real conflict: ResourceInUseException at once, nothing adopted", async () => {
    const { step, client, clock, train, summary } = world();
    await client.createProjectVersion(input());
    clock.advance(MINUTE);
    const error = await rejection(train());
    expect(error).toBeInstanceOf(ResourceInUseException);
    expect((error as ResourceInUseException).$metadata.httpStatusCode).toBe(400);
    expect(storedResults(step).map((result) => `${result.step} ${result.outcome}`)).toEqual(["begin began", "create error"]);
    expect(storedResults(step)[0]).toMatchObject({ existingVersionArn: expect.stringContaining("/version/v1/") });
    expect(summary("CreateProjectVersion")).toEqual(["CreateProjectVersion 200", "CreateProjectVersion 400"]);
    expect(step.eventsOf("sleep")).toEqual([]);
  });

  test("a lost answer, then a failed look-up of the version (503): the step is tried again and then recognises it", async () => {
    const flakyLookUp: Intercept = ({ operation, index }) =>
      operation === "DescribeProjectVersions" && index === 2 ? jsonAnswer(503, { __type: "ServiceUnavailable", message: "try later" }) : undefined;
    const { step, simulator, train, summary } = world({ trainingSeconds: MINUTE / SECOND, maxAttempts: 1, intercept: flakyLookUp });
    simulator.loseNextAnswer();
    await train(input(), { stepConfig: { retries: { limit: 2, delay: 1000, backoff: "constant" } } });
    expect(summary().slice(0, 6)).toEqual([
      "DescribeProjectVersions 200",
      "CreateProjectVersion lost",
      "CreateProjectVersion 400",
      "DescribeProjectVersions 503",
      "CreateProjectVersion 400",
      "DescribeProjectVersions 200",
    ]);
    expect(step.eventsOf("do")[1]).toMatchObject({ attempts: 3, value: { outcome: "created", reconciled: true } });
    expect(simulator.versions(PROJECT)).toHaveLength(1);
  });

  test("a version made a second before the workflow began, seen by begin, is a conflict too (the creation time alone would pass it)", async () => {
    const { client, clock, train } = world();
    await client.createProjectVersion(input());
    clock.advance(SECOND);
    expect(await rejection(train())).toBeInstanceOf(ResourceInUseException);
  });

  // When `begin` cannot see a version made just before (an eventually consistent read), the creation time decides,
  // judged by the client (`reconcile: { since }`) on the service's clock measured from its Date header, to 2 s
  // (the client's MEASURED_SKEW_MS): pinned at both ends. The workflow begins on a whole second, as the Date
  // header has, so the service's clock is measured exactly.
  for (
    const [beforeMs, ours] of [
      [1_500, true],
      [2_500, false],
    ] as const
  ) {
    test(`unseen by begin, made ${beforeMs} ms before the workflow began: ${ours ? "counted as its own" : "a conflict"}`, async () => {
      const hideFirstDescribe: Intercept = ({ operation, index }) =>
        operation === "DescribeProjectVersions" && index === 1 ? jsonAnswer(200, { ProjectVersionDescriptions: [] }) : undefined;
      const { client, clock, simulator, train, summary } = world({ trainingSeconds: MINUTE / SECOND, intercept: hideFirstDescribe });
      clock.advance(SECOND - (beforeMs % SECOND)); // so that the workflow begins on a whole second
      await client.createProjectVersion(input()).catch(() => {}); // the intercept is not involved: creates pass
      clock.advance(beforeMs);
      expect(clock.now() % SECOND).toBe(0);
      const outcome = train();
      if (ours) expect((await outcome).ProjectVersionArn).toBe(simulator.versions(PROJECT)[0]!.arn);
      else expect(await rejection(outcome)).toBeInstanceOf(ResourceInUseException);
      // Decided by the client's look-up after the conflict, not by begin's (hidden) one.
      expect(summary().slice(0, 4)).toEqual([
        "CreateProjectVersion 200",
        "DescribeProjectVersions 200",
        "CreateProjectVersion 400",
        "DescribeProjectVersions 200",
      ]);
    });
  }
});

describe("LimitExceededException: too many trainings at once", () => {
  test("waited out with durable sleeps backing off from minDelay to maxDelay, not with step retries", async () => {
    const fourTimes: Intercept = ({ operation, index }) => (operation === "CreateProjectVersion" && index <= 4 ? limitExceeded() : undefined);
    const { step, train, summary } = world({ trainingSeconds: 5 * MINUTE / SECOND, intercept: fourTimes });
    await train(input(), { minDelay: 120, maxDelay: 900 });
    const names = trainingStepNames("train v1");
    // random 0.5: half the ceiling plus a quarter, the ceiling doubling from minDelay: 120 (floor), 180, 360, 675 s.
    expect(sleeps(step).slice(0, 4)).toEqual([
      [names.slot(1), 120 * SECOND],
      [names.slot(2), 180 * SECOND],
      [names.slot(3), 360 * SECOND],
      [names.slot(4), 675 * SECOND],
    ]);
    expect(doNames(step).slice(0, 6)).toEqual([names.begin, names.create(1), names.create(2), names.create(3), names.create(4), names.create(5)]);
    expect(step.eventsOf("do").every((event) => event.attempts === 1)).toBe(true);
    expect(summary("CreateProjectVersion")).toEqual([...Array(4).fill("CreateProjectVersion 400"), "CreateProjectVersion 200"]);
  });

  test("against the simulator's training quota: waits until the version in training ends, then creates", async () => {
    const { step, client, clock, simulator, train } = world({ trainingSeconds: 30 * MINUTE / SECOND, maxConcurrentTrainings: 1 });
    await client.createProjectVersion(input("other")); // takes the only slot for 30 minutes
    const startedAt = clock.now();
    const version = await train(input("v1"));
    const names = trainingStepNames("train v1");
    // 120 + 180 + 360 + 675 s = 22.25 min, then 675 s more: the 6th create, at 33.5 min, finds the slot free.
    expect(sleeps(step).filter(([name]) => name.includes("slot"))).toEqual([
      [names.slot(1), 120 * SECOND],
      [names.slot(2), 180 * SECOND],
      [names.slot(3), 360 * SECOND],
      [names.slot(4), 675 * SECOND],
      [names.slot(5), 675 * SECOND],
    ]);
    expect(version.CreationTimestamp!.getTime() - startedAt).toBe(2010 * SECOND);
    expect(simulator.versions(PROJECT).map(({ name, status }) => [name, status])).toEqual([
      ["v1", "TRAINING_COMPLETED"],
      ["other", "TRAINING_COMPLETED"],
    ]);
  });

  test("each wait lies between minDelay and maxDelay, and at least half its ceiling (bounds the steps a long wait takes)", () => {
    for (const random of [() => 0, () => 0.5, () => 0.999_999]) {
      for (let attempt = 1; attempt <= 20; attempt++) {
        const wait = slotWaitMs({ attempt, minDelayMs: 120_000, maxDelayMs: 900_000, random });
        const ceiling = Math.min(900_000, 120_000 * 2 ** (attempt - 1));
        expect([attempt, wait >= 120_000 && wait <= 900_000 && wait >= ceiling / 2 && wait <= ceiling]).toEqual([attempt, true]);
      }
    }
    expect(slotWaitMs({ attempt: 30, minDelayMs: 120_000, maxDelayMs: 900_000, random: () => 0 })).toBe(450_000);
  });

  test("the jitter is drawn inside the create step, so a replay sleeps the same durations", async () => {
    let calls = 0;
    const twice: Intercept = ({ operation, index }) => (operation === "CreateProjectVersion" && index <= 2 ? limitExceeded() : undefined);
    const { step, client, clock } = world({ trainingSeconds: MINUTE / SECOND, intercept: twice });
    const names = trainingStepNames("train v1");
    step.crashAt((point) => point.kind === "sleep" && point.name === names.slot(2));
    await step.replay(() => trainProjectVersion(step, client, input(), { clock, random: () => [0.1, 0.9, 0.3, 0.7][calls++ % 4]! }));
    const [first, second] = [1, 2].map((run) => sleeps(step, run).filter(([name]) => name.includes("slot")));
    expect(first).toHaveLength(2);
    expect(second).toEqual(first!);
    expect(step.eventsOf("sleep", 2).filter(({ name }) => name.includes("slot")).map((event) => event.replayed)).toEqual([true, false]);
  });

  test("maxWaitTime is the whole training's limit: still no slot at the deadline → WaiterTimeoutError with the LimitExceededException", async () => {
    const { step, clock, train } = world();
    const startedAt = clock.now();
    const error = (await rejection(train(input("fixture-LimitExceededException"), { maxWaitTime: 1000, minDelay: 120, maxDelay: 300 }))) as WaiterTimeoutError;
    expect(error).toBeInstanceOf(WaiterTimeoutError);
    expect(error.lastError).toBeInstanceOf(LimitExceededException);
    expect(error.elapsedMs).toBe(1000 * SECOND);
    expect(clock.now()).toBe(startedAt + 1000 * SECOND); // the last sleep was cut to end at the deadline, then one last try
    const waits = sleeps(step).map(([, durationMs]) => durationMs);
    expect(waits).toEqual([120_000, 180_000, 225_000, 225_000, 225_000, 25_000]); // 1000 s in all
    expect(error.attempts).toBe(waits.length + 1);
    expect(doNames(step).some((name) => name.includes("check"))).toBe(false);
  });

  test("the deadline is fixed when the workflow begins: a restart does not extend maxWaitTime", async () => {
    const { step, clock, train } = world();
    const startedAt = clock.now();
    step.crashAt((point) => point.kind === "sleep" && point.name === trainingStepNames("train fixture-LimitExceededException").slot(3));
    const error = (await rejection(train(input("fixture-LimitExceededException"), { maxWaitTime: 1000, minDelay: 120, maxDelay: 300 }))) as WaiterTimeoutError;
    expect(step.runs).toBe(2);
    expect(error.elapsedMs).toBe(1000 * SECOND);
    expect(clock.now()).toBe(startedAt + 1000 * SECOND);
  });

  test("a worst case (smallest jitter): a day waiting for a slot, then a day of training, stays under 1,024 steps", async () => {
    const oneDay = 24 * HOUR;
    let clockNow = () => 0;
    const limitedForADay: Intercept = ({ operation }) => (operation === "CreateProjectVersion" && clockNow() < oneDay ? limitExceeded() : undefined);
    const { step, client, clock } = world({ trainingSeconds: oneDay / SECOND, intercept: limitedForADay });
    const start = clock.now();
    clockNow = () => clock.now() - start;
    await step.replay(() => trainProjectVersion(step, client, input(), { clock, random: () => 0, maxWaitTime: 3 * 24 * 3600 }));
    const creates = doNames(step).filter((name) => name.includes("create")).length;
    expect(creates).toBe(195); // waits of 120, 120, 240, then 450 s (half of maxDelay: the smallest jitter)
    expect(step.stepsThisRun).toBe(1 + creates + 118); // begin, the creates, the checks of a day of training
    expect(step.stepsThisRun).toBeLessThan(1024);
  });
});

describe("errors", () => {
  test("throttling, 5xx and network errors are left to the step's retries (stepConfig)", async () => {
    const { step, train } = world({ maxAttempts: 1 });
    const error = await rejection(train(input("fixture-ThrottlingException"), { stepConfig: { retries: { limit: 2, delay: 1000, backoff: "exponential" } } }));
    expect(error.name).toBe("ThrottlingException");
    expect(step.eventsOf("do")[1]).toMatchObject({
      name: "train fixture-ThrottlingException: create 1",
      attempts: 3,
      retryDelaysMs: [1000, 2000],
      outcome: "failed",
    });
    // Throttling with a 400 (a client fault): retried for its type.
    const throttled = world({ maxAttempts: 1 });
    const throughput = await rejection(
      throttled.train(input("fixture-ProvisionedThroughputExceededException"), { stepConfig: { retries: { limit: 1, delay: 1000, backoff: "constant" } } }),
    );
    expect(throughput.name).toBe("ProvisionedThroughputExceededException");
    expect(throttled.step.eventsOf("do")[1]).toMatchObject({ attempts: 2, outcome: "failed" });

    const twice500: Intercept = (
      { operation, index },
    ) => (operation === "CreateProjectVersion" && index <= 2 ? scenarioResponse(SCENARIOS["create-InternalServerError"]) : undefined);
    const recovering = world({ maxAttempts: 1, trainingSeconds: MINUTE / SECOND, intercept: twice500 });
    await recovering.train();
    expect(recovering.step.eventsOf("do")[1]).toMatchObject({ attempts: 3, outcome: "stored" });
  });

  test("a transient error in the begin or a check step: the step is tried again", async () => {
    const unavailable = () => jsonAnswer(503, { __type: "ServiceUnavailable", message: "try later" });
    const tooMany = () => jsonAnswer(429, { __type: "SlowDownPlease", message: "too many requests" });
    // Describes 1 (begin) and 3 (check 1) fail once each, with a 503 and with an unknown type on a 429.
    const flaky: Intercept = (
      { operation, index },
    ) => (operation !== "DescribeProjectVersions" ? undefined : index === 1 ? unavailable() : index === 3 ? tooMany() : undefined);
    const { step, train } = world({ maxAttempts: 1, trainingSeconds: MINUTE / SECOND, intercept: flaky });
    await train(input(), { stepConfig: { retries: { limit: 1, delay: 1000, backoff: "constant" } } });
    expect(step.eventsOf("do").map(({ name, attempts }) => [name, attempts])).toEqual([
      ["train v1: begin", 2],
      ["train v1: create 1", 1],
      ["train v1: check 1", 2],
    ]);
  });

  const permanent: [string, string, new (...args: never[]) => Error][] = [
    ["fixture-AccessDeniedException", "create 1", AccessDeniedException],
    ["fixture-InvalidParameterException", "create 1", InvalidParameterException],
    ["fixture-ResourceNotFoundException", "create 1", ResourceNotFoundException],
    ["fixture-WrongShape200", "create 1", MalformedResponseError],
  ];
  for (const [VersionName, stepName, type] of permanent) {
    test(`${type.name} (${VersionName}) ends the workflow at once: one try, no retry, no sleep`, async () => {
      const { step, train } = world();
      const error = await rejection(train(input(VersionName), { stepConfig: { retries: { limit: 5, delay: 1000, backoff: "constant" } } }));
      expect(error).toBeInstanceOf(type);
      expect(error.message).not.toBe("");
      expect(step.eventsOf("do").map(({ name, attempts }) => [name, attempts])).toEqual([
        [`train ${VersionName}: begin`, 1],
        [`train ${VersionName}: ${stepName}`, 1],
      ]);
      expect(step.eventsOf("sleep")).toEqual([]);
    });
  }

  test("a project that does not exist: ResourceNotFoundException from the begin step; nothing is created", async () => {
    const { step, train, summary } = world();
    const error = (await rejection(train({ ...input(), ProjectArn: PROJECT.replace("demo-custom-labels", "no-such-project") }))) as ResourceNotFoundException;
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 1 });
    expect(doNames(step)).toEqual(["train v1: begin"]);
    expect(summary("CreateProjectVersion")).toEqual([]);
  });

  test("the version vanishing while training: ProjectVersionNotFoundError, at once", async () => {
    const vanished: Intercept = (
      { operation, index },
    ) => (operation === "DescribeProjectVersions" && index >= 3 ? jsonAnswer(200, { ProjectVersionDescriptions: [] }) : undefined);
    const { step, train } = world({ intercept: vanished });
    const error = (await rejection(train())) as ProjectVersionNotFoundError;
    expect(error).toBeInstanceOf(ProjectVersionNotFoundError);
    expect([error.ProjectArn, error.VersionName]).toEqual([PROJECT, "v1"]);
    expect(doNames(step).at(-1)).toBe("train v1: check 2");
    expect(step.eventsOf("do").at(-1)!.attempts).toBe(1);
  });

  test("training failure: TrainingFailedError with the service's reason, from a stored check (not retried, the same on replay)", async () => {
    const { step, train, summary } = world({ trainingSeconds: 5 * MINUTE / SECOND });
    const VersionName = "fixture-TrainingFailed-v1";
    step.crashAt((point) => point.kind === "do" && point.name === `train ${VersionName}: check 1` && point.phase === "before");
    const first = (await rejection(train(input(VersionName)))) as TrainingFailedError;
    expect(first).toBeInstanceOf(TrainingFailedError);
    expect(first.Status).toBe("TRAINING_FAILED");
    expect(first.StatusMessage).toBe("The manifest file contains too many invalid data rows.");
    expect(first.description.TrainingEndTimestamp).toBeInstanceOf(Date);
    const lastCheck = step.eventsOf("do").at(-1)!;
    expect(lastCheck).toMatchObject({ attempts: 1, outcome: "stored", value: { outcome: "failed" } });

    // Run again (as a replay would): the stored check answers; nothing is sent.
    const sent = summary().length;
    const again =
      (await rejection(step.replay(() => trainProjectVersion(step, world().client, input(VersionName), { clock: new VirtualClock() })))) as TrainingFailedError;
    expect(again).toBeInstanceOf(TrainingFailedError);
    expect(again.StatusMessage).toBe(first.StatusMessage);
    expect(summary()).toHaveLength(sent);
  });

  for (const Status of ["DELETING", "COPYING_FAILED"]) {
    test(`a version gone ${Status} while training: ProjectVersionUnusableError (as the training waiter)`, async () => {
      const { step, simulator, train } = world();
      step.crashAt((point) => {
        if (point.kind === "sleep" && point.name === "train v1: wait 2") simulator.setVersionStatus({ ProjectArn: PROJECT, VersionName: "v1", Status });
        return false;
      });
      const error = (await rejection(train())) as ProjectVersionUnusableError;
      expect(error).toBeInstanceOf(ProjectVersionUnusableError);
      expect(error.Status).toBe(Status);
      expect(doNames(step).at(-1)).toBe("train v1: check 2");
    });
  }

  test("a version started (RUNNING) while we waited has completed training: resolves with it", async () => {
    const { step, simulator, train } = world();
    step.crashAt((point) => {
      if (point.kind === "sleep" && point.name === "train v1: wait 3") {
        simulator.setVersionStatus({ ProjectArn: PROJECT, VersionName: "v1", Status: "RUNNING" });
      }
      return false;
    });
    expect((await train()).Status).toBe("RUNNING");
    expect(doNames(step).at(-1)).toBe("train v1: check 3");
  });

  test("maxWaitTime while training: WaiterTimeoutError with the last description; the last check is at the deadline", async () => {
    const { step, clock, train } = world({ trainingSeconds: 10 * HOUR / SECOND });
    const startedAt = clock.now();
    const error = (await rejection(train(input(), { maxWaitTime: 3600 }))) as WaiterTimeoutError;
    expect(error).toBeInstanceOf(WaiterTimeoutError);
    expect(error.lastDescription?.Status).toBe("TRAINING_IN_PROGRESS");
    expect(error.lastDescription?.CreationTimestamp).toBeInstanceOf(Date);
    expect(error.elapsedMs).toBe(3600 * SECOND);
    expect(clock.now()).toBe(startedAt + 3600 * SECOND);
    expect(error.attempts).toBe(doNames(step).filter((name) => name.includes("check")).length);
  });

  test("minDelay and maxDelay may be up to 365 days (the engine's longest sleep), not a second more", async () => {
    const year = 365 * 24 * 3600;
    const { train } = world({ trainingSeconds: 1 });
    expect((await train(input(), { minDelay: year, maxDelay: year, maxWaitTime: 2 * year })).Status).toBe("TRAINING_COMPLETED");
    for (const delay of ["minDelay", "maxDelay"] as const) {
      const error = (await rejection(world().train(input(), { [delay]: year + 1 }))) as ValidationError;
      expect(error.issues).toEqual([{ path: delay, message: `must be a finite number of seconds > 0 and ≤ ${year}` }]);
    }
  });

  test("bad input or options: ValidationError before any step, nothing sent", async () => {
    const cases: [CreateProjectVersionInput, TrainProjectVersionOptions, string][] = [
      [{ ...input(), VersionName: "not valid!" }, {}, "VersionName"],
      [input(), { maxWaitTime: 0 }, "maxWaitTime"],
      [input(), { minDelay: 600, maxDelay: 60 }, "minDelay"],
      [input(), { maxDelay: 400 * 24 * 3600 }, "maxDelay"],
      [input(), { name: "a\nb" }, "name"],
      [input(), { name: "" }, "name"],
      [input(), { name: 7 as never }, "name"],
      [input(), { name: "n".repeat(256 - ": wait for a training slot 99999".length + 1) }, "name"],
      [input(), { maxWaitTime: Number.POSITIVE_INFINITY }, "maxWaitTime"],
      [input(), { minDelay: 0 }, "minDelay"],
      [input(), { random: 0.5 as never }, "random"],
      [input(), { stepConfig: "5 retries" as never }, "stepConfig"],
      [input(), { signal: AbortSignal.timeout(1) } as never, "signal"],
    ];
    for (const [version, options, path] of cases) {
      const { step, train, calls } = world();
      const error = (await rejection(train(version, options))) as ValidationError;
      expect([path, error]).toEqual([path, expect.any(ValidationError)]);
      expect(error.issues.map((issue) => issue.path)).toEqual([path]);
      expect(step.events).toEqual([]);
      expect(calls).toEqual([]);
    }
  });
});

test("a description survives its wire form: dates and non-finite F1 scores come back as they were", () => {
  const description = {
    ProjectVersionArn: "arn:aws:rekognition:us-east-1:111122223333:project/p/version/v1/1700000000000",
    CreationTimestamp: new Date(1_700_000_000_123),
    TrainingEndTimestamp: new Date(1_700_000_900_000),
    Status: "TRAINING_COMPLETED",
    EvaluationResult: { F1Score: Number.NaN },
  };
  const wire = toWire(description);
  expect(wire).toEqual({ ...description, CreationTimestamp: 1_700_000_000.123, TrainingEndTimestamp: 1_700_000_900, EvaluationResult: { F1Score: "NaN" } });
  expect(fromWire(JSON.parse(JSON.stringify(wire)))).toEqual(description);
  expect(fromWire(toWire({ EvaluationResult: { F1Score: -Infinity } })).EvaluationResult?.F1Score).toBe(-Infinity);
});

describe("the rekognition-edge/workflows entry", () => {
  test("exports the helper and its step names, and nothing the main entry exports (one copy of each name)", async () => {
    expect(Object.keys(workflowsEntry).sort()).toEqual(["trainProjectVersion", "trainingStepNames"]);
    expect(workflowsEntry.trainProjectVersion).toBe(trainProjectVersion);
    expect(workflowsEntry.trainingStepNames).toBe(trainingStepNames);
    const main = await import("../mod.ts");
    expect(Object.keys(workflowsEntry).filter((name) => name in main)).toEqual([]);
  });

  test("bundled for workerd it imports no Node built-in and nothing from cloudflare:*", async () => {
    const bundle = await bundleForWorkers(`export * from "./workflows.ts";`, { platform: "neutral", minify: false });
    expect(bundle.nodeImports).toEqual([]);
    expect(bundle.code).toContain("async function trainProjectVersion(");
    expect(bundle.code).not.toMatch(/from\s*["']cloudflare:/);
  });
});

export type { World };
