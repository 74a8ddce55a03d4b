/**
 * The waiters: the model's acceptors as data, the training waiter's reading of every status (not the model's),
 * Smithy delays, fail-fast errors, not-found, abort, options.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import {
  AccessDeniedException,
  InvalidParameterException,
  MalformedResponseError,
  ModelStartFailedError,
  type ProjectVersionDescription,
  ProjectVersionNotFoundError,
  type ProjectVersionsDescriber,
  ProjectVersionUnusableError,
  RekognitionClient,
  type RekognitionServiceException,
  ResourceNotFoundException,
  TrainingFailedError,
  ValidationError,
  waiterDelay,
  WaiterFailureError,
  type WaiterPoll,
  WaiterTimeoutError,
  waitUntilProjectVersionRunning,
  waitUntilTrainingCompleted,
} from "../mod.ts";
import { VirtualClock } from "../harness/clock.ts";
import { PROJECT_VERSION_STATUSES } from "../src/operations/describe-project-versions.ts";
import { RUNNING_WAITER, statusState, TRAINING_COMPLETED_WAITER } from "../src/waiters.ts";
import { awsError, EXAMPLE_CREDENTIALS, jsonAnswer, PROJECT_ARN, scriptedTransport, type Step, VERSION_ARN } from "./helpers.ts";
import { model } from "./spec.ts";

const TARGET = { ProjectArn: PROJECT_ARN, VersionName: "1" };

/** A DescribeProjectVersions answer with one version in `Status`. */
const version = (Status: string, extra: Record<string, unknown> = {}) =>
  jsonAnswer(200, { ProjectVersionDescriptions: [{ ProjectVersionArn: VERSION_ARN, Status, CreationTimestamp: 1767225600, ...extra }] });

/** A client whose calls are one attempt each (so one poll is one request), on a virtual clock shared with the waiter. */
function pollingClient(...steps: Step[]) {
  const { fetch, requests } = scriptedTransport(...steps);
  const clock = new VirtualClock();
  const client = new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, fetch, clock, maxAttempts: 1 });
  return { client, clock, requests };
}

const rejection = (promise: Promise<unknown>) => promise.then(() => Promise.reject(new Error("resolved")), (error: unknown) => error);

describe("the waiters are the model's", () => {
  type Acceptor = { state: string; matcher: { output: { path: string; comparator: string; expected: string } } };
  const waitable = (model().shapes["com.amazonaws.rekognition#DescribeProjectVersions"]!.traits!["smithy.waiters#waitable"] ?? {}) as Record<
    string,
    { acceptors: Acceptor[]; minDelay?: number; maxDelay?: number }
  >;
  const waiters = { ProjectVersionTrainingCompleted: TRAINING_COMPLETED_WAITER, ProjectVersionRunning: RUNNING_WAITER };

  /**
   * The state the model's acceptors give a version in `Status`. A waiter polls one version, so the answer
   * has one description, and both comparators the model uses (allStringEquals, anyStringEquals) on
   * `ProjectVersionDescriptions[].Status` mean "its status equals".
   */
  const modelState = (name: string, Status: string) => {
    for (const { state, matcher: { output } } of waitable[name]!.acceptors) {
      expect([output.path, ["allStringEquals", "anyStringEquals"].includes(output.comparator)]).toEqual(["ProjectVersionDescriptions[].Status", true]);
      if (Status === output.expected) return state;
    }
    return "retry";
  };

  test("same names and minDelay as smithy.waiters#waitable; maxDelay its Smithy default", () => {
    expect(Object.keys(waiters).sort()).toEqual(Object.keys(waitable).sort());
    for (const [name, waiter] of Object.entries(waiters)) {
      expect(waiter.name).toBe(name);
      expect(waiter.minDelay).toBe(waitable[name]!.minDelay ?? 2);
      expect(waiter.maxDelay).toBe(waitable[name]!.maxDelay ?? 120);
    }
  });

  test("the running waiter reads every status as the model's acceptors do; the training waiter wherever they decide", () => {
    expect([modelState("ProjectVersionRunning", "RUNNING"), modelState("ProjectVersionTrainingCompleted", "TRAINING_FAILED")]).toEqual(["success", "failure"]);
    for (const Status of [...PROJECT_VERSION_STATUSES, "SOME_FUTURE_STATUS"]) {
      expect([Status, statusState(RUNNING_WAITER, Status)]).toEqual([Status, modelState("ProjectVersionRunning", Status)]);
      const model = modelState("ProjectVersionTrainingCompleted", Status);
      if (model !== "retry") expect([Status, statusState(TRAINING_COMPLETED_WAITER, Status)]).toEqual([Status, model]);
    }
    expect(statusState(TRAINING_COMPLETED_WAITER, undefined)).toBe("retry");
  });

  test("the delays match the installed AWS SDK for JavaScript's waiters", () => {
    for (
      const [name, file] of [["ProjectVersionTrainingCompleted", "waitForProjectVersionTrainingCompleted"], [
        "ProjectVersionRunning",
        "waitForProjectVersionRunning",
      ]] as const
    ) {
      const source = readFileSync(`node_modules/@aws-sdk/client-rekognition/dist-es/waiters/${file}.js`, "utf8");
      const [, minDelay, maxDelay] = /minDelay: (\d+), maxDelay: (\d+)/.exec(source)!;
      expect([waiters[name].minDelay, waiters[name].maxDelay]).toEqual([Number(minDelay), Number(maxDelay)]);
    }
  });
});

describe("waitUntilTrainingCompleted", () => {
  test("polls with VersionNames: [name] every 120 s until TRAINING_COMPLETED and resolves with the description", async () => {
    const completed = { EvaluationResult: { F1Score: 0.93, Summary: { S3Object: { Bucket: "b", Name: "summary.json" } } } };
    const { client, clock, requests } = pollingClient(
      version("TRAINING_IN_PROGRESS"),
      version("TRAINING_IN_PROGRESS"),
      version("TRAINING_COMPLETED", completed),
    );
    const description = await waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 3600, clock });
    expect(description.Status).toBe("TRAINING_COMPLETED");
    expect(description.EvaluationResult?.F1Score).toBe(0.93);
    expect(description.CreationTimestamp).toEqual(new Date(1767225600_000));
    expect(requests.map((request) => JSON.parse(request.body))).toEqual(Array(3).fill({ ProjectArn: PROJECT_ARN, VersionNames: ["1"] }));
    expect(clock.sleeps).toEqual([120_000, 120_000]);
  });

  test("TRAINING_FAILED rejects with a TrainingFailedError carrying the description and its StatusMessage", async () => {
    const { client, clock } = pollingClient(
      version("TRAINING_IN_PROGRESS"),
      version("TRAINING_FAILED", { StatusMessage: "The manifest file contains too many invalid data objects." }),
    );
    const error = (await rejection(waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 3600, clock }))) as TrainingFailedError;
    expect(error).toBeInstanceOf(TrainingFailedError);
    expect(error).toBeInstanceOf(WaiterFailureError);
    expect(error.name).toBe("TrainingFailedError");
    expect(error.StatusMessage).toBe("The manifest file contains too many invalid data objects.");
    expect(error.description.Status).toBe("TRAINING_FAILED");
    expect(error.description.ProjectVersionArn).toBe(VERSION_ARN);
    expect(error.message).toContain("too many invalid data objects");
  });

  // Unlike the official SDK's waiter, which succeeds on TRAINING_COMPLETED only and so polls a version
  // that was started (or stopped, copied, deprecated…) after training until its deadline.
  for (const Status of ["RUNNING", "STARTING", "STOPPING", "STOPPED", "FAILED", "DEPRECATED", "EXPIRED", "COPYING_COMPLETED"]) {
    test(`${Status}: training completed before it; resolves with the description at the first poll`, async () => {
      const { client, clock, requests } = pollingClient(version(Status, { EvaluationResult: { F1Score: 0.9 } }), version("TRAINING_COMPLETED"));
      const description = await waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 3600, clock });
      expect([description.Status, description.EvaluationResult?.F1Score]).toEqual([Status, 0.9]);
      expect(requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });
  }

  for (const [Status, why] of [["DELETING", "it is being deleted"], ["COPYING_FAILED", "copying it failed"]] as const) {
    test(`${Status}: it will never have a trained model; rejects at once with ProjectVersionUnusableError saying which and why`, async () => {
      const { client, clock, requests } = pollingClient(version(Status, { StatusMessage: "Reason from the service." }), version("TRAINING_COMPLETED"));
      const error = (await rejection(waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 3600, clock }))) as ProjectVersionUnusableError;
      expect(error).toBeInstanceOf(ProjectVersionUnusableError);
      expect(error).toBeInstanceOf(WaiterFailureError);
      expect(error).not.toBeInstanceOf(TrainingFailedError);
      expect([error.name, error.waiter, error.Status, error.StatusMessage, error.description.Status]).toEqual([
        "ProjectVersionUnusableError",
        "ProjectVersionTrainingCompleted",
        Status,
        "Reason from the service.",
        Status,
      ]);
      expect(error.message).toBe(
        `ProjectVersionTrainingCompleted: the version is ${Status} (${why}; it will never have a trained model): Reason from the service.`,
      );
      expect(requests).toHaveLength(1);
    });
  }

  test("TRAINING_IN_PROGRESS, COPYING_IN_PROGRESS, an unknown status and none at all keep it polling until the deadline", async () => {
    for (const Status of ["TRAINING_IN_PROGRESS", "COPYING_IN_PROGRESS", "TRAINING_QUEUED", undefined]) {
      const { client, clock, requests } = pollingClient(...Array(3).fill(0).map(() => version(Status as string)));
      const error = (await rejection(waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 300, clock }))) as WaiterTimeoutError;
      expect([Status, error instanceof WaiterTimeoutError, requests.length, error.lastDescription?.Status]).toEqual([Status, true, 3, Status]);
    }
  });

  test("an unknown status keeps it polling", async () => {
    const { client, clock, requests } = pollingClient(version("TRAINING_QUEUED"), version("TRAINING_COMPLETED"));
    expect((await waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 3600, clock })).Status).toBe("TRAINING_COMPLETED");
    expect(requests).toHaveLength(2);
  });

  test("an empty description list (no such version) fails at once with ProjectVersionNotFoundError", async () => {
    for (const body of [{ ProjectVersionDescriptions: [] }, {}]) {
      const { client, clock, requests } = pollingClient(jsonAnswer(200, body, { "x-amzn-RequestId": "rid-empty" }));
      const error = (await rejection(waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 3600, clock }))) as ProjectVersionNotFoundError;
      expect(error).toBeInstanceOf(ProjectVersionNotFoundError);
      expect(error.message).toBe(`No version named "1" in project ${PROJECT_ARN}`);
      expect([error.ProjectArn, error.VersionName, error.$metadata.requestId]).toEqual([PROJECT_ARN, "1", "rid-empty"]);
      expect(requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    }
  });
});

describe("errors: fail fast on those that cannot get better, poll through the others", () => {
  const permanent: [string, Step, (error: unknown) => boolean][] = [
    ["AccessDeniedException", awsError("AccessDeniedException"), (error) => error instanceof AccessDeniedException],
    ["ResourceNotFoundException", awsError("ResourceNotFoundException"), (error) => error instanceof ResourceNotFoundException],
    ["InvalidParameterException", awsError("InvalidParameterException"), (error) => error instanceof InvalidParameterException],
    ["UnrecognizedClientException", awsError("UnrecognizedClientException"), (error) => (error as Error).name === "UnrecognizedClientException"],
    ["InvalidSignatureException", awsError("InvalidSignatureException"), (error) => (error as Error).name === "InvalidSignatureException"],
    ["ExpiredTokenException", awsError("ExpiredTokenException"), (error) => (error as Error).name === "ExpiredTokenException"],
    ["a malformed answer", jsonAnswer(200, { ProjectVersionDescriptions: [{ Status: 7 }] }), (error) => error instanceof MalformedResponseError],
  ];
  for (const [what, answer, isExpected] of permanent) {
    test(`${what}: rejects with it after one poll`, async () => {
      const { client, clock, requests } = pollingClient(answer, version("TRAINING_COMPLETED"));
      const error = await rejection(waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 3600, clock }));
      expect(isExpected(error)).toBe(true);
      expect(requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });
  }

  test("an invalid target is a ValidationError naming the member; nothing is sent", async () => {
    const { client, clock, requests } = pollingClient();
    const error = (await rejection(
      waitUntilTrainingCompleted(client, { ProjectArn: PROJECT_ARN, VersionName: "no spaces" }, { maxWaitTime: 60, clock }),
    )) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((issue) => issue.path)).toEqual(["VersionName"]);
    expect(requests).toHaveLength(0);
  });

  test("a credentials provider that throws ends the wait at once", async () => {
    const clock = new VirtualClock();
    const client = new RekognitionClient({
      region: "us-east-1",
      credentials: () => Promise.reject(new Error("no SSO session")),
      clock,
      fetch: async () => version("RUNNING"),
    });
    expect(((await rejection(waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 60, clock }))) as Error).message).toBe("no SSO session");
  });

  test("throttling, 5xx and network errors are polled through, and reported to onPoll", async () => {
    const { client, clock, requests } = pollingClient(
      awsError("ThrottlingException", 500),
      awsError("ProvisionedThroughputExceededException", 400),
      awsError("InternalServerError", 500),
      jsonAnswer(503, "<html>Service Unavailable</html>"),
      new TypeError("fetch failed: ECONNRESET"),
      version("TRAINING_COMPLETED"),
    );
    const polls: WaiterPoll[] = [];
    const description = await waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 3600, clock, onPoll: (poll) => polls.push(poll) });
    expect(description.Status).toBe("TRAINING_COMPLETED");
    expect(requests).toHaveLength(6);
    expect(polls.map((poll) => [poll.state, (poll.error as Error | undefined)?.name])).toEqual([
      ["retry", "ThrottlingException"],
      ["retry", "ProvisionedThroughputExceededException"],
      ["retry", "InternalServerError"],
      ["retry", "UnknownError"],
      ["retry", "NetworkError"],
      ["success", undefined],
    ]);
    expect((polls[3]!.error as RekognitionServiceException).$metadata.httpStatusCode).toBe(503);
  });

  test("a timeout reached while the service is failing carries the last error", async () => {
    const { client, clock } = pollingClient(version("TRAINING_IN_PROGRESS"), awsError("ThrottlingException", 500), awsError("ThrottlingException", 500));
    const error = (await rejection(waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 300, clock }))) as WaiterTimeoutError;
    expect(error).toBeInstanceOf(WaiterTimeoutError);
    expect((error.lastError as Error).name).toBe("ThrottlingException");
    expect(error.lastDescription?.Status).toBe("TRAINING_IN_PROGRESS");
    expect(error.message).toContain("the last poll failed (ThrottlingException)");
  });
});

describe("delays (Smithy waiter rules)", () => {
  test("waiterDelay: uniform in [minDelay, min(maxDelay, minDelay·2^(retry−1))]", () => {
    expect([1, 2, 3, 4, 10, 2000].map((retry) => waiterDelay(retry, 30_000, 120_000, () => 0))).toEqual([30_000, 30_000, 30_000, 30_000, 30_000, 30_000]);
    expect([1, 2, 3, 4, 10, 2000].map((retry) => waiterDelay(retry, 30_000, 120_000, () => 1))).toEqual([30_000, 60_000, 120_000, 120_000, 120_000, 120_000]);
    expect(waiterDelay(2, 30_000, 120_000, () => 0.5)).toBe(45_000);
  });

  test("the running waiter backs off from 30 s towards 120 s with jitter", async () => {
    const { client, clock } = pollingClient(...Array(5).fill(0).map(() => version("STARTING")), version("RUNNING"));
    const polls: WaiterPoll[] = [];
    const description = await waitUntilProjectVersionRunning(client, TARGET, {
      maxWaitTime: 3600,
      clock,
      random: () => 0.5,
      onPoll: (poll) => polls.push(poll),
    });
    expect(description.Status).toBe("RUNNING");
    expect(clock.sleeps).toEqual([30_000, 45_000, 75_000, 75_000, 75_000]);
    expect(polls.map((poll) => poll.nextDelayMs)).toEqual([...clock.sleeps, undefined]);
    expect(polls.map((poll) => poll.elapsedMs)).toEqual([0, 30_000, 75_000, 150_000, 225_000, 300_000]);
    expect(polls.map((poll) => poll.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test("a last poll happens at the deadline, then WaiterTimeoutError with the last description", async () => {
    const { client, clock, requests } = pollingClient(version("TRAINING_IN_PROGRESS"), version("TRAINING_IN_PROGRESS"), version("TRAINING_IN_PROGRESS"));
    const error = (await rejection(waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 300, clock }))) as WaiterTimeoutError;
    expect(error).toBeInstanceOf(WaiterTimeoutError);
    // 0 s, 120 s; 300 − 120 − 120 ≤ minDelay, so the next wait is the remaining 180 s.
    expect(clock.sleeps).toEqual([120_000, 180_000]);
    expect(requests).toHaveLength(3);
    expect([error.waiter, error.attempts, error.elapsedMs, error.lastDescription?.Status]).toEqual([
      "ProjectVersionTrainingCompleted",
      3,
      300_000,
      "TRAINING_IN_PROGRESS",
    ]);
    expect(error.lastError).toBeUndefined();
  });

  test("the poll at the deadline is the last, even when a timer wakes a little early", async () => {
    const { client, clock, requests } = pollingClient(...Array(4).fill(0).map(() => version("TRAINING_IN_PROGRESS")));
    const early = { now: () => clock.now(), sleep: (ms: number, signal?: AbortSignal) => clock.sleep(ms - 1, signal) };
    const error = await rejection(waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 300, clock: early }));
    expect(error).toBeInstanceOf(WaiterTimeoutError);
    expect(requests).toHaveLength(3);
  });

  test("a maxWaitTime shorter than minDelay still polls once more, at the deadline", async () => {
    const { client, clock, requests } = pollingClient(version("TRAINING_IN_PROGRESS"), version("TRAINING_COMPLETED"));
    expect((await waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 10, clock })).Status).toBe("TRAINING_COMPLETED");
    expect(clock.sleeps).toEqual([10_000]);
    expect(requests).toHaveLength(2);
  });

  test("property: delays stay within [minDelay, maxDelay] but the last, never pass maxWaitTime, and the last poll is at the deadline", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 5, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.double({ min: 1, max: 2000, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 1, maxLength: 20 }),
        async (minDelay, extra, maxWaitTime, jitter) => {
          const maxDelay = minDelay + extra;
          const clock = new VirtualClock({ start: 0 }); // small numbers: float sums stay exact to far below a millisecond
          let polls = 0;
          const client: ProjectVersionsDescriber = {
            describeProjectVersions: async () => {
              polls++;
              return { ProjectVersionDescriptions: [{ Status: "TRAINING_IN_PROGRESS" }], $metadata: { attempts: 1, totalRetryDelayMs: 0 } };
            },
          };
          let draw = 0;
          const random = () => jitter[draw++ % jitter.length]!;
          const error = await rejection(waitUntilTrainingCompleted(client, TARGET, { maxWaitTime, minDelay, maxDelay, clock, random }));
          const sleeps = clock.sleeps;
          const epsilon = 1e-6;
          const inRange = sleeps.slice(0, -1).every((sleep) => sleep >= minDelay * 1000 - epsilon && sleep <= maxDelay * 1000 + epsilon);
          const lastBounded = sleeps.at(-1)! <= Math.max(maxDelay + minDelay, maxWaitTime) * 1000 + epsilon;
          const total = sleeps.reduce((sum, sleep) => sum + sleep, 0);
          expect([error instanceof WaiterTimeoutError, inRange, lastBounded, polls === sleeps.length + 1]).toEqual([true, true, true, true]);
          expect(Math.abs(total - maxWaitTime * 1000)).toBeLessThan(1e-6);
          expect(Math.abs((error as WaiterTimeoutError).elapsedMs - maxWaitTime * 1000)).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("abort", () => {
  test("mid-sleep: rejects at once with the reason, no further poll", async () => {
    const clock = new VirtualClock({ autoAdvance: false });
    const { fetch, requests } = scriptedTransport(version("TRAINING_IN_PROGRESS"), version("TRAINING_COMPLETED"));
    const client = new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, fetch, clock });
    const controller = new AbortController();
    const waiting = rejection(waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 3600, clock, signal: controller.signal }));
    for (let i = 0; clock.pendingSleeps === 0 && i < 1000; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(clock.pendingSleeps).toBe(1);
    const reason = new Error("stop");
    controller.abort(reason);
    expect(await waiting).toBe(reason);
    clock.advance(3600_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(requests).toHaveLength(1);
  });

  test("mid-request: rejects with the reason", async () => {
    const clock = new VirtualClock();
    const client = new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, clock, fetch: () => new Promise<Response>(() => {}) });
    const controller = new AbortController();
    const waiting = rejection(waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 3600, clock, signal: controller.signal }));
    setTimeout(() => controller.abort(new Error("cancelled")), 1);
    expect(((await waiting) as Error).message).toBe("cancelled");
  });

  test("already aborted: rejects before any request", async () => {
    const { client, clock, requests } = pollingClient(version("TRAINING_COMPLETED"));
    const error = await rejection(waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 60, clock, signal: AbortSignal.abort(new Error("early")) }));
    expect((error as Error).message).toBe("early");
    expect(requests).toHaveLength(0);
  });
});

describe("options", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["maxWaitTime missing", {}, "maxWaitTime"],
    ["maxWaitTime 0", { maxWaitTime: 0 }, "maxWaitTime"],
    ["maxWaitTime negative", { maxWaitTime: -5 }, "maxWaitTime"],
    ["maxWaitTime infinite", { maxWaitTime: Number.POSITIVE_INFINITY }, "maxWaitTime"],
    ["maxWaitTime NaN", { maxWaitTime: Number.NaN }, "maxWaitTime"],
    ["maxWaitTime in a string", { maxWaitTime: "60" }, "maxWaitTime"],
    ["minDelay 0", { maxWaitTime: 60, minDelay: 0 }, "minDelay"],
    ["minDelay above maxDelay", { maxWaitTime: 60, minDelay: 50, maxDelay: 40 }, "minDelay"],
    ["a misspelt option", { maxWaitTime: 60, maxWaitSeconds: 60 }, "maxWaitSeconds"],
    ["onPoll not a function", { maxWaitTime: 60, onPoll: "log" }, "onPoll"],
    ["random not a function", { maxWaitTime: 60, random: 0.5 }, "random"],
    ["maxDelay negative", { maxWaitTime: 60, maxDelay: -1 }, "maxDelay"],
    ["a signal without addEventListener", { maxWaitTime: 60, signal: { aborted: false } }, "signal"],
    ["a signal without aborted", { maxWaitTime: 60, signal: { addEventListener() {} } }, "signal"],
    ["a clock without sleep", { maxWaitTime: 60, clock: { now: () => 0 } }, "clock"],
    ["options that are no object", "60" as never, ""],
  ];
  for (const [what, options, path] of cases) {
    test(`${what}: ValidationError at ${path}, nothing sent`, async () => {
      const { client, requests } = pollingClient(version("TRAINING_COMPLETED"));
      const error = (await rejection(waitUntilTrainingCompleted(client, TARGET, options as never))) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.issues.map((issue) => issue.path)).toEqual([path]);
      expect(requests).toHaveLength(0);
    });
  }

  test("a minDelay above the default maxDelay raises it instead of failing", async () => {
    const { client, clock } = pollingClient(version("TRAINING_IN_PROGRESS"), version("TRAINING_COMPLETED"));
    await waitUntilTrainingCompleted(client, TARGET, { maxWaitTime: 3600, minDelay: 600, clock });
    expect(clock.sleeps).toEqual([600_000]);
  });
});

describe("waitUntilProjectVersionRunning", () => {
  test("FAILED rejects with ModelStartFailedError and the status message", async () => {
    const { client, clock } = pollingClient(version("STARTING"), version("FAILED", { StatusMessage: "Not enough capacity." }));
    const error = (await rejection(waitUntilProjectVersionRunning(client, TARGET, { maxWaitTime: 600, clock }))) as ModelStartFailedError;
    expect(error).toBeInstanceOf(ModelStartFailedError);
    expect(error).toBeInstanceOf(WaiterFailureError);
    expect([error.waiter, error.Status, error.StatusMessage]).toEqual(["ProjectVersionRunning", "FAILED", "Not enough capacity."]);
  });

  test("TRAINING_FAILED is no failure of the running waiter (model acceptors only), so it polls on", async () => {
    const { client, clock } = pollingClient(version("TRAINING_FAILED"), version("RUNNING"));
    const description: ProjectVersionDescription = await waitUntilProjectVersionRunning(client, TARGET, { maxWaitTime: 600, clock });
    expect(description.Status).toBe("RUNNING");
  });
});
