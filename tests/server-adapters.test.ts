/**
 * Every local server adapter this runtime can run (issue 21), with the same checks: `node:http` everywhere, and
 * `Bun.serve` under `bun test`, `Deno.serve` under `deno test`. The API and the control plane answer the same;
 * the guards (Host 421, Origin 403, no CORS grant, the body limit's 413 at its exact boundary, a malformed Host's
 * JSON 400) come first; the request's signal aborts on hang-up and on close; each transport fault is what the
 * adapter's module says it is on the wire, read off a raw socket.
 */
import { describe, expect, test } from "bun:test";
import { startBunServer } from "../harness/bun/server.ts";
import { startDenoServer } from "../harness/deno/server.ts";
import { type RunningServer, type ServerOptions, ServerRequest } from "../harness/local-server.ts";
import { startNodeServer } from "../harness/node/server.ts";
import { fastestAdapter, startServer } from "../harness/node/start.ts";
import { DEMO_PROJECTS, RekognitionSimulator } from "../harness/simulator.ts";
import { httpBytes, parseHttp, rawExchange, signedRequest } from "./fixtures-helpers.ts";

const runtime = "Bun" in globalThis ? "bun" : "Deno" in globalThis ? "deno" : "node";
type Start = (options?: ServerOptions) => Promise<RunningServer>;
const ADAPTERS: [string, Start][] = [
  ["node:http", startNodeServer],
  ...(runtime === "bun" ? [["Bun.serve", startBunServer] as [string, Start]] : []),
  ...(runtime === "deno" ? [["Deno.serve", startDenoServer] as [string, Start]] : []),
];
const PROJECT = DEMO_PROJECTS.customLabels;
const output = { S3Bucket: "amzn-s3-demo-bucket" };

async function withServer<T>(start: (options?: ServerOptions) => Promise<RunningServer>, options: ServerOptions, run: (server: RunningServer) => Promise<T>) {
  const server = await start(options);
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

/** A signed call to the server as raw HTTP/1.1 bytes (Connection: close), and what came back. */
async function rawCall(server: RunningServer, operation: string, body: unknown, host = `127.0.0.1:${server.port}`) {
  const request = await signedRequest({ url: `http://${host}/`, operation, body });
  return rawExchange(server.port, await httpBytes(request));
}

const admin = (server: RunningServer, method: string, path: string, body?: unknown) =>
  fetch(`${server.url}/__admin/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).then(async (response) => ({ status: response.status, body: await response.json() }));

test("startServer takes the runtime's fastest adapter: Bun.serve on Bun, node:http elsewhere", async () => {
  expect(fastestAdapter()).toBe(runtime === "bun" ? "Bun.serve" : "node:http");
  await withServer(startServer, {}, async (server) => expect(server.adapter).toBe(fastestAdapter()));
  if (runtime !== "bun") await expect(startBunServer()).rejects.toThrow("runs on Bun only");
  if (runtime !== "deno") await expect(startDenoServer()).rejects.toThrow("runs on Deno only");
});

describe.each(ADAPTERS)("%s", (adapter, start) => {
  test("answers the API and the control plane, and says which adapter it is", async () => {
    await withServer(start, {}, async (server) => {
      expect(server.adapter).toBe(adapter);
      const created = parseHttp((await rawCall(server, "CreateProjectVersion", { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output })).text);
      expect(created.status).toBe(200);
      expect(JSON.parse(created.body).ProjectVersionArn).toContain("/version/v1/");
      expect(created.headers["content-length"]).toBe(String(new TextEncoder().encode(created.body).byteLength));
      const { body } = await admin(server, "GET", "requests");
      expect(body.requests.map(({ operation, signature, response }: Record<string, unknown>) => [operation, signature, response])).toEqual([
        ["CreateProjectVersion", "valid", { status: 200 }],
      ]);
    });
  });

  test("the guards: a Host it does not serve 421, another origin 403 (nothing journaled); no CORS grant, even queued", async () => {
    await withServer(start, {}, async (server) => {
      const rebound = parseHttp((await rawCall(server, "DescribeProjectVersions", { ProjectArn: PROJECT }, `evil.example:${server.port}`)).text);
      expect([rebound.status, JSON.parse(rebound.body).__type]).toEqual([421, "MisdirectedRequestException"]);
      const page = await fetch(`${server.url}/__admin/state`, { headers: { origin: "https://evil.example" } });
      expect([page.status, (await page.json()).__type]).toEqual([403, "CrossOriginRequestRefusedException"]);
      expect((await admin(server, "GET", "requests")).body.requests).toEqual([]);
      await admin(server, "POST", "responses", { respond: { status: 200, headers: { "Access-Control-Allow-Origin": "*" }, body: {} } });
      const queued = parseHttp((await rawCall(server, "DescribeProjectVersions", { ProjectArn: PROJECT })).text);
      expect(queued.status).toBe(200);
      expect(Object.keys(queued.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
    });
    // A handler's own Response (not one of the simulator's text answers) loses its grant too.
    const granting = () => Promise.resolve(new Response("{}", { headers: { "Access-Control-Allow-Origin": "*", "X-Kept": "1" } }));
    await withServer(start, { handler: granting }, async (server) => {
      const answered = parseHttp((await rawCall(server, "DescribeProjectVersions", { ProjectArn: PROJECT })).text);
      expect([answered.status, answered.headers["x-kept"], Object.keys(answered.headers).filter((name) => name.startsWith("access-control-"))]).toEqual([
        200,
        "1",
        [],
      ]);
    });
  });

  test("the body limit: the limit reaches the handler, one byte more is a JSON 413 (declared or chunked)", async () => {
    await withServer(start, { maxBodyBytes: 64 }, async (server) => {
      const send = (body: string, chunked = false) => {
        const head = chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${body.length}`;
        const payload = chunked ? `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n` : body;
        return rawExchange(server.port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n${head}\r\nConnection: close\r\n\r\n${payload}`).then((
          { text },
        ) => parseHttp(text));
      };
      for (const chunked of [false, true]) {
        expect((await send("x".repeat(64), chunked)).status).toBe(400); // reached the simulator: unsigned
        const refused = await send("x".repeat(65), chunked);
        expect([refused.status, JSON.parse(refused.body).__type]).toEqual([413, "RequestEntityTooLargeException"]);
        expect(refused.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
      }
      // A declared length beyond the limit is refused at once, before any of the body is read (none of it is sent here).
      const declared = await rawExchange(server.port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Length: 100000000\r\n\r\n{}`);
      expect(parseHttp(declared.text).status).toBe(413);
    });
  });

  test("a malformed Host is a JSON 400 with a request id", async () => {
    await withServer(start, {}, async (server) => {
      const { text } = await rawExchange(server.port, "GET /__admin/health HTTP/1.1\r\nHost: bad_host!:1\r\nConnection: close\r\n\r\n");
      const answer = parseHttp(text);
      expect([answer.status, JSON.parse(answer.body).__type]).toEqual([400, "BadRequestException"]);
      expect(answer.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  test("the request's signal: a client that hangs up, or the server closing, ends a queued answer's delay at once", async () => {
    const simulator = new RekognitionSimulator();
    await withServer(start, { simulator }, async (server) => {
      await admin(server, "POST", "responses", { times: 2, respond: { delayMs: 30_000 } });
      const request = await signedRequest({ url: `${server.url}/`, operation: "DescribeProjectVersions", body: { ProjectArn: PROJECT } });
      const hangUp = new AbortController();
      const call = fetch(request, { signal: hangUp.signal }).catch((error: unknown) => error);
      await until(() => simulator.requests().length === 1);
      hangUp.abort();
      await call;
      await until(() => simulator.requests()[0]?.response !== undefined);
      expect(simulator.requests()[0]!.response).toEqual({ status: 0 });
    });
    const closing = await start({ simulator });
    await admin(closing, "POST", "responses", { respond: { delayMs: 30_000 } });
    const waiting = fetch(await signedRequest({ url: `${closing.url}/`, operation: "DescribeProjectVersions", body: { ProjectArn: PROJECT } })).catch((error) =>
      error
    );
    await until(() => simulator.requests().length === 2);
    const started = performance.now();
    await closing.close();
    await waiting;
    expect(performance.now() - started).toBeLessThan(10_000);
    await until(() => simulator.requests()[1]?.response !== undefined);
    expect(simulator.requests()[1]!.response).toEqual({ status: 0 });
  });

  test("a handler's request signal says why nobody waits: the client hung up, or the server closed", async () => {
    const reasons: string[] = [];
    const waiting = (request: Request) =>
      new Promise<Response>((resolve) => {
        request.signal.addEventListener("abort", () => (reasons.push((request.signal.reason as Error).message), resolve(new Response(""))));
      });
    const server = await start({ handler: waiting });
    const hangUp = new AbortController();
    const first = fetch(`${server.url}/`, { method: "POST", body: "{}", signal: hangUp.signal }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    hangUp.abort();
    await first;
    await until(() => reasons.length === 1);
    const second = fetch(`${server.url}/`, { method: "POST", body: "{}" }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.close();
    await second;
    await until(() => reasons.length === 2);
    expect(reasons).toEqual(["the client closed the connection", "the server closed"]);
  });

  /** What each fault is on the wire, for this adapter. */
  const onTheWire = {
    "node:http": { CONNECTION_RESET: "reset", EMPTY_RESPONSE: "closed", LOST_ANSWER: "closed", truncated: "length-close" },
    "Bun.serve": { CONNECTION_RESET: "reset", EMPTY_RESPONSE: "reset", LOST_ANSWER: "reset", truncated: "chunked-reset" },
    "Deno.serve": { CONNECTION_RESET: "headers-close", EMPTY_RESPONSE: "headers-close", LOST_ANSWER: "headers-close", truncated: "length-close" },
  }[adapter]!;

  test.each(["CONNECTION_RESET", "EMPTY_RESPONSE", "LOST_ANSWER"] as const)("%s on the wire, and whether the create committed", async (fault) => {
    const simulator = new RekognitionSimulator();
    await withServer(start, { simulator }, async (server) => {
      await admin(server, "POST", "responses", { operation: "CreateProjectVersion", respond: { fault } });
      const exchange = await rawCall(server, "CreateProjectVersion", { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output });
      const expected = onTheWire[fault];
      if (expected === "reset") expect(exchange).toEqual({ text: "", error: "ECONNRESET" });
      if (expected === "closed") expect(exchange).toEqual({ text: "" });
      if (expected === "headers-close") {
        expect(parseHttp(exchange.text).status).toBe(200);
        expect(parseHttp(exchange.text).body).toBe("");
      }
      expect(simulator.versions(PROJECT).map(({ name }) => name)).toEqual(fault === "LOST_ANSWER" ? ["v1"] : []);
      expect(simulator.requests()[0]!.response).toMatchObject(fault === "LOST_ANSWER" ? { status: 200, fault } : { status: 0, fault });
    });
  });

  test("TRUNCATED_BODY: the status, the headers and half the body, then the connection ends", async () => {
    const simulator = new RekognitionSimulator();
    await withServer(start, { simulator }, async (server) => {
      await admin(server, "POST", "responses", { operation: "CreateProjectVersion", respond: { fault: "TRUNCATED_BODY" } });
      const exchange = await rawCall(server, "CreateProjectVersion", { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output });
      const whole = JSON.stringify({ ProjectVersionArn: simulator.versions(PROJECT)[0]!.arn });
      const answer = parseHttp(exchange.text);
      expect(answer.status).toBe(200);
      if (onTheWire.truncated === "length-close") {
        expect(answer.headers["content-length"]).toBe(String(whole.length));
        expect(answer.body).toBe(whole.slice(0, Math.floor(whole.length / 2)));
        expect(exchange.error).toBeUndefined();
      } else {
        expect(answer.headers["transfer-encoding"]).toBe("chunked");
        expect(answer.body).toBe(`${Math.floor(whole.length / 2).toString(16)}\r\n${whole.slice(0, Math.floor(whole.length / 2))}\r\n`);
        expect(exchange.error).toBe("ECONNRESET");
      }
      expect(simulator.requests()[0]!.response).toEqual({ status: 200, fault: "TRUNCATED_BODY" });
    });
  });
});

/** Waits until `condition` holds (a bounded poll: 10 s). */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test("a ServerRequest's signal is made on first use, aborted with the reason whether it is asked for before or after the request is abandoned", () => {
  const early = new ServerRequest("http://127.0.0.1/", { method: "POST", body: "{}" });
  const signal = early.signal;
  expect(signal.aborted).toBe(false);
  early.abandon("hung up");
  early.abandon("closed"); // once: the first reason stays
  expect([signal.aborted, signal.reason, early.signal]).toEqual([true, "hung up", signal]);
  const late = new ServerRequest("http://127.0.0.1/", { method: "POST", body: "{}" });
  late.abandon("closed");
  late.abandon("hung up");
  expect([late.signal.aborted, late.signal.reason]).toEqual([true, "closed"]);
});
