/**
 * Local servers a web page cannot drive (issue 22), on real sockets, each
 * refusal with the proof that nothing happened: a rebinding `Host` on the API,
 * the control plane and the recording proxy (whose upstream's journal stays
 * empty); a text/plain cross-origin POST; a cross-site `Sec-Fetch-Site`; a
 * POST not declared JSON; no CORS grant on any answer. Requests are written as
 * raw bytes: `fetch` does not let a test choose `Host`, and browsers'
 * `Origin` and `Sec-Fetch-Site` are what is being tested.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RekognitionClient } from "../mod.ts";
import { type RunningServer, startNodeServer } from "../harness/node/server.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { JSON_1_1 } from "../src/protocol.ts";
import { httpBytes, parseHttp, rawExchange, signedRequest } from "./fixtures-helpers.ts";
import { serveInProcess, type ServeRun } from "./serve-in-process.ts";

const PROJECT = DEMO_PROJECTS.customLabels;
const output = { S3Bucket: "amzn-s3-demo-bucket" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const JSON_TYPE = { "Content-Type": "application/json" };
/** What a rebound page's requests say: its own name, at the server's port. */
const rebound = (port: number) => `evil.example:${port}`;

type Answer = ReturnType<typeof parseHttp>;

/** One request as raw HTTP/1.1 bytes to 127.0.0.1:`port`, with whatever `Host` and headers a browser or an attacker would send; the answer parsed. */
async function send(
  port: number,
  { method = "GET", path = "/", host = `127.0.0.1:${port}`, headers = {}, body = "" }: {
    method?: string;
    path?: string;
    host?: string;
    headers?: Record<string, string>;
    body?: string;
  } = {},
): Promise<Answer> {
  const lines = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${host}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${new TextEncoder().encode(body).byteLength}`,
    "Connection: close",
  ];
  return parseHttp((await rawExchange(port, `${lines.join("\r\n")}\r\n\r\n${body}`)).text);
}

/** An API call signed with the test credentials for `host` (the Host it is sent with, as a rebound page would sign it), sent to `port`. */
async function signedCall(port: number, host: string, operation: string, body: unknown): Promise<Answer> {
  const request = await signedRequest({ url: `http://${host}/`, operation, body });
  return parseHttp((await rawExchange(port, await httpBytes(request))).text);
}

const corsHeaders = (answer: Answer) => Object.keys(answer.headers).filter((name) => name.startsWith("access-control-"));

/** A refusal: the status, a JSON body naming what happened, a request id, no CORS grant. */
function expectRefusal(answer: Answer, status: number, type: string): string {
  const body = JSON.parse(answer.body) as { __type: string; message: string };
  expect([answer.status, body.__type]).toEqual([status, type]);
  expect(answer.headers["content-type"]).toBe(JSON_1_1);
  expect(answer.headers["x-amzn-requestid"]).toMatch(UUID);
  expect(corsHeaders(answer)).toEqual([]);
  return body.message;
}

describe("the Host allow-list: a rebound page's requests are refused before anything happens", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNodeServer({ simulator: new RekognitionSimulator({ trainingSeconds: 60 }) });
  });
  afterAll(() => server.close());
  afterEach(() => server.simulator.reset());
  const versionNames = () => server.simulator.versions(PROJECT).map(({ name }) => name);

  test("the API: a create signed for the rebinding name gets a 421 (JSON, a request id): not journaled, nothing created", async () => {
    const answer = await signedCall(server.port, rebound(server.port), "CreateProjectVersion", {
      ProjectArn: PROJECT,
      VersionName: "rebound",
      OutputConfig: output,
    });
    const message = expectRefusal(answer, 421, "MisdirectedRequestException");
    expect(message).toStartWith(`Host "evil.example:${server.port}" is not a name this server answers to`);
    expect(server.simulator.requests()).toEqual([]);
    expect(versionNames()).toEqual([]);
    // The same call with the server's own names, localhost and 127.0.0.1, is served.
    for (const [host, name] of [[`127.0.0.1:${server.port}`, "by-address"], [`localhost:${server.port}`, "by-name"]] as const) {
      expect((await signedCall(server.port, host, "CreateProjectVersion", { ProjectArn: PROJECT, VersionName: name, OutputConfig: output })).status).toBe(200);
    }
    expect(versionNames()).toEqual(["by-name", "by-address"]);
  });

  test("the control plane: the journal is not read, and reset, clock and queue changes are refused, from the rebinding name", async () => {
    await signedCall(server.port, `127.0.0.1:${server.port}`, "CreateProjectVersion", { ProjectArn: PROJECT, VersionName: "kept", OutputConfig: output });
    server.simulator.queueResponse({ operation: "CreateProjectVersion", respond: { scenario: "create-ThrottlingException" } });
    const host = rebound(server.port);
    const journal = await send(server.port, { path: "/__admin/requests", host });
    expectRefusal(journal, 421, "MisdirectedRequestException");
    expect(journal.body).not.toContain("CreateProjectVersion");
    for (
      const [path, body] of [["/__admin/reset", ""], ["/__admin/clock/advance", '{"seconds":3600}'], [
        "/__admin/responses",
        '{"respond":{"fault":"LOST_ANSWER"}}',
      ]]
    ) {
      expectRefusal(await send(server.port, { method: "POST", path, host, headers: JSON_TYPE, body }), 421, "MisdirectedRequestException");
    }
    expectRefusal(await send(server.port, { method: "DELETE", path: "/__admin/responses", host }), 421, "MisdirectedRequestException");
    expect(server.simulator.versions(PROJECT).map(({ name, status }) => [name, status])).toEqual([["kept", "TRAINING_IN_PROGRESS"]]);
    expect(server.simulator.pendingResponses()).toHaveLength(1);
    // From the server's own name, the same reset works.
    expect((await send(server.port, { method: "POST", path: "/__admin/reset", host: `localhost:${server.port}`, headers: JSON_TYPE })).status).toBe(200);
    expect([versionNames(), server.simulator.pendingResponses()]).toEqual([[], []]);
  });

  test("the name decides, not the port: a Host without a port or with another is served; names that only look like loopback are not", async () => {
    for (const host of ["127.0.0.1", "localhost", "LOCALHOST:1", `[::1]:${server.port}`, `dashboard.localhost:${server.port}`]) {
      expect([host, (await send(server.port, { path: "/__admin/health", host })).status]).toEqual([host, 200]);
    }
    for (const host of [`127.0.0.1.nip.io:${server.port}`, `localhost.evil.example:${server.port}`, `192.168.1.10:${server.port}`, `0.0.0.0:${server.port}`]) {
      expect([host, (await send(server.port, { path: "/__admin/health", host })).status]).toEqual([host, 421]);
    }
  });

  test("allowedHosts: a docker-compose service name is served, at any port; another name is still refused, told how to add it", async () => {
    const compose = await startNodeServer({ allowedHosts: ["Rekognition-Sim"] });
    try {
      const health = await send(compose.port, { path: "/__admin/health", host: "rekognition-sim:4599" });
      expect([health.status, JSON.parse(health.body).status]).toEqual([200, "ok"]);
      const message = expectRefusal(await send(compose.port, { path: "/__admin/health", host: "other-sim:4599" }), 421, "MisdirectedRequestException");
      expect(message).toContain("(localhost, *.localhost, 127.0.0.1, [::1], rekognition-sim, at any port)");
      expect(message).toContain("--allowed-host <name> (startServer: allowedHosts)");
    } finally {
      await compose.close();
    }
    await expect(startNodeServer({ allowedHosts: ["rekognition-sim:4599"] })).rejects.toThrow(
      "an allowed host is a name or address without scheme, port or path",
    );
    // Docker's service names may hold an underscore: such a Host is well-formed, and served when listed.
    const underscored = await startNodeServer({ allowedHosts: ["rekognition_sim"] });
    try {
      expect((await send(underscored.port, { path: "/__admin/health", host: `rekognition_sim:${underscored.port}` })).status).toBe(200);
    } finally {
      await underscored.close();
    }
  });

  test("on 0.0.0.0 with a token, clients on other machines use its name or IP: served only when listed, and the refusal says so", async () => {
    const everywhere = await startNodeServer({ hostname: "0.0.0.0", adminToken: "tok-424242", allowedHosts: ["build-box.lan"] });
    try {
      const authorization = { Authorization: "Bearer tok-424242" };
      expect((await send(everywhere.port, { path: "/__admin/health", host: `build-box.lan:${everywhere.port}`, headers: authorization })).status).toBe(200);
      const message = expectRefusal(
        await send(everywhere.port, { path: "/__admin/health", host: `192.0.2.44:${everywhere.port}`, headers: authorization }),
        421,
        "MisdirectedRequestException",
      );
      expect(message).toContain("this machine's name or IP while it listens on 0.0.0.0");
    } finally {
      await everywhere.close();
    }
  });

  test("our client and the AWS SDK's URL forms work with both names: http://localhost:PORT and http://127.0.0.1:PORT", async () => {
    for (const endpoint of [`http://localhost:${server.port}`, `http://127.0.0.1:${server.port}`]) {
      const client = new RekognitionClient({ endpoint, region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, maxAttempts: 1 });
      expect((await client.describeProjectVersions({ ProjectArn: PROJECT })).ProjectVersionDescriptions).toEqual([]);
    }
  });
});

describe("the recording proxy (serve --record): a rebinding Host is refused before it is verified, re-signed or forwarded", () => {
  const REAL = { accessKeyId: "AKIAREBINDINGREAL001", secretAccessKey: "rebinding/Real+Secret0123456789abcdefGHIJ" };
  let upstream: RunningServer;
  let recorder: ServeRun;
  let dir: string;
  beforeAll(async () => {
    dir = join(mkdtempSync(join(tmpdir(), "rekognition-edge-rebinding-")), "session");
    upstream = await startNodeServer({ simulator: new RekognitionSimulator({ credentials: [REAL], trainingSeconds: 60 }) });
    recorder = await serveInProcess(["--port", "0", "--record", dir, "--upstream", upstream.url, "--region", "us-east-1"], {
      AWS_ACCESS_KEY_ID: REAL.accessKeyId,
      AWS_SECRET_ACCESS_KEY: REAL.secretAccessKey,
    });
    expect(recorder.url).toBeDefined();
  });
  afterAll(async () => {
    await recorder?.stop();
    await upstream?.close();
    rmSync(join(dir, ".."), { recursive: true, force: true });
  });
  const recorderJournal = async () => JSON.parse((await send(recorder.port, { path: "/__admin/requests" })).body).requests as unknown[];

  test("a call validly signed for the rebinding name: 421; the upstream's journal is empty, no file is written, the proxy journals nothing", async () => {
    const answer = await signedCall(recorder.port, rebound(recorder.port), "CreateProjectVersion", {
      ProjectArn: PROJECT,
      VersionName: "billed",
      OutputConfig: output,
    });
    expect(upstream.simulator.requests().map(({ operation, signature }) => [operation, signature])).toEqual([]);
    expectRefusal(answer, 421, "MisdirectedRequestException");
    expect(readdirSync(dir)).toEqual([]);
    expect(await recorderJournal()).toEqual([]);
  });

  test("a cross-site simple POST to the proxy: 403, nothing forwarded", async () => {
    const before = upstream.simulator.requests().length;
    const answer = await send(recorder.port, { method: "POST", headers: { Origin: "http://evil.example", "Content-Type": "text/plain" }, body: "{}" });
    expectRefusal(answer, 403, "CrossOriginRequestRefusedException");
    expect(upstream.simulator.requests()).toHaveLength(before);
  });

  test("the same call signed for the proxy's own name goes through: the refusal was the Host's", async () => {
    const answer = await signedCall(recorder.port, `127.0.0.1:${recorder.port}`, "DescribeProjectVersions", { ProjectArn: PROJECT });
    expect(answer.status).toBe(200);
    expect(upstream.simulator.requests().map(({ operation, signature }) => [operation, signature])).toEqual([["DescribeProjectVersions", "valid"]]);
    expect(readdirSync(dir).sort()).toEqual(["0001-describe-no-versions.json", "index.json"]);
  });
});

describe("requests from web pages of another origin", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNodeServer({ simulator: new RekognitionSimulator({ trainingSeconds: 60 }) });
  });
  afterAll(() => server.close());
  afterEach(() => server.simulator.reset());
  const statuses = () => server.simulator.versions(PROJECT).map(({ status }) => status);
  const train = () =>
    signedCall(server.port, `127.0.0.1:${server.port}`, "CreateProjectVersion", { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output });

  test("a text/plain cross-origin POST (a simple request: no preflight) to /__admin/clock/advance: 403, the training does not finish", async () => {
    await train();
    const answer = await send(server.port, {
      method: "POST",
      path: "/__admin/clock/advance",
      headers: { Origin: "http://evil.example", "Content-Type": "text/plain;charset=UTF-8" },
      body: '{"seconds":3600}',
    });
    expect(expectRefusal(answer, 403, "CrossOriginRequestRefusedException")).toStartWith("Origin http://evil.example is not this server's own");
    expect(statuses()).toEqual(["TRAINING_IN_PROGRESS"]);
  });

  test("another origin with a JSON body (what only a preflight could let through), another local server's page included: 403, nothing reset", async () => {
    await train();
    for (const origin of ["http://evil.example", `http://localhost:3000`, "null"]) {
      const answer = await send(server.port, { method: "POST", path: "/__admin/reset", headers: { Origin: origin, ...JSON_TYPE } });
      expect([origin, answer.status]).toEqual([origin, 403]);
    }
    expect(statuses()).toEqual(["TRAINING_IN_PROGRESS"]);
  });

  test("Sec-Fetch-Site cross-site or same-site, with no Origin (an embedded GET, a navigation): 403; the journal is not read, nothing reset", async () => {
    await train();
    const journal = await send(server.port, { path: "/__admin/requests", headers: { "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors" } });
    expect(expectRefusal(journal, 403, "CrossOriginRequestRefusedException")).toStartWith("Sec-Fetch-Site: cross-site");
    expect(journal.body).not.toContain("CreateProjectVersion");
    const reset = await send(server.port, { method: "POST", path: "/__admin/reset", headers: { "Sec-Fetch-Site": "same-site", ...JSON_TYPE } });
    expectRefusal(reset, 403, "CrossOriginRequestRefusedException");
    expect(statuses()).toEqual(["TRAINING_IN_PROGRESS"]);
  });

  test("the API too: a cross-site simple POST is refused before the simulator, so it is not journaled", async () => {
    const answer = await send(server.port, { method: "POST", headers: { Origin: "http://evil.example", "Content-Type": "text/plain" }, body: "{}" });
    expectRefusal(answer, 403, "CrossOriginRequestRefusedException");
    expect(server.simulator.requests()).toEqual([]);
  });

  test("a control-plane POST not declared JSON (text/plain, a form, no type, even empty): 415, no effect, whoever sends it", async () => {
    await train();
    const notJson: { headers: Record<string, string>; body: string }[] = [
      { headers: { "Content-Type": "text/plain" }, body: '{"seconds":3600}' },
      { headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: '{"seconds":3600}' },
      { headers: {}, body: '{"seconds":3600}' },
    ];
    for (const request of notJson) {
      const answer = await send(server.port, { method: "POST", path: "/__admin/clock/advance", ...request });
      expect([answer.status, JSON.parse(answer.body).error]).toEqual([
        415,
        "/__admin/clock/advance takes Content-Type: application/json, even with an empty body (curl: -H 'Content-Type: application/json')",
      ]);
    }
    expect((await send(server.port, { method: "POST", path: "/__admin/reset" })).status).toBe(415);
    expect(statuses()).toEqual(["TRAINING_IN_PROGRESS"]);
    // Declared JSON, it works (and an empty body is still {}).
    expect((await send(server.port, { method: "POST", path: "/__admin/clock/advance", headers: JSON_TYPE, body: '{"seconds":3600}' })).status).toBe(200);
    expect(statuses()).toEqual(["TRAINING_COMPLETED"]);
    expect((await send(server.port, { method: "POST", path: "/__admin/reset", headers: { "Content-Type": "application/json; charset=utf-8" } })).status).toBe(
      200,
    );
    expect(statuses()).toEqual([]);
  });

  test("the server's own pages (the dashboard's requests): Origin = the Host, Sec-Fetch-Site same-origin, JSON: served", async () => {
    await train();
    const own = await send(server.port, {
      method: "POST",
      path: "/__admin/clock/advance",
      headers: { Origin: `http://127.0.0.1:${server.port}`, "Sec-Fetch-Site": "same-origin", ...JSON_TYPE },
      body: '{"seconds":3600}',
    });
    expect(own.status).toBe(200);
    expect(statuses()).toEqual(["TRAINING_COMPLETED"]);
    const state = await send(server.port, { path: "/__admin/state", host: `localhost:${server.port}`, headers: { Origin: `http://localhost:${server.port}` } });
    expect(state.status).toBe(200);
    expect((await send(server.port, { path: "/__admin/health", headers: { "Sec-Fetch-Site": "none" } })).status).toBe(200);
  });
});

test("the JSON rule is the control plane's, so simulator.fetch (and the MSW handlers) answer the same 415 as the server", async () => {
  const simulator = new RekognitionSimulator();
  const plain = await simulator.fetch("http://127.0.0.1:4599/__admin/projects", { method: "POST", body: '{"ProjectName":"p"}' });
  expect([plain.status, (await plain.json()).error]).toEqual([415, expect.stringContaining("takes Content-Type: application/json")]);
  expect(simulator.state().projects.map(({ ProjectArn }) => ProjectArn)).not.toContainEqual(expect.stringContaining(":project/p/"));
  const json = await simulator.fetch("http://127.0.0.1:4599/__admin/projects", { method: "POST", headers: JSON_TYPE, body: '{"ProjectName":"p"}' });
  expect(json.status).toBe(200);
});

describe("no CORS grant, ever", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNodeServer();
  });
  afterAll(() => server.close());

  test("a preflight from another origin is refused (403); OPTIONS without one gets the endpoint's 405 or the API's 403; no Access-Control-* header", async () => {
    const preflight = {
      method: "OPTIONS",
      headers: { Origin: "http://evil.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    };
    expectRefusal(await send(server.port, { ...preflight, path: "/__admin/reset" }), 403, "CrossOriginRequestRefusedException");
    expectRefusal(await send(server.port, { ...preflight, path: "/" }), 403, "CrossOriginRequestRefusedException");
    const admin = await send(server.port, { method: "OPTIONS", path: "/__admin/reset" });
    const api = await send(server.port, { method: "OPTIONS", path: "/" });
    expect([admin.status, api.status]).toEqual([405, 403]);
    expect([corsHeaders(admin), corsHeaders(api)]).toEqual([[], []]);
  });

  test("no answer carries one: API successes and errors, the control plane, refusals, and a queued answer that asks for one", async () => {
    const grant = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": "true" };
    server.simulator.queueResponse({
      operation: "DescribeProjectVersions",
      respond: { status: 200, headers: grant, body: { ProjectVersionDescriptions: [] } },
    });
    const queued = await signedCall(server.port, `127.0.0.1:${server.port}`, "DescribeProjectVersions", { ProjectArn: PROJECT });
    expect([queued.status, JSON.parse(queued.body)]).toEqual([200, { ProjectVersionDescriptions: [] }]);
    const answers = [
      queued,
      await signedCall(server.port, `127.0.0.1:${server.port}`, "DescribeProjectVersions", { ProjectArn: PROJECT }),
      await signedCall(server.port, `127.0.0.1:${server.port}`, "CreateProjectVersion", { ProjectArn: PROJECT }),
      await send(server.port, { path: "/__admin/health", headers: { Origin: `http://127.0.0.1:${server.port}` } }),
      await send(server.port, { path: "/__admin/nope" }),
      await send(server.port, { method: "POST", path: "/__admin/reset", headers: JSON_TYPE }),
      await send(server.port, { path: "/__admin/health", host: rebound(server.port) }),
      await send(server.port, { path: "/__admin/health", headers: { Origin: "http://evil.example" } }),
    ];
    expect(answers.map(({ status }) => status)).toEqual([200, 200, 400, 200, 404, 200, 421, 403]);
    expect(answers.flatMap(corsHeaders)).toEqual([]);
  });
});
