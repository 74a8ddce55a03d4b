/**
 * The local server on `Deno.serve`: Deno's own HTTP server takes the web-standard handler directly, without the
 * `node:http` compatibility layer (as hono's Deno adapter does), with the same rules as harness/node/server.ts
 * (local-server.ts: Host and Origin guards, the body limit's 413, malformed Hosts, no CORS grant, the request's
 * signal on hang-up and on close).
 *
 * Transport faults, as Deno can put them on the wire (measured with Deno 2.9.6, tests/server-adapters.test.ts):
 * TRUNCATED_BODY as on `node:http` (the whole body's `Content-Length`, half the body, then the connection closes).
 * But `Deno.serve` cannot drop a connection without sending a byte: a handler may not return `Response.error()`,
 * and a body that errors at once still sends the status and headers first. So CONNECTION_RESET, EMPTY_RESPONSE and
 * LOST_ANSWER arrive as a `200` whose chunked body ends before its first chunk: a client fails reading the body,
 * not connecting. `startServer` therefore keeps `node:http` on Deno; take this server for speed when those faults do
 * not matter. `Deno` is read from `globalThis`: this module loads on any runtime, and starts only on Deno. Signatures
 * are checked with `node:crypto`, synchronous, which Deno provides.
 *
 * @module
 */
import {
  BodyTooLarge,
  HUNG_UP,
  LocalServer,
  requestUrl,
  type RunningServer,
  sentHeaders,
  SERVER_CLOSED,
  type ServerOptions,
  ServerRequest,
} from "../local-server.ts";
import { nodeHashing } from "../node/hashing.ts";
import { builtBodyText, realResponse } from "../wire.ts";

/** The part of `Deno.serve` used here (Deno's types stay out of the published declarations). */
interface DenoServe {
  serve(
    options: { port: number; hostname: string; onListen: () => void; onError: (error: unknown) => Response },
    handler: (request: Request) => Promise<Response>,
  ): { addr: { port: number }; shutdown(): Promise<void> };
}

/** Reads a body up to `limit` bytes (413 beyond, before reading when `Content-Length` says so). */
async function readBody(request: Request, limit: number): Promise<Uint8Array | undefined> {
  if (request.body === null) return undefined;
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw new BodyTooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(read.value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) body.set(chunk, (offset += chunk.byteLength) - chunk.byteLength);
  return body;
}

/** What goes back to Deno for a handler's answer: dropped connections as a body that fails at once, CORS grants dropped. */
function forDeno(response: Response): Response {
  if (response.type === "error") return new Response(new ReadableStream({ pull: (controller) => controller.error(new Error("dropped")) }));
  const text = builtBodyText(response);
  if (text !== undefined) return new Response(text, { status: response.status, headers: sentHeaders(response) });
  let grants = false;
  response.headers.forEach((_, name) => (grants ||= name.startsWith("access-control-")));
  if (!grants) return realResponse(response);
  return new Response(response.body, { status: response.status, headers: sentHeaders(response) });
}

/**
 * Starts serving a simulator with `Deno.serve` (only on Deno), with its control plane under `/__admin/`; resolves
 * once listening. The same options, guards and answers as `startNodeServer`; dropped connections differ as this
 * module says.
 */
export async function startDenoServer(options: ServerOptions = {}): Promise<RunningServer> {
  const deno = (globalThis as { Deno?: DenoServe }).Deno;
  if (deno === undefined) throw new Error("startDenoServer runs on Deno only (Deno.serve); startServer picks the runtime's server");
  const local = new LocalServer(options, nodeHashing);
  let authority = local.authority(local.port);
  const answering = new Set<ServerRequest>();
  const errorResponse = (error: unknown) => {
    const answer = local.errorAnswer(error);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
  const server = deno.serve({ port: local.port, hostname: local.hostname, onListen: () => {}, onError: errorResponse }, async (incoming) => {
    let request: ServerRequest | undefined;
    let hungUp: (() => void) | undefined;
    try {
      const target = new URL(incoming.url);
      const url = requestUrl(`${target.pathname}${target.search}`, incoming.headers.get("host") ?? authority);
      const body = await readBody(incoming, local.maxBodyBytes);
      request = new ServerRequest(url, { method: incoming.method, headers: incoming.headers, ...(body ? { body: body as Uint8Array<ArrayBuffer> } : {}) });
      const served = request;
      hungUp = () => served.abandon(HUNG_UP());
      if (incoming.signal.aborted) hungUp();
      else incoming.signal.addEventListener("abort", hungUp, { once: true });
      answering.add(served);
      return forDeno(await local.answer(served));
    } catch (error) {
      return errorResponse(error);
    } finally {
      if (request) answering.delete(request);
      // Answered: an abort after this is not a hang-up (Deno aborts the signal of every answered request).
      if (hungUp) incoming.signal.removeEventListener("abort", hungUp);
    }
  });
  authority = local.authority(server.addr.port);
  return {
    url: `http://${authority}`,
    port: server.addr.port,
    simulator: local.simulator,
    adapter: "Deno.serve",
    close: async () => {
      for (const request of answering) request.abandon(SERVER_CLOSED());
      await server.shutdown();
    },
  };
}
