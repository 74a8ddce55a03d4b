/**
 * The recording proxy against a TypeScript simulator as the upstream (other
 * credentials, a session token): the upstream sees requests signed by the real
 * credentials only; the client gets the upstream's answers unchanged; the files
 * are in the scenario format, in order, with no secret; `--anonymize` replaces
 * the account consistently; and a replay of the files answers the same calls
 * with the same results.
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as v from "valibot";
import { RekognitionClient } from "../mod.ts";
import { REDACTED } from "../harness/journal.ts";
import { VirtualClock } from "../harness/clock.ts";
import { type RecordEvent, RecordingProxy, type RecordingStore } from "../harness/recorder.ts";
import { readRecordings, recordingFolder } from "../harness/node/recordings.ts";
import { loadScenarioFolder, RecordingReplayer } from "../harness/replay.ts";
import { type Scenario, type ScenarioIndex, ScenarioIndexSchema, ScenarioSchema } from "../fixtures/scenarios.ts";
import { verifySigV4 } from "../harness/sigv4-verifier.ts";
import { demoProjects, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { signedRequest } from "./fixtures-helpers.ts";

/** The "real" account: what the upstream accepts, and what must never reach a file. */
const REAL = {
  accessKeyId: "AKIAUPSTREAMREAL0042",
  secretAccessKey: "uPstream/Real+Secret0123456789abcdefGHIJKL",
  sessionToken: "IQoJb3JpZ2luX2VjEUpstreamSessionToken/with+slashes=",
} as const;
const UPSTREAM_URL = "https://rekognition.eu-west-1.amazonaws.com";
/** The upstream's demo projects: it serves eu-west-1. */
const DEMO_PROJECTS = demoProjects("eu-west-1");
const output = { S3Bucket: "amzn-s3-demo-bucket" };

/** A store in memory: file name → text. */
function memoryStore(index?: ScenarioIndex): RecordingStore & { files: Map<string, string> } {
  const files = new Map<string, string>();
  return { files, index, write: async (file, text) => void files.set(file, text) };
}

/** An upstream simulator that keeps a journal of what it received (the requests, as sent) and answered. */
function upstreamSimulator(clock: VirtualClock, accountId?: string) {
  const simulator = new RekognitionSimulator({ clock, credentials: [REAL], trainingSeconds: 60, region: "eu-west-1", ...(accountId ? { accountId } : {}) });
  const journal: { request: Request; status: number; bodyText: string; requestId: string | null }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    const request = new Request(url, init);
    const response = await simulator.fetch(request.clone());
    journal.push({ request, status: response.status, bodyText: await response.clone().text(), requestId: response.headers.get("x-amzn-requestid") });
    return response;
  };
  return { simulator, journal, fetch };
}

/** A recording session: the proxy in front of the upstream, and a client signing with the test credentials. */
function recordingSession(options: { anonymize?: boolean; store?: ReturnType<typeof memoryStore>; accountId?: string } = {}) {
  const clock = new VirtualClock({ start: Date.now() });
  const upstream = upstreamSimulator(clock, options.accountId);
  const store = options.store ?? memoryStore();
  const events: RecordEvent[] = [];
  const proxy = new RecordingProxy({
    upstream: { region: "eu-west-1", endpoint: UPSTREAM_URL, credentials: REAL, fetch: upstream.fetch },
    store,
    clock,
    anonymize: options.anonymize ?? false,
    onRecord: (event) => events.push(event),
  });
  const client = new RekognitionClient({ region: "eu-west-1", credentials: SIMULATOR_CREDENTIALS, fetch: proxy.fetch, clock, maxAttempts: 1 });
  return { clock, upstream, store, events, proxy, client };
}

/** The calls of a session: a create, training progress seen twice, then three failures. */
async function runSession(client: RekognitionClient, clock: VirtualClock, projectArn: string = DEMO_PROJECTS.customLabels) {
  const settle = <T>(promise: Promise<T>) => promise.then((value) => ({ value }), (error: unknown) => ({ error }));
  const outcomes = [];
  outcomes.push(await settle(client.createProjectVersion({ ProjectArn: projectArn, VersionName: "v1", OutputConfig: output })));
  outcomes.push(await settle(client.describeProjectVersions({ ProjectArn: projectArn, VersionNames: ["v1"] })));
  clock.advance(30_000);
  outcomes.push(await settle(client.describeProjectVersions({ ProjectArn: projectArn, VersionNames: ["v1"] })));
  clock.advance(30_000);
  outcomes.push(await settle(client.describeProjectVersions({ ProjectArn: projectArn, VersionNames: ["v1"] })));
  outcomes.push(await settle(client.createProjectVersion({ ProjectArn: projectArn, VersionName: "v1", OutputConfig: output }, { reconcile: false })));
  outcomes.push(await settle(client.createProjectVersion({ ProjectArn: projectArn, VersionName: "fixture-LimitExceededException", OutputConfig: output })));
  outcomes.push(await settle(client.describeProjectVersions({ ProjectArn: `${projectArn.replace(/\/\d+$/, "")}-gone/1` })));
  return outcomes;
}

/** What a caller sees of an outcome: the output without metadata, or the error's name, fault, message, status and request id. */
function observable(outcome: { value?: unknown; error?: unknown }) {
  if ("value" in outcome) {
    const { $metadata, ...rest } = outcome.value as { $metadata: { requestId?: string } };
    return { value: rest, requestId: $metadata.requestId };
  }
  const error = outcome.error as Error & { $fault?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
  return { error: [error.name, error.$fault, error.message, error.$metadata?.httpStatusCode, error.$metadata?.requestId] };
}

const parseFiles = (files: Map<string, string>) =>
  [...files].filter(([name]) => name !== "index.json").map(([, text]) => v.parse(ScenarioSchema, JSON.parse(text)) as Scenario);

describe("recording", () => {
  test("the upstream receives only requests signed by the real credentials (its journal), verified valid", async () => {
    const session = recordingSession();
    await runSession(session.client, session.clock);
    expect(session.upstream.journal).toHaveLength(7);
    for (const { request, status } of session.upstream.journal) {
      expect(status).not.toBe(403);
      expect(request.url).toBe(`${UPSTREAM_URL}/`);
      expect(request.headers.get("authorization")).toStartWith(`AWS4-HMAC-SHA256 Credential=${REAL.accessKeyId}/`);
      expect(request.headers.get("authorization")).toContain("/eu-west-1/rekognition/aws4_request");
      expect(request.headers.get("x-amz-security-token")).toBe(REAL.sessionToken);
      const body = new Uint8Array(await request.clone().arrayBuffer());
      const verdict = await verifySigV4(
        { method: request.method, url: request.url, headers: request.headers, body },
        { credentials: (id) => (id === REAL.accessKeyId ? REAL : undefined), now: session.clock.now(), service: "rekognition" },
      );
      expect(verdict).toEqual({ ok: true, accessKeyId: REAL.accessKeyId, region: "eu-west-1" });
      // The client's own signature (test credentials, us-east-1) was not passed along.
      const asClient = await verifySigV4(
        { method: request.method, url: request.url, headers: request.headers, body },
        {
          credentials: (id) => (id === SIMULATOR_CREDENTIALS.accessKeyId ? SIMULATOR_CREDENTIALS : undefined),
          now: session.clock.now(),
          service: "rekognition",
        },
      );
      expect(asClient.ok).toBe(false);
    }
    // The upstream's answers show it accepted the signatures: it created the version.
    expect(session.upstream.simulator.versions(DEMO_PROJECTS.customLabels).map(({ name }) => name)).toEqual(["v1"]);
  });

  test("the client gets the upstream's answers unchanged: status, body, request id", async () => {
    const session = recordingSession();
    const outcomes = await runSession(session.client, session.clock);
    const seen = outcomes.map(observable);
    session.upstream.journal.forEach((entry, i) => {
      expect(seen[i]!.requestId ?? seen[i]!.error![4]).toBe(entry.requestId!);
    });
    const raw = await session.proxy.fetch(
      await signedRequest({
        region: "eu-west-1",
        operation: "DescribeProjectVersions",
        body: { ProjectArn: DEMO_PROJECTS.customLabels },
        time: session.clock.now(),
      }),
    );
    const last = session.upstream.journal.at(-1)!;
    expect([raw.status, await raw.text()]).toEqual([last.status, last.bodyText]);
  });

  test("the files: one scenario per exchange in the fixture format, in order, listed in index.json", async () => {
    const session = recordingSession();
    await runSession(session.client, session.clock);
    const index = v.parse(ScenarioIndexSchema, JSON.parse(session.store.files.get("index.json")!));
    expect(index.scenarios.map(({ name }) => name)).toEqual([
      "0001-create-success",
      "0002-describe-training-in-progress",
      "0003-describe-training-in-progress",
      "0004-describe-training-completed",
      "0005-create-ResourceInUseException",
      "0006-create-LimitExceededException",
      "0007-describe-ResourceNotFoundException",
    ]);
    const scenarios = index.scenarios.map(({ file }) => v.parse(ScenarioSchema, JSON.parse(session.store.files.get(file)!)) as Scenario);
    expect(scenarios.map((scenario) => scenario.recording!.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(scenarios.map((scenario) => scenario.expect)).toEqual([
      { outcome: "success" },
      { outcome: "success" },
      { outcome: "success" },
      { outcome: "success" },
      { outcome: "error", errorType: "ResourceInUseException", fault: "client" },
      { outcome: "error", errorType: "LimitExceededException", fault: "client" },
      { outcome: "error", errorType: "ResourceNotFoundException", fault: "client" },
    ]);
    // The whole request body, the answer as the service sent it (JSON kept as JSON), no Date or transport headers.
    const first = scenarios[0]!;
    expect(first.request).toEqual({
      operation: "CreateProjectVersion",
      body: { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1", OutputConfig: output },
    });
    expect(first.response.body).toEqual({ ProjectVersionArn: session.upstream.simulator.versions(DEMO_PROJECTS.customLabels)[0]!.arn });
    expect(Object.keys(first.response.headers).sort()).toEqual(["Content-Type", "x-amzn-RequestId"]);
    expect(first.recording).toEqual({ sequence: 1, recordedAt: expect.any(String), upstream: "rekognition.eu-west-1.amazonaws.com", anonymized: false });
    expect(index.scenarios[5]).toEqual({
      name: "0006-create-LimitExceededException",
      file: "0006-create-LimitExceededException.json",
      operation: "CreateProjectVersion",
      trigger: { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "fixture-LimitExceededException", OutputConfig: output },
      status: 400,
      outcome: "error",
      errorType: "LimitExceededException",
    });
    expect(scenarios[5]!.summary).toStartWith("Recorded: CreateProjectVersion failed with LimitExceededException (400): ");
    expect(session.events.map(({ file }) => file)).toEqual(index.scenarios.map(({ file }) => file));
  });

  test("no file holds the real secret key, session token, access key id or any Authorization header sent upstream", async () => {
    const session = recordingSession();
    await runSession(session.client, session.clock);
    const written = [...session.store.files.values()].join("\n");
    const signatures = session.upstream.journal.map(({ request }) => request.headers.get("authorization")!);
    for (
      const secret of [
        REAL.secretAccessKey,
        REAL.sessionToken,
        REAL.accessKeyId,
        ...signatures,
        ...signatures.map((header) => header.split("Signature=")[1]!),
      ]
    ) {
      expect(written.includes(secret)).toBe(false);
    }
    expect(written.toLowerCase()).not.toContain("authorization");
    expect(written).not.toContain("x-amz-security-token");
  });

  test("an answer that echoes the secrets is passed on unchanged, and saved redacted", async () => {
    const clock = new VirtualClock({ start: Date.now() });
    const store = memoryStore();
    const proxy = new RecordingProxy({
      upstream: {
        region: "us-east-1",
        credentials: REAL,
        fetch: async (_url, init) => {
          const headers = new Headers(init.headers);
          const authorization = headers.get("authorization")!;
          const echo = `Authorization=${authorization} token=${
            headers.get("x-amz-security-token")
          } secret=${REAL.secretAccessKey} key=${REAL.accessKeyId} sig=${authorization.split("Signature=")[1]}`;
          return new Response(JSON.stringify({ __type: "IncompleteSignatureException", message: echo }), {
            status: 400,
            headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "echo-1", "x-echo": REAL.sessionToken },
          });
        },
      },
      store,
      clock,
    });
    const response = await proxy.fetch(
      await signedRequest({ body: { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v", OutputConfig: output }, time: clock.now() }),
    );
    const told = await response.text();
    expect(told).toContain(REAL.secretAccessKey);
    expect(response.headers.get("x-echo")).toBe(REAL.sessionToken);

    const file = store.files.get("0001-create-IncompleteSignatureException.json")!;
    for (const secret of [REAL.secretAccessKey, REAL.sessionToken, REAL.accessKeyId, "Signature="]) expect(file.includes(secret)).toBe(false);
    const saved = JSON.parse(file) as Scenario;
    expect((saved.response.body as { message: string }).message).toBe(
      `Authorization=${REDACTED} token=${REDACTED} secret=${REDACTED} key=${REDACTED} sig=${REDACTED}`,
    );
    expect(saved.response.headers["x-echo"]).toBe(REDACTED);
  });

  test("answers of every kind are saved as the format describes them: malformed, HTML, empty, typed by header", async () => {
    const answers = [
      new Response('{"ProjectVersionArn":5}', { status: 200, headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "r1" } }),
      new Response("<html>502 Bad Gateway</html>", { status: 502, headers: { "content-type": "text/html" } }),
      new Response(null, { status: 500, headers: { "x-amzn-requestid": "r3" } }),
      new Response('{"message":"slow down"}', {
        status: 400,
        headers: { "x-amzn-errortype": "ThrottlingException:http://internal", "content-type": "application/x-amz-json-1.1" },
      }),
      new Response("{}", {
        status: 200,
        headers: { "content-type": "application/x-amz-json-1.1", "content-encoding": "gzip", connection: "keep-alive", date: "Thu, 01 Jan 2026 00:00:00 GMT" },
      }),
    ];
    const store = memoryStore();
    const proxy = new RecordingProxy({ upstream: { region: "us-east-1", credentials: REAL, fetch: async () => answers.shift()! }, store });
    const sendCreate = async () =>
      proxy.fetch(await signedRequest({ body: { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v", OutputConfig: output } }));
    for (let i = 0; i < 4; i++) await sendCreate();
    const last = await proxy.fetch(await signedRequest({ operation: "DescribeProjectVersions", body: { ProjectArn: DEMO_PROJECTS.customLabels } }));
    // Passed on without the transport's headers (the body was already decoded); the service's Date kept.
    expect([last.headers.get("content-encoding"), last.headers.get("connection"), last.headers.get("date")]).toEqual([
      null,
      null,
      "Thu, 01 Jan 2026 00:00:00 GMT",
    ]);
    const saved = parseFiles(store.files);
    expect(saved.map(({ name, expect: expectation, response }) => [name, expectation, response.body, response.bodyText, response.headers])).toEqual([
      ["0001-create-malformed", { outcome: "malformed" }, { ProjectVersionArn: 5 }, undefined, {
        "Content-Type": "application/x-amz-json-1.1",
        "x-amzn-RequestId": "r1",
      }],
      ["0002-create-http-502", { outcome: "error", errorType: null, fault: "server" }, undefined, "<html>502 Bad Gateway</html>", {
        "Content-Type": "text/html",
      }],
      ["0003-create-http-500", { outcome: "error", errorType: null, fault: "server" }, undefined, undefined, { "x-amzn-RequestId": "r3" }],
      [
        "0004-create-ThrottlingException",
        { outcome: "error", errorType: "ThrottlingException", fault: "server" },
        { message: "slow down" },
        undefined,
        { "Content-Type": "application/x-amz-json-1.1", "X-Amzn-Errortype": "ThrottlingException:http://internal" },
      ],
      ["0005-describe-no-versions", { outcome: "success" }, {}, undefined, { "Content-Type": "application/x-amz-json-1.1" }],
    ]);
  });

  test("headers that have no place in a fixture are never saved (cookies, Date, the transport's); cookies still reach the client", async () => {
    const upstream = new Response('{"ProjectVersionArn":"arn:aws:rekognition:us-east-1:111122223333:project/p/version/v/1"}', { status: 200 });
    const unsaved = {
      "set-cookie": "session=upstream-cookie; Secure",
      date: "Thu, 01 Jan 2026 00:00:00 GMT",
      connection: "keep-alive",
      "keep-alive": "timeout=5",
      "transfer-encoding": "chunked",
      "content-length": "87",
      "content-encoding": "identity",
    };
    const answer = new Response(upstream.body, {
      status: 200,
      headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "r1", ...unsaved },
    });
    const store = memoryStore();
    const proxy = new RecordingProxy({ upstream: { region: "us-east-1", credentials: REAL, fetch: async () => answer }, store });
    const passed = await proxy.fetch(await signedRequest({ body: { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v", OutputConfig: output } }));
    expect(passed.headers.get("set-cookie")).toBe(unsaved["set-cookie"]);
    const [saved] = parseFiles(store.files);
    expect(saved!.response.headers).toEqual({ "Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "r1" });
    expect([...store.files.values()].join("\n")).not.toContain("upstream-cookie");
  });

  test("each recorded answer is parsed once (and the file written, once, to check it is what replay reads)", async () => {
    const answers = [
      '{"ProjectVersionArn":"arn:aws:rekognition:us-east-1:111122223333:project/p/version/v/1"}',
      '{"__type":"ThrottlingException","Code":"ThrottlingException","Logref":"l","Message":"Rate exceeded 0123"}',
    ];
    const statuses = [200, 400];
    const store = memoryStore();
    const proxy = new RecordingProxy({
      upstream: {
        region: "us-east-1",
        credentials: REAL,
        fetch: async () => new Response(answers[store.files.size === 0 ? 0 : 1], { status: statuses[store.files.size === 0 ? 0 : 1] }),
      },
      store,
      anonymize: true,
    });
    const requests = [
      await signedRequest({ body: { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v", OutputConfig: output } }),
      await signedRequest({ body: { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "w", OutputConfig: output } }),
    ];
    const { parse } = JSON;
    const parsed: string[] = [];
    JSON.parse = (source: string, reviver?: (key: string, value: unknown) => unknown) => (parsed.push(source), parse(source, reviver));
    try {
      for (const request of requests) await proxy.fetch(request);
    } finally {
      JSON.parse = parse;
    }
    const saved = [...store.files.keys()].filter((name) => name !== "index.json");
    expect(saved).toEqual(["0001-create-success.json", "0002-create-ThrottlingException.json"]);
    for (const [i, answer] of answers.entries()) {
      expect([i, parsed.filter((source) => source === answer).length]).toEqual([i, 1]);
      // The whole file, once: the check that what is written is what replay reads.
      expect([i, parsed.filter((source) => source === store.files.get(saved[i]!)).length]).toEqual([i, 1]);
    }
    expect(parsed).toHaveLength(4 + 2); // those, and each request's body (read once, as the journal and checks share it)
  });

  test("a Content-Type the service refuses is forwarded all the same: the service's answer to it is recorded", async () => {
    const session = recordingSession();
    const request = await signedRequest({
      region: "eu-west-1",
      body: { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v", OutputConfig: output },
      headers: { "content-type": "application/json" },
      time: session.clock.now(),
    });
    const response = await session.proxy.fetch(request);
    expect([response.status, ((await response.json()) as { __type: string }).__type]).toEqual([400, "UnknownOperationException"]);
    expect(session.upstream.journal[0]!.request.headers.get("content-type")).toBe("application/json");
    expect(parseFiles(session.store.files).map(({ name }) => name)).toEqual(["0001-create-UnknownOperationException"]);
  });

  test("a file the redaction would break is not written, and the failure is reported", async () => {
    const store = memoryStore();
    const events: RecordEvent[] = [];
    const proxy = new RecordingProxy({
      upstream: {
        region: "us-east-1",
        credentials: { accessKeyId: "success", secretAccessKey: "s" },
        fetch: async () => new Response('{"ProjectVersionArn":"arn"}'),
      },
      store,
      onRecord: (event) => events.push(event),
    });
    const response = await proxy.fetch(await signedRequest({ body: { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v", OutputConfig: output } }));
    expect(response.status).toBe(200);
    expect(store.files.size).toBe(0);
    expect(events[0]!.error).toStartWith("not saved: ");
  });

  test("a request that fails the checks (unknown key, unknown operation, another region) is answered as the service would, not forwarded, not saved", async () => {
    const session = recordingSession();
    const foreign = { accessKeyId: "AKIDUNKNOWN", secretAccessKey: "not-accepted-here-0123456789" };
    const refused = await session.proxy.fetch(
      await signedRequest({ region: "eu-west-1", credentials: foreign, body: { ProjectArn: DEMO_PROJECTS.customLabels }, time: session.clock.now() }),
    );
    expect([refused.status, ((await refused.json()) as { __type: string }).__type]).toEqual([400, "UnrecognizedClientException"]);
    const unknown = await session.proxy.fetch(await signedRequest({ region: "eu-west-1", operation: "DetectLabels", body: {}, time: session.clock.now() }));
    expect([unknown.status, ((await unknown.json()) as { __type: string }).__type]).toEqual([400, "UnknownOperationException"]);
    const otherRegion = await session.proxy.fetch(
      await signedRequest({ region: "us-east-1", body: { ProjectArn: DEMO_PROJECTS.customLabels }, time: session.clock.now() }),
    );
    expect([otherRegion.status, ((await otherRegion.json()) as { message: string }).message]).toEqual([
      400,
      "Credential should be scoped to a valid region, not 'us-east-1'. ",
    ]);
    expect(session.upstream.journal).toHaveLength(0);
    expect(session.store.files.size).toBe(0);
    expect(session.events.map(({ error }) => error)).toEqual(Array(3).fill("not forwarded: the request failed the checks"));
  });

  test("an unreachable upstream drops the client's connection (a network error); nothing is saved", async () => {
    const store = memoryStore();
    const events: RecordEvent[] = [];
    const proxy = new RecordingProxy({
      upstream: { region: "us-east-1", credentials: REAL, fetch: () => Promise.reject(new TypeError("fetch failed: ECONNREFUSED")) },
      store,
      onRecord: (event) => events.push(event),
    });
    const client = new RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, fetch: proxy.fetch, maxAttempts: 1 });
    const error = await client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels }).catch((caught: unknown) => caught);
    expect((error as Error).name).toBe("NetworkError");
    expect(store.files.size).toBe(0);
    expect(events).toEqual([{
      status: 0,
      operation: "DescribeProjectVersions",
      body: { ProjectArn: DEMO_PROJECTS.customLabels },
      error: "fetch failed: ECONNREFUSED",
    }]);
  });

  test("a folder with an index is appended to: numbering goes on, earlier entries stay", async () => {
    const first = recordingSession();
    await first.client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels });
    const store = memoryStore(JSON.parse(first.store.files.get("index.json")!));
    const second = recordingSession({ store });
    await second.client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.moderation });
    const index = JSON.parse(store.files.get("index.json")!) as ScenarioIndex;
    expect(index.scenarios.map(({ name }) => name)).toEqual(["0001-describe-no-versions", "0002-describe-no-versions"]);
    expect(index.scenarios[1]!.trigger).toEqual({ ProjectArn: DEMO_PROJECTS.moderation });
  });
});

test("numbering follows the index's own numbers too: an index pruned of its first entries goes on after its last", async () => {
  const first = recordingSession();
  await runSession(first.client, first.clock);
  const index = JSON.parse(first.store.files.get("index.json")!) as ScenarioIndex;
  const store = memoryStore({ ...index, scenarios: index.scenarios.slice(-2) });
  const second = recordingSession({ store });
  await second.client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.moderation });
  expect([...store.files.keys()].filter((name) => name !== "index.json")).toEqual(["0008-describe-no-versions.json"]);
});

describe("--anonymize", () => {
  const REAL_ACCOUNT = "210987654321";

  test("the real account becomes the demo account in every file, consistently; nothing else changes", async () => {
    const session = recordingSession({ anonymize: true, accountId: REAL_ACCOUNT });
    const { ProjectArn: projectArn } = session.upstream.simulator.addProject({ ProjectName: "private-project" });
    await runSession(session.client, session.clock, projectArn);
    const written = [...session.store.files.values()].join("\n");
    expect(written).not.toContain(REAL_ACCOUNT);
    const scenarios = parseFiles(session.store.files);
    const demoProject = projectArn.replace(REAL_ACCOUNT, "111122223333");
    const created = scenarios.find(({ name }) => name === "0001-create-success")!;
    expect(created.request.body!.ProjectArn).toBe(demoProject);
    const arn = (created.response.body as { ProjectVersionArn: string }).ProjectVersionArn;
    expect(arn).toStartWith("arn:aws:rekognition:eu-west-1:111122223333:project/private-project/version/v1/");
    const completed = scenarios.find(({ name }) => name === "0004-describe-training-completed")!;
    expect((completed.response.body as { ProjectVersionDescriptions: { ProjectVersionArn: string }[] }).ProjectVersionDescriptions[0]!.ProjectVersionArn).toBe(
      arn,
    );
    // Messages too: the unknown project's ARN in the ResourceNotFoundException.
    const notFound = scenarios.find(({ name }) => name === "0007-describe-ResourceNotFoundException")!;
    expect((notFound.response.body as { Message: string }).Message).toContain("arn:aws:rekognition:eu-west-1:111122223333:project/private-project-gone/1");
    expect(scenarios.every((scenario) => scenario.recording!.anonymized)).toBe(true);
    // Timestamps (13 digits) and request ids are left alone.
    expect(created.response.headers["x-amzn-RequestId"]).toBe(session.upstream.journal[0]!.requestId!);
  });

  test("without --anonymize the account stays", async () => {
    const session = recordingSession({ accountId: REAL_ACCOUNT });
    const { ProjectArn: projectArn } = session.upstream.simulator.addProject({ ProjectName: "private-project" });
    await session.client.describeProjectVersions({ ProjectArn: projectArn });
    expect([...session.store.files.values()].join("\n")).toContain(REAL_ACCOUNT);
  });
});

describe("record, then replay", () => {
  test("a replay of the files gives the same calls the same results, errors and request ids", async () => {
    const session = recordingSession();
    const recorded = (await runSession(session.client, session.clock)).map(observable);
    const scenarios = await loadScenarioFolder(async (file) => session.store.files.get(file)!);
    const replayer = new RecordingReplayer(scenarios);
    const clock = new VirtualClock({ start: Date.now() });
    const client = new RekognitionClient({ region: "eu-central-1", credentials: SIMULATOR_CREDENTIALS, fetch: replayer.fetch, clock, maxAttempts: 1 });
    const replayed = (await runSession(client, clock)).map(observable);
    expect(replayed).toEqual(recorded);
    expect(recorded.map((outcome) => ("value" in outcome ? "ok" : outcome.error![0]))).toEqual([
      "ok",
      "ok",
      "ok",
      "ok",
      "ResourceInUseException",
      "LimitExceededException",
      "ResourceNotFoundException",
    ]);
  });
});

describe("on disk (recordingFolder, readRecordings)", () => {
  test("a session recorded into a new folder reads back as the same scenarios; a second session appends", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "rekognition-edge-rec-")), "nested", "session");
    try {
      const first = recordingSession({ store: Object.assign(await recordingFolder(dir), { files: new Map<string, string>() }) });
      await runSession(first.client, first.clock);
      const files = readdirSync(dir).sort();
      expect(files).toHaveLength(8);
      expect(files.at(-1)).toBe("index.json");
      const scenarios = await readRecordings(dir);
      expect(scenarios.map(({ name }) => `${name}.json`)).toEqual(files.slice(0, 7));
      expect(scenarios[0]).toEqual(JSON.parse(readFileSync(join(dir, files[0]!), "utf8")));

      const store = await recordingFolder(dir);
      expect(store.index?.scenarios).toHaveLength(7);
      const second = recordingSession({ store: Object.assign(store, { files: new Map<string, string>() }) });
      await second.client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.moderation });
      expect((await readRecordings(dir)).map(({ name }) => name).slice(6)).toEqual(["0007-describe-ResourceNotFoundException", "0008-describe-no-versions"]);
      // A scenario file is never overwritten.
      await expect(store.write(files[0]!, "{}")).rejects.toThrow();
    } finally {
      rmSync(dir.replace(/\/nested\/session$/, ""), { recursive: true, force: true });
    }
  });

  test("a folder whose index was pruned by hand: new recordings are numbered after every file there, none is overwritten", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rekognition-edge-rec-"));
    try {
      const first = recordingSession({ store: Object.assign(await recordingFolder(dir), { files: new Map<string, string>() }) });
      await runSession(first.client, first.clock);
      const before = Object.fromEntries(readdirSync(dir).filter((name) => name !== "index.json").map((name) => [name, readFileSync(join(dir, name), "utf8")]));
      expect(Object.keys(before)).toHaveLength(7);
      // Pruned by hand: only the first recording is listed; the six others stay in the folder.
      const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as ScenarioIndex;
      writeFileSync(join(dir, "index.json"), JSON.stringify({ ...index, scenarios: index.scenarios.slice(0, 1) }));
      const second = recordingSession({ store: Object.assign(await recordingFolder(dir), { files: new Map<string, string>() }) });
      await second.client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.moderation });
      const after = readdirSync(dir).filter((name) => name !== "index.json").sort();
      expect(after).toEqual([...Object.keys(before), "0008-describe-no-versions.json"].sort());
      for (const [name, text] of Object.entries(before)) expect([name, readFileSync(join(dir, name), "utf8")]).toEqual([name, text]);
      expect((await readRecordings(dir)).map(({ name }) => name)).toEqual([index.scenarios[0]!.name, "0008-describe-no-versions"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a folder whose index.json is not an index is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rekognition-edge-rec-"));
    try {
      writeFileSync(join(dir, "index.json"), "[]");
      await expect(recordingFolder(dir)).rejects.toThrow("index.json exists but is not a scenario index");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
