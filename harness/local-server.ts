/**
 * What every local server adapter shares (harness/node/server.ts on `node:http`, harness/bun/server.ts on
 * `Bun.serve`, harness/deno/server.ts on `Deno.serve`), web-standard: the options and what they make, the
 * guards that run before any handler (Host allow-list, Origin rule: host-check.ts, origin-check.ts), routing to the
 * control plane or the handler, the JSON errors of what never reaches a handler (413, malformed, 421, 403, 500),
 * the answer's headers without CORS grants, and a request whose `signal` is made on first use. An adapter turns its
 * runtime's requests into `Request`s, calls {@link LocalServer.answer}, and puts the `Response` (or the transport
 * fault it stands for, faults.ts) on the wire.
 *
 * @module
 */
import { JSON_1_1 } from "../src/protocol.ts";
import { answerAdminRequest, type ControlPlaneTarget, isAdminPath } from "./control-plane.ts";
import { controlPlaneExposure, hostRefusalMessage, isAllowedHost, servedHostNames } from "./host-check.ts";
import { crossOriginRefusal } from "./origin-check.ts";
import { pathnameOf } from "./request-path.ts";
import { answerOf, RekognitionSimulator } from "./simulator.ts";
import type { SigV4Hashing } from "./sigv4-verifier.ts";
import { frameworkErrorBody, httpDate, wireHeaders } from "./wire.ts";

/**
 * Answers API requests: web-standard, faults as faults.ts marks them. The
 * request's `signal` aborts when its client hangs up before the answer is sent
 * (reason: an `AbortError` "the client closed the connection") or the server
 * closes ("the server closed"): nothing is waiting for the answer any more.
 */
export type RequestHandler = (request: Request) => Promise<Response>;

/** Options of `startServer` (every adapter takes the same). */
export interface ServerOptions {
  /** The port; 0 (the default) picks a free one. */
  port?: number;
  /** The address to listen on. Default `127.0.0.1`. Another than loopback needs `adminToken` or `admin: false`. */
  hostname?: string;
  /** The simulator to serve (and drive through the control plane). Default: a new one with the demo projects, checking signatures with the runtime's native hashing. */
  simulator?: RekognitionSimulator;
  /** Answers every request outside `/__admin/`. Default: the simulator's `handle` (a recorder or a replayer can take its place). */
  handler?: RequestHandler;
  /** What the control plane drives. Default: the simulator; beside another `handler`, a stand-in (its health, reset and journal). */
  controlPlane?: ControlPlaneTarget;
  /** Serve the control plane under `/__admin/`. Default true; false answers those paths like any other (the API's 403). */
  admin?: boolean;
  /** When set, every `/__admin/` request needs `Authorization: Bearer <adminToken>` (else 401). */
  adminToken?: string;
  /**
   * `Host` names (or addresses) it answers to besides `localhost`, `*.localhost`, `127.0.0.1`, `[::1]` and the
   * address it listens on, at any port: e.g. a docker-compose service name, or this machine's name or IP when it
   * listens on `0.0.0.0`. Any other `Host` gets a 421 before anything happens (the DNS-rebinding guard, host-check.ts).
   */
  allowedHosts?: readonly string[];
  /** Largest request body accepted, in bytes. Default 8 MiB. */
  maxBodyBytes?: number;
}

/** A running server. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>`: the endpoint URL to give clients. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The simulator it serves and its control plane drives. */
  readonly simulator: RekognitionSimulator;
  /** Which adapter serves it: `node:http`, `Bun.serve` or `Deno.serve`. */
  readonly adapter: string;
  /** Stops listening, closes every connection (idle keep-alive ones included) and aborts the requests still being answered. */
  close(): Promise<void>;
}

/** The request body is larger than the server takes: a 413. */
export class BodyTooLarge extends Error {}
/** A request line, target or Host no URL can hold: a 400. */
export class MalformedRequest extends Error {}
/** A request from a web page, or for a name, this server does not serve (host-check.ts, origin-check.ts). */
class RefusedRequest extends Error {
  constructor(readonly status: 403 | 421, readonly type: string, message: string) {
    super(message);
  }
}

/** A `Host` header: a name or IPv4 address, or a bracketed IPv6 address, and an optional port. */
const HOST = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The URL a request is answered at: `http://<Host><target>`, the `Host` the client signed; MalformedRequest when no URL can hold them. */
export function requestUrl(target: string, host: string): string {
  if (!target.startsWith("/")) throw new MalformedRequest(`request target ${JSON.stringify(target)} is not a path`);
  if (!HOST.test(host)) throw new MalformedRequest(`malformed Host ${JSON.stringify(host)}`);
  return `http://${host}${target}`;
}

/** A request an adapter hands a handler: its `signal` aborts once the adapter says nobody waits for the answer. */
export interface AbandonableRequest extends Request {
  /** Nobody waits for the answer any more: the signal aborts with `reason` (once). */
  abandon(reason: unknown): void;
}

/**
 * A `Request` whose `signal` is made when a handler first asks for it, and aborts when {@link abandon} says nobody
 * waits for the answer (before or after it was asked for). An `AbortSignal` given to every request costs Node
 * about 40 µs, a tenth of a request; few handlers ever look at it (a queued answer's delay does).
 */
export class ServerRequest extends Request implements AbandonableRequest {
  #controller: AbortController | undefined;
  #abandoned: { reason: unknown } | undefined;

  /** Aborts when the client hangs up or the server closes. */
  override get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#abandoned) this.#controller.abort(this.#abandoned.reason);
    }
    return this.#controller.signal;
  }

  /** Nobody waits for the answer any more: the signal aborts with `reason` (once). */
  abandon(reason: unknown): void {
    if (this.#abandoned) return;
    this.#abandoned = { reason };
    this.#controller?.abort(reason);
  }
}

/** The reasons a request's signal aborts with. */
export const HUNG_UP = () => new DOMException("the client closed the connection", "AbortError");
export const SERVER_CLOSED = () => new DOMException("the server closed", "AbortError");

/** A JSON 1.1 error for what never reached the handler (too large, malformed, refused), with a request id and `Date` like every answer. */
function frontDoorError(status: number, type: string, message: string, now: number): { status: number; headers: Record<string, string>; body: string } {
  const body = JSON.stringify(frameworkErrorBody(type, message));
  const headers = {
    "content-type": JSON_1_1,
    "x-amzn-requestid": crypto.randomUUID(),
    date: httpDate(now),
    "content-length": String(new TextEncoder().encode(body).byteLength),
    connection: "close",
  };
  return { status, headers, body };
}

/** The headers of an answer as sent: never a CORS grant, whatever a handler (a queued or replayed answer) says. */
export function sentHeaders(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  const add = (value: string, name: string) => !name.startsWith("access-control-") && (headers[name] = value);
  const wire = wireHeaders(response);
  if (wire === undefined) response.headers.forEach(add);
  else for (const name in wire) add(wire[name]!, name);
  return headers;
}

/** What a server serves and how, from its options: checked, defaults filled in. */
export class LocalServer {
  readonly simulator: RekognitionSimulator;
  readonly hostname: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  readonly #handler: RequestHandler;
  readonly #controlPlane: ControlPlaneTarget;
  readonly #admin: boolean;
  readonly #adminToken: string | undefined;
  readonly #servedNames: readonly string[];

  /**
   * Throws when the options would expose an open control plane beyond loopback, or give an empty token. `hashing`:
   * the runtime's native hashing, for the simulator made when none is given.
   */
  constructor(options: ServerOptions, hashing: SigV4Hashing | undefined) {
    const { port = 0, hostname = "127.0.0.1", maxBodyBytes = 8 * 1024 * 1024, admin = true, adminToken } = options;
    const exposure = controlPlaneExposure({ hostname, admin, adminToken });
    if (exposure === "open-beyond-loopback") {
      throw new Error(
        `refusing to serve the control plane on ${hostname} without a token: anyone who reaches it could read the journal and change the state. Give an admin token, or turn the control plane off.`,
      );
    }
    if (exposure === "empty-token") throw new Error("the admin token must not be empty");
    this.port = port;
    this.hostname = hostname;
    this.maxBodyBytes = maxBodyBytes;
    this.#servedNames = servedHostNames(hostname, options.allowedHosts);
    this.simulator = options.simulator ?? new RekognitionSimulator(hashing === undefined ? {} : { hashing });
    const simulator = this.simulator;
    this.#handler = options.handler ?? ((request: Request) => answerOf(simulator, request));
    this.#controlPlane = options.controlPlane ?? simulator;
    this.#admin = admin;
    this.#adminToken = adminToken;
  }

  /** The service's clock, epoch ms. */
  now(): number {
    return this.simulator.now();
  }

  /** `http://host:port` of the address it listens on. */
  authority(port: number): string {
    return `${this.hostname.includes(":") ? `[${this.hostname}]` : this.hostname}:${port}`;
  }

  /**
   * The answer to a request: the guards first (a `Host` it does not answer to: 421; a page of another origin: 403;
   * nothing else happens), then the control plane or the handler. Throws only what the handler throws.
   */
  async answer(request: Request): Promise<Response> {
    const host = request.headers.get("host");
    if (host !== null && !isAllowedHost(host, this.#servedNames)) {
      throw new RefusedRequest(421, "MisdirectedRequestException", hostRefusalMessage(host, this.#servedNames));
    }
    const crossOrigin = crossOriginRefusal(request.headers);
    if (crossOrigin !== undefined) throw new RefusedRequest(403, "CrossOriginRequestRefusedException", crossOrigin);
    if (this.#admin && isAdminPath(pathnameOf(request.url))) {
      return answerAdminRequest(this.#controlPlane, request, this.#adminToken === undefined ? {} : { token: this.#adminToken });
    }
    return this.#handler(request);
  }

  /** The JSON error answer for what {@link answer} (or reading the request) threw. */
  errorAnswer(error: unknown): ReturnType<typeof frontDoorError> {
    const [status, type, message] = error instanceof BodyTooLarge
      ? [413, "RequestEntityTooLargeException", `Request body larger than ${this.maxBodyBytes} bytes`]
      : error instanceof MalformedRequest
      ? [400, "BadRequestException", `Malformed request: ${error.message}`]
      : error instanceof RefusedRequest
      ? [error.status, error.type, error.message]
      : [500, "InternalFailure", `The server failed: ${(error as Error)?.message ?? error}`];
    return frontDoorError(status, type, message, this.now());
  }
}
