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
import { LocalServer, type RunningServer, type ServerOptions } from "../local-server.ts";
import { nodeHashing } from "../node/hashing.ts";
import { servedResponse, webHandler } from "../web-server.ts";

/** The part of `Deno.serve` used here (Deno's types stay out of the published declarations). */
interface DenoServe {
  serve(
    options: { port: number; hostname: string; onListen: () => void; onError: (error: unknown) => Response },
    handler: (request: Request) => Promise<Response>,
  ): { addr: { port: number }; shutdown(): Promise<void> };
}

/** What goes back to Deno for a handler's answer: dropped connections as a body that fails at once, CORS grants dropped. */
function forDeno(response: Response): Response {
  if (response.type === "error") return new Response(new ReadableStream({ pull: (controller) => controller.error(new Error("dropped")) }));
  return servedResponse(response);
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
  const handler = webHandler(local, () => authority, forDeno);
  const server = deno.serve({ port: local.port, hostname: local.hostname, onListen: () => {}, onError: handler.errorResponse }, handler.answer);
  authority = local.authority(server.addr.port);
  return {
    url: `http://${authority}`,
    port: server.addr.port,
    simulator: local.simulator,
    adapter: "Deno.serve",
    close: async () => {
      handler.abandonAll();
      await server.shutdown();
    },
  };
}
