/**
 * The control plane from another language: boto3 and Python's urllib drive
 * the standalone server through each row of the control plane
 * (tests/python/control_plane_rows.py, one Python process for every row),
 * and the pytest example (docs/harness.md) runs as written. Skipped, visibly, where
 * python3 with boto3 (or pytest) is missing; CI has them.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { fileURLToPath } from "node:url";
import { RekognitionClient } from "../mod.ts";
import { type RunningServer, startNodeServer } from "../harness/node/server.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { hasBoto3, hasPytest, runPython } from "./python.ts";

const PROJECT = DEMO_PROJECTS.customLabels;
const TOKEN = "py-token-7f3a";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const rowsProgram = fileURLToPath(new URL("./python/control_plane_rows.py", import.meta.url));
const pytestExample = fileURLToPath(new URL("../examples/python/test_rekognition_contract.py", import.meta.url));

describe.skipIf(!hasBoto3)("boto3 through each row of the control plane", () => {
  let server: RunningServer;
  let withToken: RunningServer;
  let seeded: RunningServer[];
  // What Python saw, row by row (JSON, which the assertions read into).
  // deno-lint-ignore no-explicit-any
  let rows: Record<string, any>;

  beforeAll(async () => {
    server = await startNodeServer({ simulator: new RekognitionSimulator({ trainingSeconds: 60 }) });
    withToken = await startNodeServer({ adminToken: TOKEN });
    seeded = await Promise.all([1, 2].map(() => startNodeServer({ simulator: new RekognitionSimulator({ seed: 7, trainingSeconds: 60 }) })));
    rows = JSON.parse(await runPython([rowsProgram, server.url, withToken.url, TOKEN, seeded[0]!.url, seeded[1]!.url]));
  }, 60_000);
  afterAll(() => Promise.all([server, withToken, ...seeded].map((running) => running?.close())));

  test("every row ran", () => {
    const crashed = Object.entries(rows).filter(([, observed]) => observed?.crashed);
    expect(crashed).toEqual([]);
    expect(Object.keys(rows)).toHaveLength(12);
  });

  test("GET /__admin/health", () => {
    expect(rows.health).toEqual([200, expect.objectContaining({ status: "ok", region: "us-east-1", trainingSeconds: 60 })]);
  });

  test("POST /__admin/responses: two queued throttles, then success with boto3's standard retries; the journal shows three signed requests", () => {
    const observed = rows.throttled_twice_then_success;
    expect(observed.retryAttempts).toBe(2);
    expect(observed.backoffs).toBe(2);
    expect(observed.journal).toEqual([
      ["valid", 500, "ThrottlingException"],
      ["valid", 500, "ThrottlingException"],
      ["valid", 200, null],
    ]);
    expect(observed.versions).toEqual([observed.arn]);
  });

  test("a queued CONNECTION_RESET: boto3 retries it and the create happens once; without retries boto3 reports the dropped connection", () => {
    const observed = rows.connection_reset_retried;
    expect(observed.retryAttempts).toBe(1);
    expect(observed.journal).toEqual([
      [0, "CONNECTION_RESET"],
      [200, null],
    ]);
    expect(observed.versions).toBe(1);
    expect(observed.withoutRetries.exception).toBe("ConnectionClosedError");
  });

  test("POST /__admin/clock/advance: TRAINING_COMPLETED at once; boto3's training waiter completes on its first poll", () => {
    expect(rows.clock_advance_completes_training).toEqual({ before: "TRAINING_IN_PROGRESS", after: "TRAINING_COMPLETED", advancedSeconds: 3600 });
  });

  test("POST /__admin/versions/status: RUNNING completes boto3's project_version_running waiter, FAILED fails it; any status comes through", () => {
    const observed = rows.running_waiter;
    expect(observed.statuses).toEqual([200, 200, 200, 200, 200]);
    expect(observed.failed).toBe("WaiterError");
    expect(observed.failedMessage).toContain("terminal failure state");
    expect(observed.described).toEqual(["DEPRECATED", "EXPIRED", "SOMETHING_NEW"]);
  });

  test("POST /__admin/clock/skew: boto3, which does not correct skew, is refused with the 5-minute text", () => {
    const { skew, error } = rows.skew_refuses_boto3;
    expect(skew).toBe(600);
    expect(error.code).toBe("InvalidSignatureException");
    expect(error.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
  });

  test("POST /__admin/clock/skew: the project's own RekognitionClient corrects itself from the Date header", async () => {
    await fetch(`${server.url}/__admin/reset`, { method: "POST", headers: { "content-type": "application/json" } });
    const skewed = await fetch(`${server.url}/__admin/clock/skew`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ seconds: -900 }),
    });
    expect((await skewed.json()).skewSeconds).toBe(-900);
    const client = new RekognitionClient({ endpoint: server.url, region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, maxAttempts: 1 });
    expect((await client.describeProjectVersions({ ProjectArn: PROJECT })).$metadata.attempts).toBe(2);
    expect((await client.describeProjectVersions({ ProjectArn: PROJECT })).$metadata.attempts).toBe(1);
    const verdicts = server.simulator.requests().map(({ signature }) => signature);
    expect(verdicts).toEqual(["InvalidSignatureException", "valid", "valid"]);
    await fetch(`${server.url}/__admin/reset`, { method: "POST", headers: { "content-type": "application/json" } });
  });

  test("POST /__admin/projects and GET /__admin/state: boto3 trains in the new project; state shows it as on the wire", () => {
    const observed = rows.projects_and_state;
    expect(observed.status).toBe(200);
    expect(observed.projectArn).toMatch(/^arn:aws:rekognition:us-east-1:111122223333:project\/from-python\/\d+$/);
    expect([observed.feature, observed.datasets]).toEqual(["CONTENT_MODERATION", false]);
    expect(observed.versions).toEqual([[observed.arn, "TRAINING_IN_PROGRESS"]]);
    expect(observed.duplicate).toBe(409);
  });

  test("GET /__admin/requests: what boto3 sent, filtered by VersionName and operation; DELETE clears it", () => {
    const observed = rows.journal_filters_and_clear;
    expect(observed.count).toBe(3);
    expect(observed.byVersion).toEqual(["CreateProjectVersion", "DescribeProjectVersions"]);
    expect(observed.byOperation).toBe(2);
    expect(observed.first).toEqual({
      method: "POST",
      path: "/",
      operation: "CreateProjectVersion",
      body: { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: { S3Bucket: "amzn-s3-demo-bucket" } },
      signature: "valid",
      response: { status: 200 },
    });
    expect([observed.target, observed.userAgent]).toEqual(["RekognitionService.CreateProjectVersion", "Boto3"]);
    expect([observed.cleared, observed.after]).toEqual([{ cleared: 3 }, []]);
  });

  test("POST/GET/DELETE /__admin/responses: matched by VersionName, listed with what is left, cleared; a bad spec is a 400", () => {
    const observed = rows.responses_pending_and_clear;
    expect(observed.id).toMatch(UUID);
    expect(observed.error).toEqual({ code: "InternalServerError", message: "boom" });
    expect(observed.other).toContain("/version/v1/");
    expect(observed.pending).toEqual([[observed.id, 2]]);
    expect([observed.cleared, observed.after, observed.refused]).toEqual([{ cleared: 1 }, { responses: [] }, 400]);
  });

  test("POST /__admin/reset empties everything: demo projects only, no versions, journal or queued answers, clocks at start", () => {
    const observed = rows.reset_empties_everything;
    expect(observed.reset).toEqual([200, { status: "ok" }]);
    expect(observed.projects).toEqual(Object.values(DEMO_PROJECTS));
    expect([observed.versions, observed.clock, observed.requests, observed.responses]).toEqual([0, [0, 0], [], []]);
    expect(observed.recreated).toBe("TRAINING_IN_PROGRESS"); // the name is free; the queued reset and the advance are gone
  });

  test("the token rule: 401 without the token or with another; the API itself needs none", () => {
    expect(rows.token_rule).toEqual({ none: 401, wrong: 401, right: 200, api: 0 });
  });

  test("--seed: two servers with the same seed give boto3 the same request ids and ARNs; each answer its own", () => {
    const { a, b } = rows.seed_repeats;
    expect(a).toEqual(b);
    expect(a.ids).toHaveLength(2);
    expect(new Set(a.ids).size).toBe(2);
    expect(a.requestId).toBe(a.ids[0]);
    expect(a.ids.every((id: string) => UUID.test(id))).toBe(true);
  });
});

// Once per CI run, under Bun: it tests boto3 and the server, not the test runtime, and boto3's real
// backoff makes it take seconds (the rows above skip boto3's sleeps, not its decisions).
describe.skipIf(!hasPytest || "Deno" in globalThis)("the pytest example (examples/python, docs/harness.md)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNodeServer({ simulator: new RekognitionSimulator({ trainingSeconds: 60 }) });
  });
  afterAll(() => server?.close());

  test("passes against the server as written (REKOGNITION_ENDPOINT)", async () => {
    const output = await runPython(["-m", "pytest", "-q", "-p", "no:cacheprovider", pytestExample], { env: { REKOGNITION_ENDPOINT: server.url } });
    expect(output).toMatch(/\b4 passed\b/);
  }, 60_000);
});
