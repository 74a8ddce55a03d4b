/**
 * The round trip, end to end over HTTP with the real CLI: `serve --record`
 * (a subprocess, real credentials from its environment) in front of a second
 * simulator (another port, other credentials, a session token) records a
 * boto3 session and an AWS SDK session; the upstream's journal shows every
 * request signed by the real credentials and verified valid; the saved files
 * are in the fixture format with no secret in them; then `serve --replay`
 * gives the same boto3 and SDK calls the same answers. Skipped, visibly,
 * without python3 and boto3 (CI has them).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RekognitionClient } from "../mod.ts";
import { recordMode, replayMode } from "../cli/serve-modes.ts";
import { CreateProjectVersionCommand, DescribeProjectVersionsCommand, waitUntilProjectVersionTrainingCompleted } from "@aws-sdk/client-rekognition";
import * as v from "valibot";
import type { JournalEntry } from "../harness/journal.ts";
import { readRecordings } from "../harness/node/recordings.ts";
import { type RunningServer, startNodeServer } from "../harness/node/server.ts";
import { REPLAYED_HEADER } from "../harness/replay.ts";
import { ScenarioIndexSchema, ScenarioSchema } from "../fixtures/scenarios.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { hasBoto3, runPython } from "./python.ts";
import { countBodyReads, sdkClient, signedRequest } from "./fixtures-helpers.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const session = fileURLToPath(new URL("./python/record_replay_session.py", import.meta.url));
/** The "real" account: the upstream accepts only these; the client never has them; no file may hold them. */
const REAL = {
  accessKeyId: "AKIAROUNDTRIPREAL042",
  secretAccessKey: "roundTrip/Real+Secret0123456789abcdefGHIJ",
  sessionToken: "IQoJb3JpZ2luX2VjRoundTripSessionToken/with+slash=",
};
const PROJECT = DEMO_PROJECTS.customLabels;
const output = { S3Bucket: "amzn-s3-demo-bucket", S3KeyPrefix: "sdk/" };

/** Starts `rekognition-edge serve <args>` under Bun; resolves with its URL once it listens. */
async function serve(
  args: string[],
  env: Record<string, string>,
  children: Set<ChildProcess>,
): Promise<{ url: string; output: () => string; stop: () => Promise<void> }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_"))) as Record<string, string>;
  const child = spawn(join(root, "node_modules/.bin/bun"), ["bin/rekognition-edge.ts", "serve", "--port", "0", ...args], {
    cwd: root,
    env: { ...clean, HOME: join(tmpdir(), "no-home"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let printed = "";
  child.stdout!.on("data", (chunk) => (printed += chunk));
  child.stderr!.on("data", (chunk) => (printed += chunk));
  const exited = new Promise<void>((resolve) => child.on("exit", () => (children.delete(child), resolve())));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no 'listening on' line within 15 s:\n${printed}`)), 15_000);
    const check = () => {
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(printed);
      if (match) resolve((clearTimeout(timer), match[1]!));
    };
    child.stdout!.on("data", check);
    child.on("exit", () => reject((clearTimeout(timer), new Error(`exited before listening:\n${printed}`))));
  });
  return { url, output: () => printed, stop: () => (child.kill("SIGTERM"), exited) };
}

/** The AWS SDK's session: a create, its waiter, the describe after it, a throttle. What it returned or raised, request ids included. */
async function sdkSession(endpoint: string) {
  const client = sdkClient({ endpoint });
  const settle = <T extends { $metadata: { requestId?: string } }>(promise: Promise<T>) =>
    promise.then(
      ({ $metadata, ...rest }: T) => ({ result: rest, requestId: $metadata.requestId }),
      (error: Error & { $metadata: { httpStatusCode?: number; requestId?: string } }) => ({
        code: error.name,
        message: error.message,
        status: error.$metadata.httpStatusCode,
        requestId: error.$metadata.requestId,
      }),
    );
  const create = await settle(client.send(new CreateProjectVersionCommand({ ProjectArn: PROJECT, VersionName: "sdk-v1", OutputConfig: output })));
  const waited = await waitUntilProjectVersionTrainingCompleted({ client, maxWaitTime: 20, minDelay: 0.1, maxDelay: 0.2 }, {
    ProjectArn: PROJECT,
    VersionNames: ["sdk-v1"],
  });
  const afterWait = await settle(client.send(new DescribeProjectVersionsCommand({ ProjectArn: PROJECT, VersionNames: ["sdk-v1"] })));
  const throttled = await settle(
    client.send(new CreateProjectVersionCommand({ ProjectArn: PROJECT, VersionName: "fixture-ThrottlingException", OutputConfig: output })),
  );
  return { create, waiter: String(waited.state), afterWait, throttled };
}

const boto3Session = async (endpoint: string) =>
  JSON.parse(await runPython([session, endpoint, PROJECT])) as Record<string, { code?: string; requestId?: string }>;

describe.skipIf(!hasBoto3)("record with serve --record, replay with serve --replay: boto3 and the AWS SDK", () => {
  const children = new Set<ChildProcess>();
  let upstream: RunningServer;
  let dir: string;
  let recorded: { boto3: Record<string, { code?: string; requestId?: string }>; sdk: Awaited<ReturnType<typeof sdkSession>> };
  let recorderJournal: JournalEntry[];
  let recorderOutput: string;

  beforeAll(async () => {
    dir = join(mkdtempSync(join(tmpdir(), "rekognition-edge-roundtrip-")), "session");
    upstream = await startNodeServer({ simulator: new RekognitionSimulator({ credentials: [REAL], trainingSeconds: 1 }) });
    const recorder = await serve(["--record", dir, "--upstream", upstream.url, "--region", "us-east-1"], {
      AWS_ACCESS_KEY_ID: REAL.accessKeyId,
      AWS_SECRET_ACCESS_KEY: REAL.secretAccessKey,
      AWS_SESSION_TOKEN: REAL.sessionToken,
    }, children);
    recorded = { boto3: await boto3Session(recorder.url), sdk: await sdkSession(recorder.url) };
    recorderJournal = ((await (await fetch(`${recorder.url}/__admin/requests`)).json()) as { requests: JournalEntry[] }).requests;
    await recorder.stop();
    recorderOutput = recorder.output();
  }, 90_000);

  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await upstream?.close();
    rmSync(join(dir, ".."), { recursive: true, force: true });
  });

  test("the sessions ran as the service answers: created, trained, the quota error, the unknown project, the throttle", () => {
    expect(recorded.boto3.create!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect([recorded.boto3.quota!.code, recorded.boto3.unknown_project!.code]).toEqual(["LimitExceededException", "ResourceNotFoundException"]);
    expect(recorded.sdk.waiter).toBe("SUCCESS");
    expect((recorded.sdk.afterWait as { result: { ProjectVersionDescriptions: { Status: string }[] } }).result.ProjectVersionDescriptions[0]!.Status).toBe(
      "TRAINING_COMPLETED",
    );
    expect((recorded.sdk.throttled as { code: string }).code).toBe("ThrottlingException");
    expect(recorderOutput).toContain(`Upstream: ${upstream.url} (region us-east-1), signed with the credentials of environment (access key ...L042)`);
  });

  test("the upstream's journal: every request the clients sent, signed by the real credentials with the session token, verified valid", async () => {
    const journal = upstream.simulator.requests();
    expect(journal.length).toBeGreaterThanOrEqual(10);
    expect(journal).toHaveLength(recorderJournal.length);
    for (const [i, entry] of journal.entries()) {
      expect(entry.signature).toBe("valid");
      expect(entry.headers.authorization).toStartWith(`AWS4-HMAC-SHA256 Credential=${REAL.accessKeyId}/`);
      expect(entry.headers["x-amz-security-token"]).toBe("[REDACTED]");
      // The same request the client sent the proxy (signed there with the test credentials), in the same order.
      const client = recorderJournal[i]!;
      expect(client.signature).toBe("valid");
      expect(client.headers.authorization).toStartWith(`AWS4-HMAC-SHA256 Credential=${SIMULATOR_CREDENTIALS.accessKeyId}/`);
      expect([entry.operation, entry.body]).toEqual([client.operation, client.body]);
      expect(entry.response).toEqual(client.response!);
    }
  });

  test("the files: one per request, in the fixture format, listed in order by index.json", async () => {
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(recorderJournal.length + 1);
    const index = v.parse(ScenarioIndexSchema, JSON.parse(readFileSync(join(dir, "index.json"), "utf8")));
    expect(index.scenarios.map(({ file }) => file)).toEqual(files.filter((file) => file !== "index.json"));
    for (const file of files) if (file !== "index.json") v.parse(ScenarioSchema, JSON.parse(readFileSync(join(dir, file), "utf8")));
    const scenarios = await readRecordings(dir);
    expect(scenarios.map(({ recording }) => recording!.sequence)).toEqual(scenarios.map((_, i) => i + 1));
    expect(scenarios[0]!.name).toBe("0001-create-success");
    expect(scenarios.map(({ response }) => response.headers["x-amzn-RequestId"])).toEqual(recorderJournal.map(({ id }) => id));
  });

  test("no file holds the real secret key, session token or access key id, or a signature", () => {
    const written = readdirSync(dir).map((file) => readFileSync(join(dir, file), "utf8")).join("\n");
    for (const secret of [REAL.secretAccessKey, REAL.sessionToken, REAL.accessKeyId, "Signature=", "AWS4-HMAC-SHA256"]) {
      expect(written.includes(secret)).toBe(false);
    }
  });

  test("serve --replay gives the same boto3 and AWS SDK calls the same answers, request ids included", async () => {
    const replay = await serve(["--replay", dir], {}, children);
    try {
      expect(replay.output()).toContain(`Replaying ${dir}: ${recorderJournal.length} scenarios`);
      const replayed = { boto3: await boto3Session(replay.url), sdk: await sdkSession(replay.url) };
      expect(replayed).toEqual(recorded);
      // Nothing went to the upstream while replaying.
      expect(upstream.simulator.requests()).toHaveLength(recorderJournal.length);
      // The control plane: the journal of what clients sent; reset empties it and starts every sequence over.
      const journal = ((await (await fetch(`${replay.url}/__admin/requests`)).json()) as { requests: JournalEntry[] }).requests;
      expect(journal.map(({ signature, response }) => [signature, response?.status])).toEqual(
        recorderJournal.map(({ response }) => ["valid", response?.status]),
      );
      const status = async () => {
        const page = await sdkClient({ endpoint: replay.url }).send(new DescribeProjectVersionsCommand({ ProjectArn: PROJECT, VersionNames: ["sdk-v1"] }));
        return page.ProjectVersionDescriptions![0]!.Status;
      };
      expect(await status()).toBe("TRAINING_COMPLETED");
      expect((await fetch(`${replay.url}/__admin/reset`, { method: "POST", headers: { "content-type": "application/json" } })).status).toBe(200);
      expect(await status()).toBe("TRAINING_IN_PROGRESS");
      expect(((await (await fetch(`${replay.url}/__admin/requests`)).json()) as { requests: unknown[] }).requests).toHaveLength(1);
      const refused = await fetch(`${replay.url}/__admin/projects`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ProjectName: "p" }),
      });
      expect(refused.status).toBe(409);
      // A call the session never made: an error naming the closest recording, never a success.
      const sdkCreate = (await readRecordings(dir)).find(({ request }) => request.body!.VersionName === "sdk-v1")!;
      const unmatched = await sdkClient({ endpoint: replay.url })
        .send(new CreateProjectVersionCommand({ ProjectArn: PROJECT, VersionName: "never-recorded", OutputConfig: output }))
        .catch((error: Error) => error);
      expect([(unmatched as Error).name, (unmatched as Error).message]).toEqual([
        "NoMatchingRecordingException",
        `No recording matches this CreateProjectVersion request. Closest recording: ${sdkCreate.name}, which differs at VersionName (recorded "sdk-v1", got "never-recorded").`,
      ]);
    } finally {
      await replay.stop();
    }
  }, 60_000);
});

describe("serve's record and replay flags", () => {
  /** Runs `rekognition-edge serve <args>` to its end (every case here ends before listening). */
  function serveSync(args: string[], env: Record<string, string> = {}) {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_"))) as Record<string, string>;
    const result = spawnSync(join(root, "node_modules/.bin/bun"), ["bin/rekognition-edge.ts", "serve", "--port", "0", ...args], {
      cwd: root,
      env: { ...clean, HOME: join(tmpdir(), "no-home"), ...env },
      encoding: "utf8",
      timeout: 20_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }
  const real = { AWS_ACCESS_KEY_ID: REAL.accessKeyId, AWS_SECRET_ACCESS_KEY: REAL.secretAccessKey };

  test("--help documents them", () => {
    const help = serveSync(["--help"]);
    for (const flag of ["--record <dir>", "--upstream <url>", "--profile <name>", "--anonymize", "--replay <dir>", "--replay-ignore <member>"]) {
      expect(help.stdout).toContain(flag);
    }
  });

  test("flags that mean nothing together: exit 2, named", () => {
    for (
      const [args, message] of [
        [["--record", "a", "--replay", "b"], "--record and --replay exclude each other"],
        [["--anonymize"], "--anonymize goes with --record"],
        [["--upstream", "http://127.0.0.1:1"], "--upstream goes with --record"],
        [["--replay-ignore", "VersionName"], "--replay-ignore goes with --replay"],
        [["--replay", "b", "--training-seconds", "1"], "--training-seconds is the simulator's: it means nothing with --replay"],
        [
          ["--record", "a", "--host", "0.0.0.0", "--no-admin"],
          "--record listens on loopback only (not 0.0.0.0): it re-signs every call with your real credentials",
        ],
        [
          ["--record", "a", "--host", "192.168.1.5", "--admin-token", "t"],
          "--record listens on loopback only (not 192.168.1.5): it re-signs every call with your real credentials",
        ],
      ] as const
    ) {
      const run = serveSync([...args]);
      expect([run.code, run.stderr.split("\n")[0]]).toEqual([2, message]);
    }
  }, 30_000);

  test("--record without real credentials or region, with the test credentials, or a bad upstream: exit 1, said why; nothing written", () => {
    const dir = join(tmpdir(), `rekognition-edge-never-${process.pid}`);
    const cases: [string[], Record<string, string>, string][] = [
      [["--record", dir, "--region", "us-east-1"], {}, "--record needs the real credentials: set AWS_ACCESS_KEY_ID"],
      [["--record", dir], real, "--record needs the real service's region"],
      [
        ["--record", dir, "--region", "us-east-1"],
        { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "x" },
        "the real credentials (environment) are the test credentials AKIDEXAMPLE",
      ],
      [["--record", dir, "--upstream", "ftp://example.com"], { ...real, AWS_REGION: "us-east-1" }, "--upstream must be an http(s) URL"],
      [["--record", dir, "--profile", "nobody", "--region", "us-east-1"], {}, "The config profile (nobody) could not be found"],
    ];
    for (const [args, env, message] of cases) {
      const run = serveSync(args, env);
      expect([run.code, run.stderr]).toEqual([1, expect.stringContaining(message)]);
    }
    expect(() => readdirSync(dir)).toThrow();
  }, 30_000);

  test("--replay of a folder that is not a recording: exit 1, the file named", () => {
    const run = serveSync(["--replay", join(root, "tests")]);
    expect([run.code, run.stderr]).toEqual([1, expect.stringContaining("index.json")]);
  });
});

describe("the record and replay servers in process: their journal and control plane", () => {
  /** Temporary credentials a client signs with (as `serve --credentials id:secret:token` accepts them). */
  const CLIENT = {
    accessKeyId: "ASIACLIENTTEMP000001",
    secretAccessKey: "client/Temp+Secret0123456789abcdefGHIJKL",
    sessionToken: "IQoJClientSessionToken/with+slash=",
  };
  const servers: RunningServer[] = [];
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "rekognition-edge-modes-"));
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    rmSync(work, { recursive: true, force: true });
  });
  const started = async (options: Parameters<typeof startNodeServer>[0]) => {
    const server = await startNodeServer(options);
    servers.push(server);
    return server;
  };
  const quiet = { log: () => {}, verbose: false };
  const credentials = [SIMULATOR_CREDENTIALS, CLIENT];

  /** `serve --record <dir>` in front of an upstream simulator with the real credentials, served as the CLI serves it. */
  async function recording(dir: string) {
    const upstream = await started({ simulator: new RekognitionSimulator({ credentials: [REAL] }) });
    const env = { AWS_ACCESS_KEY_ID: REAL.accessKeyId, AWS_SECRET_ACCESS_KEY: REAL.secretAccessKey, AWS_SESSION_TOKEN: REAL.sessionToken };
    const mode = await recordMode({
      dir,
      upstream: upstream.url,
      region: "us-east-1",
      profile: undefined,
      anonymize: false,
      env,
      homeDir: undefined,
      readFile: async () => undefined,
      credentials,
      ...quiet,
    });
    return { mode, server: await started({ handler: mode.handler, controlPlane: mode.controlPlane }) };
  }
  const admin = async (server: RunningServer, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}/__admin/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // deno-lint-ignore no-explicit-any -- the control plane's JSON, which the assertions read into
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  /** A request signed with the client's session token, which it also echoes in a header; its secret key in another and in the body. */
  const withToken = (server: RunningServer, body: Record<string, unknown>) =>
    signedRequest({
      url: `${server.url}/`,
      operation: "DescribeProjectVersions",
      body,
      credentials: CLIENT,
      headers: { "x-echo-token": CLIENT.sessionToken, "x-echo-secret": CLIENT.secretAccessKey },
    });

  test("a client's session token and secret key show only as [REDACTED] in the journal of serve --record and of serve --replay", async () => {
    const dir = join(work, "redacted");
    const record = await recording(dir);
    expect((await fetch(await withToken(record.server, { ProjectArn: PROJECT }))).status).toBe(200);
    const replay = await replayMode({ dir, ignoreMembers: undefined, region: undefined, credentials, ...quiet });
    const replayServer = await started({ handler: replay.handler, controlPlane: replay.controlPlane });
    expect((await fetch(await withToken(replayServer, { ProjectArn: PROJECT, NextToken: CLIENT.secretAccessKey }))).status).toBe(404);
    for (
      const [server, body] of [
        [record.server, { ProjectArn: PROJECT }],
        [replayServer, { ProjectArn: PROJECT, NextToken: "[REDACTED]" }],
      ] as const
    ) {
      const { requests } = (await admin(server, "GET", "requests")).body as { requests: JournalEntry[] };
      expect(requests).toHaveLength(1);
      const [entry] = requests;
      expect([entry!.signature, entry!.body]).toEqual(["valid", body]);
      expect(entry!.headers.authorization).toStartWith(`AWS4-HMAC-SHA256 Credential=${CLIENT.accessKeyId}/`);
      for (const header of ["x-amz-security-token", "x-echo-token", "x-echo-secret"]) expect([header, entry!.headers[header]]).toEqual([header, "[REDACTED]"]);
      const shown = JSON.stringify(requests);
      for (const secret of [CLIENT.sessionToken, CLIENT.secretAccessKey]) expect(shown).not.toContain(secret);
    }
  });

  test("a mode's handler reads each request body once (the journal and the replayer share the read)", async () => {
    const dir = join(work, "read-once");
    const record = await recording(dir);
    await fetch(await signedRequest({ url: `${record.server.url}/`, operation: "DescribeProjectVersions", body: { ProjectArn: PROJECT } }));
    const replay = await replayMode({ dir, ignoreMembers: undefined, region: undefined, credentials, ...quiet });
    const request = await signedRequest({ operation: "DescribeProjectVersions", body: { ProjectArn: PROJECT } });
    const reads = countBodyReads(request);
    expect((await replay.handler(request)).headers.get(REPLAYED_HEADER)).toBe("0001-describe-no-versions");
    expect(reads()).toBe(1);
    expect([...replay.controlPlane.readJournal({})][0]!.body).toEqual({ ProjectArn: PROJECT });
  });

  test("their control plane: health says which mode, reset starts a replay over, every endpoint of the simulated service answers 409", async () => {
    const dir = join(work, "control");
    const record = await recording(dir);
    expect((await admin(record.server, "GET", "health")).body).toEqual({
      status: "ok",
      service: "rekognition-edge recording proxy",
      region: "us-east-1",
      time: expect.any(String),
    });
    const describe = { ProjectArn: PROJECT, VersionNames: ["v1"] };
    const client = new RekognitionClient({ endpoint: record.server.url, region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, maxAttempts: 1 });
    await client.createProjectVersion({ ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output });
    await client.describeProjectVersions(describe);
    const replay = await replayMode({ dir, ignoreMembers: undefined, region: undefined, credentials, ...quiet });
    const server = await started({ handler: replay.handler, controlPlane: replay.controlPlane });
    // Recorded from an upstream on 127.0.0.1, the recordings name no region: clients may sign for any.
    expect((await admin(server, "GET", "health")).body).toEqual({ status: "ok", service: "rekognition-edge replay", region: null, time: expect.any(String) });
    const send = async () =>
      (await fetch(await signedRequest({ url: `${server.url}/`, operation: "DescribeProjectVersions", body: describe }))).headers.get(REPLAYED_HEADER);
    expect(await send()).toBe("0002-describe-training-in-progress");
    expect((await admin(server, "GET", "requests")).body.requests).toHaveLength(1);
    expect(await admin(server, "POST", "reset")).toEqual({ status: 200, body: { status: "ok" } });
    expect((await admin(server, "GET", "requests")).body.requests).toEqual([]);
    expect(await send()).toBe("0002-describe-training-in-progress");
    expect(await admin(server, "DELETE", "requests")).toEqual({ status: 200, body: { cleared: 1 } });
    const refusal = "not while replaying: this server answers from recordings, not the simulator; GET /__admin/requests shows what clients sent";
    const simulatorOnly = [
      ["GET", "state"],
      ["POST", "projects", { ProjectName: "p" }],
      ["POST", "versions/status", { ProjectArn: PROJECT, VersionName: "v1", Status: "RUNNING" }],
      ["POST", "clock/advance", { seconds: 1 }],
      ["POST", "clock/skew", { seconds: 1 }],
      ["POST", "responses", { respond: { fault: "LOST_ANSWER" } }],
      ["GET", "responses"],
      ["DELETE", "responses"],
    ] as const;
    for (const [method, path, body] of simulatorOnly) {
      expect([path, await admin(server, method, path, body)]).toEqual([path, { status: 409, body: { error: refusal } }]);
    }
    expect((await admin(record.server, "POST", "projects", { ProjectName: "p" })).body.error).toBe(
      "not while recording: this server answers from the real service, not the simulator; GET /__admin/requests shows what clients sent",
    );
  });

  test("serve --record without --region: the region --upstream names", async () => {
    const env = { AWS_ACCESS_KEY_ID: REAL.accessKeyId, AWS_SECRET_ACCESS_KEY: REAL.secretAccessKey };
    const options = {
      dir: join(work, "eu"),
      region: undefined,
      profile: undefined,
      anonymize: false,
      env,
      homeDir: undefined,
      readFile: async () => undefined,
      credentials,
      ...quiet,
    };
    const mode = await recordMode({ ...options, upstream: "https://rekognition.eu-west-1.amazonaws.com" });
    expect(mode.banner).toContain("Upstream: https://rekognition.eu-west-1.amazonaws.com (region eu-west-1)");
    expect((mode.controlPlane.health() as { region: string }).region).toBe("eu-west-1");
    await expect(recordMode({ ...options, upstream: "http://127.0.0.1:9" })).rejects.toThrow("--record needs the real service's region");
  });
});
