/** checkTraining: one poll, a discriminated result, and a polling schedule that grows with training time. */
import { describe, expect, test } from "bun:test";
import { AccessDeniedException, checkTraining, ProjectVersionNotFoundError, ValidationError } from "../mod.ts";
import { VirtualClock } from "../harness/clock.ts";
import { awsError, jsonAnswer, PROJECT_ARN, scriptedTransport, testClient, VERSION_ARN } from "./helpers.ts";

const TARGET = { ProjectArn: PROJECT_ARN, VersionName: "1" };
const NOW = Date.UTC(2026, 0, 1, 12);
const MINUTE = 60_000;

/** One check against one answer, the clock at NOW. */
async function checkWith(description: Record<string, unknown>, options: Record<string, unknown> = {}) {
  const { fetch, requests } = scriptedTransport(jsonAnswer(200, { ProjectVersionDescriptions: [{ ProjectVersionArn: VERSION_ARN, ...description }] }));
  const { client } = testClient(fetch);
  const result = await checkTraining(client, TARGET, { clock: new VirtualClock({ start: NOW }), ...options });
  return { result, requests };
}

const startedMinutesAgo = (minutes: number) => ({ Status: "TRAINING_IN_PROGRESS", CreationTimestamp: (NOW - minutes * MINUTE) / 1000 });

describe("checkTraining", () => {
  test("one DescribeProjectVersions call for that version only", async () => {
    const { requests } = await checkWith(startedMinutesAgo(1));
    expect(requests.map((request) => JSON.parse(request.body))).toEqual([{ ProjectArn: PROJECT_ARN, VersionNames: ["1"] }]);
  });

  test("TRAINING_COMPLETED: completed, with the evaluation result, nothing more to poll", async () => {
    const { result } = await checkWith({ Status: "TRAINING_COMPLETED", EvaluationResult: { F1Score: 0.88 } });
    expect(result.state).toBe("completed");
    expect(result.nextPollAfterMs).toBeNull();
    expect(result.description.EvaluationResult?.F1Score).toBe(0.88);
  });

  test("TRAINING_FAILED: failed, with the status message", async () => {
    const { result } = await checkWith({ Status: "TRAINING_FAILED", StatusMessage: "No labels found." });
    expect([result.state, result.nextPollAfterMs, result.description.StatusMessage]).toEqual(["failed", null, "No labels found."]);
  });

  test("in progress: the next poll is a tenth of the training time so far, between 2 and 15 minutes", async () => {
    const cases: [number, number][] = [
      [0, 2 * MINUTE],
      [5, 2 * MINUTE],
      [20, 2 * MINUTE],
      [60, 6 * MINUTE],
      [120, 12 * MINUTE],
      [150, 15 * MINUTE],
      [600, 15 * MINUTE],
    ];
    for (const [minutes, expected] of cases) {
      const { result } = await checkWith(startedMinutesAgo(minutes));
      expect([minutes, result.state, result.nextPollAfterMs]).toEqual([minutes, "in-progress", expected]);
    }
  });

  test("no CreationTimestamp, or one ahead of our clock: the shortest delay", async () => {
    expect((await checkWith({ Status: "TRAINING_IN_PROGRESS" })).result.nextPollAfterMs).toBe(2 * MINUTE);
    expect((await checkWith(startedMinutesAgo(-30))).result.nextPollAfterMs).toBe(2 * MINUTE);
  });

  test("a status after training (started, stopped, copied, deprecated…): completed, nothing more to poll", async () => {
    for (const Status of ["RUNNING", "STARTING", "STOPPING", "STOPPED", "FAILED", "DEPRECATED", "EXPIRED", "COPYING_COMPLETED"]) {
      const { result } = await checkWith({ ...startedMinutesAgo(600), Status, EvaluationResult: { F1Score: 0.8 } });
      expect([Status, result.state, result.nextPollAfterMs, result.description.EvaluationResult?.F1Score]).toEqual([Status, "completed", null, 0.8]);
    }
  });

  test("DELETING and COPYING_FAILED: failed (the version will never have a trained model), nothing more to poll", async () => {
    for (const Status of ["DELETING", "COPYING_FAILED"]) {
      const { result } = await checkWith({ ...startedMinutesAgo(60), Status });
      expect([Status, result.state, result.nextPollAfterMs, result.description.Status]).toEqual([Status, "failed", null, Status]);
    }
  });

  test("COPYING_IN_PROGRESS, an unknown status, or none: in progress", async () => {
    for (const Status of ["COPYING_IN_PROGRESS", "TRAINING_QUEUED", undefined]) {
      expect((await checkWith({ ...startedMinutesAgo(60), Status })).result).toMatchObject({ state: "in-progress", nextPollAfterMs: 6 * MINUTE });
    }
  });

  test("minDelay and maxDelay (seconds) bound the schedule", async () => {
    expect((await checkWith(startedMinutesAgo(1), { minDelay: 60 })).result.nextPollAfterMs).toBe(MINUTE);
    expect((await checkWith(startedMinutesAgo(600), { maxDelay: 3600 })).result.nextPollAfterMs).toBe(60 * MINUTE);
  });

  test("bad options are a ValidationError naming the option; nothing is sent", async () => {
    const { fetch, requests } = scriptedTransport();
    const { client } = testClient(fetch);
    for (
      const [options, path] of [[{ minDelay: 0 }, "minDelay"], [{ minDelay: 100, maxDelay: 50 }, "minDelay"], [{ maxDelay: "15m" }, "maxDelay"], [{
        onPoll: () => {},
      }, "onPoll"]] as const
    ) {
      const error = (await checkTraining(client, TARGET, options as never).catch((caught: unknown) => caught)) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.issues.map((issue) => issue.path)).toEqual([path]);
    }
    expect(requests).toHaveLength(0);
  });

  test("no such version: ProjectVersionNotFoundError; a service error is thrown as is", async () => {
    const { fetch } = scriptedTransport(jsonAnswer(200, { ProjectVersionDescriptions: [] }), awsError("AccessDeniedException"));
    const { client } = testClient(fetch);
    expect(await checkTraining(client, TARGET).catch((caught: unknown) => caught)).toBeInstanceOf(ProjectVersionNotFoundError);
    expect(await checkTraining(client, TARGET).catch((caught: unknown) => caught)).toBeInstanceOf(AccessDeniedException);
  });

  test("the result survives structuredClone (Workflows steps and Durable Object storage keep it)", async () => {
    const { result } = await checkWith({ ...startedMinutesAgo(60), Status: "TRAINING_IN_PROGRESS" });
    expect(structuredClone(result)).toEqual(result);
  });
});
