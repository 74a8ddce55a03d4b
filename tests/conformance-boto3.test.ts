/**
 * The kit fails a real client that does not retry: boto3 with max_attempts=1
 * (AWS_MAX_ATTEMPTS=1, set by the command itself: the kit passes none of its
 * own AWS_* variables on) fails the retry cases, while the same driver with
 * its defaults passes them. Each case runs python3 once (about a second).
 */
import { describe, expect, test } from "bun:test";
import { exitCodeOf } from "../harness/conformance/report.ts";
import { commandClient, runConformance } from "../harness/node/conformance.ts";
import { hasBoto3 } from "./python.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const DRIVER = ["python3", "examples/conformance/boto3_driver.py", "standard"];

describe.skipIf(!hasBoto3)("boto3, graded by the kit", () => {
  test("with max_attempts=1 it fails the retry cases (and the run exits 1)", async () => {
    const report = await runConformance({ client: commandClient(["env", "AWS_MAX_ATTEMPTS=1", ...DRIVER], { cwd: ROOT }), cases: ["retry.*"] });
    expect(report.cases.map(({ id, verdict }) => `${id} ${verdict}`)).toEqual([
      "retry.throttling FAIL",
      "retry.throughput FAIL",
      "retry.server-error FAIL",
      "retry.unparseable-5xx FAIL",
      // A clean network error with nothing created, and one attempt before giving up: both acceptable without retries.
      "retry.connection-reset PASS",
      "retry.gives-up PASS",
    ]);
    expect(report.cases[0]!.summary).toBe("not retried: 1 attempt, gave up after ThrottlingException; exit 1");
    expect(report.cases[0]!.evidence.lastStderrLine).toBe("ThrottlingException");
    expect(exitCodeOf(report)).toBe(1);
  }, 60_000);

  test("with its defaults it retries through them", async () => {
    const report = await runConformance({ client: commandClient(DRIVER, { cwd: ROOT }), cases: ["retry.server-error", "retry.throughput"] });
    expect(report.cases.map(({ id, verdict }) => `${id} ${verdict}`)).toEqual(["retry.throughput PASS", "retry.server-error PASS"]);
  }, 60_000);
});
