/**
 * The harness's text answers (harness/wire.ts): light `Response`s that a server adapter sends without building a
 * web `Response` (issue 21), yet a `Response` to every reader, made real on first need; and every public way out of
 * the harness (the simulator's `handle` and `fetch`, the control plane, the replayer, the recording proxy, the MSW
 * handlers) hands over a real `Response`, which a runtime's own server (`Bun.serve`, `Deno.serve`) requires.
 */
import { describe, expect, test } from "bun:test";
import { setupServer } from "msw/node";
import { handleAdminRequest } from "../harness/control-plane.ts";
import { builtBodyText, headerOf, realResponse, textResponse, wireHeaders } from "../harness/wire.ts";
import { isBareRoot, pathnameOf } from "../harness/request-path.ts";
import { RecordingReplayer, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/mod.ts";
import { answerOf } from "../harness/simulator.ts";
import { RecordingProxy } from "../harness/recorder.ts";
import { handlers } from "../fixtures/msw.ts";
import { signedRequest } from "./fixtures-helpers.ts";

/** Whether `response` is a runtime's own `Response` (its status getter brand-checks it); a light one is not. */
function isReal(response: Response): boolean {
  try {
    Object.getOwnPropertyDescriptor(Response.prototype, "status")!.get!.call(response);
    return true;
  } catch {
    return false;
  }
}

const make = () => textResponse('{"a":1}', { status: 400, statusText: "Bad", headers: { "Content-Type": "application/json", "X-Amzn-RequestId": "r-1" } });

describe("a text answer", () => {
  test("is a Response, light until a member it does not hold is read", () => {
    const response = make();
    expect(response instanceof Response).toBe(true);
    expect(isReal(response)).toBe(false);
    expect([response.status, response.statusText, response.ok, response.type, response.url, response.redirected]).toEqual([
      400,
      "Bad",
      false,
      "default",
      "",
      false,
    ]);
    expect(textResponse("", { status: 299, headers: {} }).ok).toBe(true);
    expect(textResponse("", { status: 300, headers: {} }).ok).toBe(false);
    expect(textResponse("", { headers: {} }).status).toBe(200);
    expect(response.headers.get("x-amzn-requestid")).toBe("r-1");
    expect([...response.headers]).toEqual([...new Response(null, { headers: { "Content-Type": "application/json", "X-Amzn-RequestId": "r-1" } }).headers]);
  });

  test("refuses a status a Response refuses", () => {
    for (const status of [199, 600, 200.5]) expect(() => textResponse("", { status })).toThrow(RangeError);
    for (const status of [200, 599]) expect(textResponse("", { status }).status).toBe(status);
  });

  test("its body is read once, as text, JSON or an ArrayBuffer; a second read fails as a Response's does", async () => {
    for (const read of ["text", "json", "arrayBuffer"] as const) {
      const response = make();
      expect(response.bodyUsed).toBe(false);
      const value = await response[read]();
      expect(value instanceof ArrayBuffer ? new TextDecoder().decode(value) : typeof value === "string" ? value : JSON.stringify(value)).toBe('{"a":1}');
      expect(response.bodyUsed).toBe(true);
      await expect(response.text()).rejects.toThrow(TypeError);
      expect(() => response.clone()).toThrow(TypeError);
      expect(builtBodyText(response)).toBeUndefined();
    }
    await expect(textResponse("not json", {}).json()).rejects.toThrow(SyntaxError);
  });

  test("a clone is another light answer with the same status, headers and text, read on its own", async () => {
    const response = make();
    const copy = response.clone();
    expect([isReal(copy), copy.status, copy.headers.get("content-type"), await copy.text()]).toEqual([false, 400, "application/json", '{"a":1}']);
    expect(await response.text()).toBe('{"a":1}');
  });

  test("any other member comes from a real Response of the same status, headers and text, made once; then the body is the real one's", async () => {
    const response = make();
    const body = response.body!;
    expect(body instanceof ReadableStream).toBe(true);
    expect(response.body).toBe(body);
    expect(builtBodyText(response)).toBeUndefined();
    expect(response.bodyUsed).toBe(false);
    expect(await response.text()).toBe('{"a":1}');
    expect(response.bodyUsed).toBe(true);
    const real = realResponse(make());
    expect(isReal(real)).toBe(true);
    expect([real.status, real.statusText, real.headers.get("x-amzn-requestid"), await real.text()]).toEqual([400, "Bad", "r-1", '{"a":1}']);
  });

  test("a server adapter reads its text and headers as sent; a change to its Headers shows there too", () => {
    const response = make();
    expect(builtBodyText(response)).toBe('{"a":1}');
    expect(wireHeaders(response)).toEqual({ "content-type": "application/json", "x-amzn-requestid": "r-1" });
    expect(headerOf(response, "x-amzn-requestid")).toBe("r-1");
    expect(headerOf(response, "date")).toBeNull();
    response.headers.set("x-amzn-requestid", "r-2");
    expect(headerOf(response, "x-amzn-requestid")).toBe("r-2");
    expect(wireHeaders(response)).toEqual({ "content-type": "application/json", "x-amzn-requestid": "r-2" });
    expect(realResponse(response).headers.get("x-amzn-requestid")).toBe("r-2");
    const headers = new Headers({ "X-One": "1" });
    expect(wireHeaders(textResponse("", { headers }))).toEqual({ "x-one": "1" });
    expect(wireHeaders(textResponse("", { headers: [["X-Two", "2"]] }))).toEqual({ "x-two": "2" });
  });

  test("any other Response passes through as it is", () => {
    const response = new Response("x", { headers: { "X-One": "1" } });
    expect([builtBodyText(response), wireHeaders(response), headerOf(response, "x-one"), realResponse(response)]).toEqual([
      undefined,
      undefined,
      "1",
      response,
    ]);
  });
});

describe("every public way out of the harness hands over a real Response", () => {
  const describeCall = () =>
    signedRequest({ operation: "DescribeProjectVersions", body: { ProjectArn: "arn:aws:rekognition:us-east-1:111122223333:project/none/1" } });

  test("the simulator's handle and fetch, and the control plane", async () => {
    const simulator = new RekognitionSimulator();
    expect(isReal(await simulator.handle(await describeCall()))).toBe(true);
    const request = await describeCall();
    expect(isReal(await simulator.fetch(request.url, { method: "POST", headers: request.headers, body: await request.text() }))).toBe(true);
    expect(isReal(await simulator.fetch("http://127.0.0.1/__admin/health"))).toBe(true);
    expect(isReal(await handleAdminRequest(simulator, new Request("http://127.0.0.1/__admin/health")))).toBe(true);
    expect(isReal(await handleAdminRequest(simulator, new Request("http://127.0.0.1/__admin/nothing")))).toBe(true);
  });

  test("the local server takes the simulator's light answer, or, from a simulator of another copy of the module, its handle's", async () => {
    const simulator = new RekognitionSimulator();
    expect(isReal(await answerOf(simulator, await describeCall()))).toBe(false);
    const answer = new Response("from handle");
    const standIn = { handle: (request: Request) => Promise.resolve(request.method === "POST" ? answer : Response.error()) } as unknown as RekognitionSimulator;
    expect(await answerOf(standIn, await describeCall())).toBe(answer);
  });

  test("the replayer and the recording proxy (a refusal: unsigned)", async () => {
    const replayer = new RecordingReplayer([]);
    expect(isReal(await replayer.handle(await describeCall()))).toBe(true);
    const proxy = new RecordingProxy({ upstream: { region: "us-east-1", credentials: SIMULATOR_CREDENTIALS }, store: { write: async () => {} } });
    expect(isReal(await proxy.handle(new Request("http://127.0.0.1/", { method: "POST", body: "{}" })))).toBe(true);
  });

  test("the MSW handlers", async () => {
    const server = setupServer(...handlers);
    server.listen({ onUnhandledRequest: "error" });
    try {
      const request = await describeCall();
      const response = await fetch(request.url, { method: "POST", headers: request.headers, body: await request.text() });
      expect([response.status, await response.json() as { ProjectVersionDescriptions?: unknown }]).toMatchObject([expect.any(Number), expect.any(Object)]);
    } finally {
      server.close();
    }
  });
});

describe("the path of a request's URL", () => {
  test("is read without a URL for a bare '/', and as a URL reads it otherwise", () => {
    const urls = [
      "http://127.0.0.1:4599/",
      "https://rekognition.us-east-1.amazonaws.com/",
      "http://[::1]:80/",
      "http://127.0.0.1:4599/?a=1",
      "http://127.0.0.1:4599/#f",
      "http://127.0.0.1:4599/__admin/health",
      "http://127.0.0.1:4599/__admin/",
      "http://127.0.0.1:4599//",
      "http://127.0.0.1:4599/./__admin/health",
      "http://127.0.0.1:4599/a/../",
    ];
    for (const url of urls) expect(pathnameOf(url)).toBe(new URL(url).pathname);
    expect(urls.map(isBareRoot)).toEqual([true, true, true, false, false, false, false, false, false, false]);
  });
});
