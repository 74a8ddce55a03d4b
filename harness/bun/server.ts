/**
 * The local server on `Bun.serve`: Bun's own HTTP server takes the web-standard handler directly, without the
 * `node:http` compatibility layer (as hono's Bun adapter does), with the same rules as harness/node/server.ts
 * (local-server.ts: Host and Origin guards, the body limit's 413, malformed Hosts, no CORS grant, the request's
 * signal on hang-up and on close).
 *
 * Transport faults, as Bun can put them on the wire (measured with Bun 1.4.4, tests/server-adapters.test.ts): a
 * body stream that errors before its first byte makes Bun reset the connection, so CONNECTION_RESET is a reset as
 * on `node:http`, but so are EMPTY_RESPONSE and LOST_ANSWER (Bun cannot close a connection without a byte any
 * other way; a client sees ECONNRESET rather than "other side closed"). TRUNCATED_BODY sends the status, the
 * headers and half the body, then resets; Bun sends a streamed body chunked, so the whole body's `Content-Length`
 * is not declared. A request line Bun's parser refuses gets Bun's own bare 400, not the JSON one. A header sent on
 * several lines reaches the handler joined with ", " (node:http's adapter joins with ",", as SigV4 canonicalises
 * it). `Bun` is read from `globalThis`: this module loads on any runtime, and starts only on Bun.
 *
 * @module
 */
import { faultOf } from "../faults.ts";
import { LocalServer, type RunningServer, sentHeaders, type ServerOptions } from "../local-server.ts";
import { servedResponse, webHandler } from "../web-server.ts";
import { bunHashing } from "./hashing.ts";

/** The part of `Bun.serve` used here (Bun's types stay out of the published declarations). */
interface BunServe {
  serve(options: {
    port: number;
    hostname: string;
    maxRequestBodySize: number;
    fetch: (request: Request, server: { timeout(request: Request, seconds: number): void }) => Promise<Response>;
    error: (error: unknown) => Response;
  }): { port: number; stop(closeActiveConnections?: boolean): Promise<void> | void };
}

/** A body that errors before its first byte: Bun resets the connection (an error without a reason is not logged). */
const resetStream = () => new ReadableStream<Uint8Array>({ pull: (controller) => controller.error() });

/**
 * A truncated answer as Bun can send it: the headers and the bytes the stream gives, then, a tick later (so that
 * Bun has written them), a reset.
 */
function truncatedStream(response: Response): ReadableStream<Uint8Array> {
  const reader = response.body!.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const read = await reader.read();
        if (read.done) return controller.close();
        controller.enqueue(read.value);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 10));
        controller.error();
      }
    },
  });
}

/** What goes back to Bun for a handler's answer: faults as Bun can express them, CORS grants dropped. */
function forBun(response: Response): Response {
  if (response.type === "error") return new Response(resetStream()); // every dropped connection is a reset on Bun
  if (faultOf(response) !== "TRUNCATED_BODY") return servedResponse(response);
  // A stream is sent chunked: Bun leaves out the Content-Length a truncated answer declares.
  return new Response(truncatedStream(response), { status: response.status, headers: sentHeaders(response) });
}

/**
 * Starts serving a simulator with `Bun.serve` (only on Bun), with its control plane under `/__admin/`; resolves once
 * listening. The same options, guards and answers as `startNodeServer`; the transport faults differ as this module
 * says. `startServer` picks it on Bun.
 */
export async function startBunServer(options: ServerOptions = {}): Promise<RunningServer> {
  const bun = (globalThis as { Bun?: BunServe }).Bun;
  if (bun === undefined) throw new Error("startBunServer runs on Bun only (Bun.serve); startServer picks the runtime's server");
  const local = new LocalServer(options, bunHashing());
  let authority = local.authority(local.port);
  const handler = webHandler(local, () => authority, forBun);
  const server = bun.serve({
    port: local.port,
    hostname: local.hostname,
    // Bun's own limit answers a bare 413 before the handler runs: the handler refuses, in JSON, instead.
    maxRequestBodySize: Number.MAX_SAFE_INTEGER,
    async fetch(incoming, bunServer) {
      const response = await handler.answer(incoming);
      // An event stream (GET /__admin/events) may be quiet for longer than Bun's idle limit (10 s): no limit for it.
      if (response.headers.get("content-type")?.startsWith("text/event-stream")) bunServer.timeout(incoming, 0);
      return response;
    },
    error: handler.errorResponse,
  });
  authority = local.authority(server.port);
  return {
    url: `http://${authority}`,
    port: server.port,
    simulator: local.simulator,
    adapter: "Bun.serve",
    close: async () => {
      handler.abandonAll();
      await server.stop(true);
    },
  };
}
