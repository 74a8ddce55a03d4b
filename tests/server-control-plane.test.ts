/**
 * The standalone server's side of the control plane: `/__admin/` on the API's
 * own port, the token rule and the loopback rule, a pluggable answering
 * handler, and each queued transport fault as bytes on a real socket: a
 * reset, a close with nothing sent, a lost answer, a body cut short.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { RekognitionClient } from "../mod.ts";
import { isLoopback, type RunningServer, startNodeServer } from "../harness/node/server.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { httpBytes, parseHttp, rawExchange, signedRequest } from "./fixtures-helpers.ts";

const PROJECT = DEMO_PROJECTS.customLabels;
const output = { S3Bucket: "amzn-s3-demo-bucket" };

describe("faults on the wire", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNodeServer({ simulator: new RekognitionSimulator({ trainingSeconds: 60 }) });
  });
  afterAll(() => server.close());
  afterEach(() => server.simulator.reset());

  /** Queues `fault` for the next create, sends one raw, and returns what the socket got. */
  async function createWith(fault: string) {
    server.simulator.queueResponse({ operation: "CreateProjectVersion", respond: { fault: fault as "LOST_ANSWER" } });
    const request = await signedRequest({ url: `${server.url}/`, body: { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output } });
    return rawExchange(server.port, await httpBytes(request));
  }
  const created = () => server.simulator.versions(PROJECT).map(({ name }) => name);

  test("CONNECTION_RESET: the socket is reset (ECONNRESET), no byte sent, nothing created", async () => {
    expect(await createWith("CONNECTION_RESET")).toEqual({ text: "", error: "ECONNRESET" });
    expect(created()).toEqual([]);
  });

  test("EMPTY_RESPONSE: the socket closes cleanly with no byte sent, nothing created", async () => {
    expect(await createWith("EMPTY_RESPONSE")).toEqual({ text: "" });
    expect(created()).toEqual([]);
  });

  test("LOST_ANSWER: the version is created, then the socket closes with no byte sent", async () => {
    expect(await createWith("LOST_ANSWER")).toEqual({ text: "" });
    expect(created()).toEqual(["v1"]);
  });

  test("TRUNCATED_BODY: the version is created; headers declare the whole body, half of it comes, then the socket closes", async () => {
    const { text } = await createWith("TRUNCATED_BODY");
    const { status, headers, body } = parseHttp(text);
    const whole = JSON.stringify({ ProjectVersionArn: server.simulator.versions(PROJECT)[0]!.arn });
    expect([status, Number(headers["content-length"]), headers["x-amzn-requestid"]]).toEqual([200, whole.length, server.simulator.requests()[0]!.id]);
    expect(body).toBe(whole.slice(0, Math.floor(whole.length / 2)));
  });

  test("our client meets each as a network error and recovers: retried, or reconciled when the create had committed", async () => {
    for (const fault of ["CONNECTION_RESET", "EMPTY_RESPONSE", "LOST_ANSWER", "TRUNCATED_BODY"] as const) {
      // A server (a port) per fault, so the faulty answer is the first on its connection: Deno's fetch quietly
      // resends a request when a *reused* keep-alive connection closes before answering, and the client would never see the fault.
      const own = await startNodeServer({ simulator: new RekognitionSimulator({ trainingSeconds: 60 }) });
      own.simulator.queueResponse({ operation: "CreateProjectVersion", respond: { fault } });
      const client = new RekognitionClient({ endpoint: own.url, region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, maxAttempts: 2 });
      const created = await client.createProjectVersion({ ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output });
      expect([fault, created.$metadata.attempts, created.$metadata.reconciled ?? false]).toEqual([
        fault,
        2,
        fault === "LOST_ANSWER" || fault === "TRUNCATED_BODY",
      ]);
      expect(own.simulator.versions(PROJECT)).toHaveLength(1);
      await own.close();
    }
  });

  test("a delayed answer keeps the client waiting in real time: its timeout fires, the create has committed", async () => {
    server.simulator.queueResponse({ operation: "CreateProjectVersion", respond: { delayMs: 400 } });
    const client = new RekognitionClient({
      endpoint: server.url,
      region: "us-east-1",
      credentials: SIMULATOR_CREDENTIALS,
      maxAttempts: 1,
      requestTimeoutMs: 100,
    });
    const error = await client.createProjectVersion({ ProjectArn: PROJECT, VersionName: "slow", OutputConfig: output }).catch((caught: Error) => caught);
    expect((error as Error).name).toBe("RequestTimeoutError");
    expect(created()).toEqual(["slow"]);
  });
});

/** Resolves once `condition` holds, checking every few ms: bounded only by the test's timeout. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("nothing waits for a client that is gone", () => {
  /** A queued answer 10 minutes late (the most delayMs takes): a test that waited it out would time out first. */
  const LATE = { operation: "CreateProjectVersion", respond: { delayMs: 600_000 } } as const;

  test("a client that hangs up during a queued answer's delay ends the wait: the journal says nothing was answered (status 0)", async () => {
    const server = await startNodeServer({ simulator: new RekognitionSimulator() });
    try {
      server.simulator.queueResponse(LATE);
      const client = new RekognitionClient({
        endpoint: server.url,
        region: "us-east-1",
        credentials: SIMULATOR_CREDENTIALS,
        maxAttempts: 1,
        requestTimeoutMs: 100,
      });
      const error = await client.createProjectVersion({ ProjectArn: PROJECT, VersionName: "gone", OutputConfig: output }).catch((caught: Error) => caught);
      expect((error as Error).name).toBe("RequestTimeoutError");
      await until(() => server.simulator.requests()[0]?.response !== undefined);
      expect(server.simulator.requests().map(({ response }) => response)).toEqual([{ status: 0 }]);
      expect(server.simulator.versions(PROJECT).map(({ name }) => name)).toEqual(["gone"]); // the usual answer: the create had committed
    } finally {
      await server.close();
    }
  });

  test("close() ends a queued answer's delay: the request is dropped unanswered and nothing is left waiting", async () => {
    const server = await startNodeServer({ simulator: new RekognitionSimulator() });
    server.simulator.queueResponse(LATE);
    const request = await signedRequest({ url: `${server.url}/`, body: { ProjectArn: PROJECT, VersionName: "closing", OutputConfig: output } });
    const answered = fetch(request).then(() => "answered", () => "dropped");
    await until(() => server.simulator.pendingResponses().length === 0); // taken: its delay runs
    await server.close();
    expect(await answered).toBe("dropped");
    await until(() => server.simulator.requests()[0]?.response !== undefined);
    expect(server.simulator.requests()[0]!.response).toEqual({ status: 0 });
  });

  test("a handler's request.signal aborts when its client hangs up, and when the server closes, saying which; never once answered", async () => {
    const reasons: string[] = [];
    const arrived: (() => void)[] = [];
    const answered: Request[] = [];
    /** Answers `x-at-once` requests at once; waits for any other until its signal aborts. */
    const handler = (request: Request) => {
      if (request.headers.has("x-at-once")) return (answered.push(request), Promise.resolve(new Response("at once")));
      return new Promise<Response>((resolve) => {
        request.signal.addEventListener("abort", () => {
          reasons.push((request.signal.reason as DOMException).message);
          resolve(new Response("too late"));
        });
        arrived.shift()?.();
      });
    };
    const server = await startNodeServer({ handler });
    expect(await (await fetch(`${server.url}/`, { method: "POST", body: "{}", headers: { "x-at-once": "1" } })).text()).toBe("at once");
    const hangUp = new AbortController();
    await new Promise<void>((resolve) => {
      arrived.push(resolve);
      fetch(`${server.url}/`, { method: "POST", body: "{}", signal: hangUp.signal }).catch(() => {});
    });
    hangUp.abort();
    await until(() => reasons.length === 1);
    await new Promise<void>((resolve) => {
      arrived.push(resolve);
      fetch(`${server.url}/`, { method: "POST", body: "{}" }).catch(() => {});
    });
    await server.close();
    await until(() => reasons.length === 2);
    expect(reasons).toEqual(["the client closed the connection", "the server closed"]);
    expect(answered[0]!.signal.aborted).toBe(false);
  });
});

describe("the control plane on the server's port", () => {
  const servers: RunningServer[] = [];
  afterAll(() => Promise.all(servers.map((server) => server.close())));
  async function serve(options: Parameters<typeof startNodeServer>[0] = {}) {
    const server = await startNodeServer(options);
    servers.push(server);
    return server;
  }

  test("JSON endpoints under /__admin/, never signed; the API beside them is unchanged", async () => {
    const server = await serve();
    expect(await (await fetch(`${server.url}/__admin/health`)).json()).toMatchObject({ status: "ok" });
    const added = await fetch(`${server.url}/__admin/projects`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ProjectName: "p" }),
    });
    expect([added.status, (await added.json()).ProjectArn]).toEqual([200, expect.stringContaining(":project/p/")]);
    expect((await fetch(`${server.url}/__admin/nope`)).status).toBe(404);
    const client = new RekognitionClient({ endpoint: server.url, region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, maxAttempts: 1 });
    expect((await client.describeProjectVersions({ ProjectArn: PROJECT })).ProjectVersionDescriptions).toEqual([]);
    expect(server.simulator.requests().map(({ operation }) => operation)).toEqual(["DescribeProjectVersions"]);
  });

  test("with a token: 401 without it or with another; the API needs no token", async () => {
    const server = await serve({ adminToken: "tok-123456" });
    for (const headers of [{}, { authorization: "Bearer tok-12345" }, { authorization: "tok-123456" }] as Record<string, string>[]) {
      const response = await fetch(`${server.url}/__admin/state`, { headers });
      expect([response.status, response.headers.get("content-type")]).toEqual([401, "application/json"]);
    }
    expect(
      (await fetch(`${server.url}/__admin/reset`, { method: "POST", headers: { authorization: "Bearer tok-123456", "content-type": "application/json" } }))
        .status,
    ).toBe(200);
    const client = new RekognitionClient({ endpoint: server.url, region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, maxAttempts: 1 });
    expect((await client.describeProjectVersions({ ProjectArn: PROJECT })).ProjectVersionDescriptions).toEqual([]);
  });

  test("admin: false: /__admin/ is just another path (the API's 403), so nothing is exposed", async () => {
    const server = await serve({ admin: false });
    const response = await fetch(`${server.url}/__admin/state`);
    expect([response.status, await response.text()]).toEqual([403, expect.stringContaining("<MissingAuthenticationTokenException>")]);
  });

  test("refuses to listen beyond loopback with an open control plane; a token or admin: false allow it", async () => {
    await expect(startNodeServer({ hostname: "0.0.0.0" })).rejects.toThrow(/refusing to serve the control plane on 0\.0\.0\.0 without a token/);
    await expect(startNodeServer({ hostname: "::" })).rejects.toThrow(/refusing/);
    const withToken = await serve({ hostname: "0.0.0.0", adminToken: "tok-123456" });
    expect(withToken.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    expect((await fetch(`http://127.0.0.1:${withToken.port}/__admin/health`)).status).toBe(401);
    await serve({ hostname: "0.0.0.0", admin: false });
    await expect(startNodeServer({ adminToken: " " })).rejects.toThrow("the admin token must not be empty");
    expect(["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"].every(isLoopback)).toBe(true);
    expect(["0.0.0.0", "::", "192.168.1.10", "128.0.0.1", "localhost.example.com", "127.0.0.1.nip.io"].some(isLoopback)).toBe(false);
  });

  test("a pluggable handler answers the API (a recorder or a replayer can stand in); /__admin/ still drives the simulator", async () => {
    const seen: string[] = [];
    const server = await serve({
      handler: async (request) => {
        seen.push(`${request.method} ${new URL(request.url).pathname} ${await request.text()}`);
        return new Response("{}", { status: 200, headers: { "content-type": "application/x-amz-json-1.1" } });
      },
    });
    const answer = await fetch(`${server.url}/`, { method: "POST", body: '{"a":1}' });
    expect([answer.status, await answer.text(), answer.headers.get("content-length")]).toEqual([200, "{}", "2"]);
    expect(seen).toEqual(['POST / {"a":1}']);
    expect((await (await fetch(`${server.url}/__admin/health`)).json()).status).toBe("ok");
  });
});
