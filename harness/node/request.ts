/**
 * The `Request` the `node:http` adapter hands its handler: a `Request` (its prototype is `Request.prototype`) whose
 * method, URL, headers, signal and body reads come from what the adapter already has, so that no web `Request` is
 * built for a request that does not ask for more (hono's Node adapter does the same). Building one costs Node about
 * a quarter of a simulated call: a body stream, an `AbortSignal`, WebIDL checks (issue 21, BENCHMARKS.md). Any
 * other member (`clone()`, `body`, `cache`, …) is read from a real `Request`, made on first need with the same
 * method, URL, headers and body.
 *
 * @module
 */
import type { AbandonableRequest } from "../local-server.ts";

/** What a light request holds. */
interface State {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body: Uint8Array | undefined;
  used: boolean;
  real: Request | undefined;
  controller: AbortController | undefined;
  abandoned: { reason: unknown } | undefined;
}

const STATE = Symbol("light request");
type Light = AbandonableRequest & { [STATE]: State };

/** The real `Request` behind a light one, made once. */
function real(state: State): Request {
  return (state.real ??= new Request(state.url, {
    method: state.method,
    headers: state.headers,
    ...(state.body === undefined ? {} : { body: state.body as Uint8Array<ArrayBuffer> }),
  }));
}

/** The body's bytes, once: a second read fails as a web `Request`'s does. */
function take(state: State): Uint8Array {
  if (state.used) throw new TypeError("Body is unusable: Body has already been read");
  state.used = true;
  return state.body ?? new Uint8Array(0);
}

const own: PropertyDescriptorMap = {
  method: {
    get(this: Light) {
      return this[STATE].method;
    },
  },
  url: {
    get(this: Light) {
      return this[STATE].url;
    },
  },
  headers: {
    get(this: Light) {
      return this[STATE].headers;
    },
  },
  bodyUsed: {
    get(this: Light) {
      return this[STATE].used;
    },
  },
  signal: {
    get(this: Light) {
      const state = this[STATE];
      if (state.controller === undefined) {
        state.controller = new AbortController();
        if (state.abandoned) state.controller.abort(state.abandoned.reason);
      }
      return state.controller.signal;
    },
  },
  abandon: {
    value(this: Light, reason: unknown) {
      const state = this[STATE];
      if (state.abandoned) return;
      state.abandoned = { reason };
      state.controller?.abort(reason);
    },
  },
  arrayBuffer: {
    value(this: Light) {
      try {
        const bytes = take(this[STATE]);
        return Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  },
  bytes: {
    value(this: Light) {
      return this.arrayBuffer().then((buffer) => new Uint8Array(buffer));
    },
  },
  text: {
    value(this: Light) {
      return this.arrayBuffer().then((buffer) => new TextDecoder().decode(buffer));
    },
  },
  json: {
    value(this: Light) {
      return this.text().then((text) => JSON.parse(text));
    },
  },
};

/** Every other member of `Request.prototype`, read from the real request. */
const delegated: PropertyDescriptorMap = Object.fromEntries(
  Object.getOwnPropertyNames(Request.prototype)
    .filter((name) => name !== "constructor" && !(name in own))
    .map((name) => [name, {
      get(this: Light) {
        const request = real(this[STATE]);
        const value = (request as unknown as Record<string, unknown>)[name];
        return typeof value === "function" ? value.bind(request) : value;
      },
    }]),
);

const prototype = Object.create(Request.prototype, { ...delegated, ...own }) as object;

/** A light `Request` of what the adapter read: method, URL, headers and body. */
export function lightRequest(url: string, init: { method: string; headers: Headers; body: Uint8Array | undefined }): AbandonableRequest {
  const request = Object.create(prototype) as Light;
  request[STATE] = { ...init, url, used: false, real: undefined, controller: undefined, abandoned: undefined };
  return request;
}
