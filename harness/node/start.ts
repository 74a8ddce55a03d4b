/**
 * `startServer`: the local server on the fastest adapter of the runtime it runs on (issue 21). On Bun,
 * `Bun.serve` (harness/bun/server.ts); on Node, and on Deno, `node:http` (harness/node/server.ts): Deno's own
 * `Deno.serve` cannot drop a connection without a byte, so the transport faults would change
 * (`startDenoServer` is there for speed when they do not matter). Each adapter has the same options, guards and
 * answers; the transport faults differ as each adapter's module says.
 *
 * @module
 */
import { startBunServer } from "../bun/server.ts";
import type { RunningServer, ServerOptions } from "../local-server.ts";
import { startNodeServer } from "./server.ts";

/** Which adapter {@link startServer} takes: `node:http`, `Bun.serve` or `Deno.serve`. */
export type ServerAdapter = "node:http" | "Bun.serve" | "Deno.serve";

/** The adapter {@link startServer} takes on this runtime: `Bun.serve` on Bun, `node:http` elsewhere. */
export function fastestAdapter(): ServerAdapter {
  return "Bun" in globalThis ? "Bun.serve" : "node:http";
}

/**
 * Starts serving a simulator over HTTP, with its control plane under
 * `/__admin/`, on the runtime's fastest adapter ({@link fastestAdapter}; the
 * result's `adapter` says which); resolves once listening. Refuses to listen
 * beyond loopback with an open control plane: give `adminToken`, or
 * `admin: false`. No web page can drive it: a `Host` it does not answer to
 * (`allowedHosts`) gets a 421, a request from a page of another origin a 403,
 * both before anything happens; no answer carries a CORS grant (docs/security.md).
 *
 * @example
 * ```ts
 * const server = await startServer({ port: 0 });
 * // point any AWS client at server.url with AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
 * await fetch(`${server.url}/__admin/reset`, { method: "POST", headers: { "content-type": "application/json" } });
 * await server.close();
 * ```
 */
export function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  return fastestAdapter() === "Bun.serve" ? startBunServer(options) : startNodeServer(options);
}
