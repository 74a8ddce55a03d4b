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
import { lightConstructor, stateGetter } from "../light.ts";

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
  method: stateGetter<State>(STATE, (state) => state.method),
  url: stateGetter<State>(STATE, (state) => state.url),
  headers: stateGetter<State>(STATE, (state) => state.headers),
  bodyUsed: stateGetter<State>(STATE, (state) => state.used),
  signal: stateGetter<State>(STATE, (state) => {
    if (state.controller === undefined) {
      state.controller = new AbortController();
      if (state.abandoned) state.controller.abort(state.abandoned.reason);
    }
    return state.controller.signal;
  }),
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
      try {
        return Promise.resolve(take(this[STATE]).slice());
      } catch (error) {
        return Promise.reject(error);
      }
    },
  },
  text: {
    value(this: Light) {
      try {
        return Promise.resolve(utf8.decode(take(this[STATE])));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  },
  json: {
    value(this: Light) {
      return this.text().then((text) => JSON.parse(text));
    },
  },
};

const utf8 = new TextDecoder();

const LightRequest = lightConstructor<State>(Request, STATE, own, real);

/** A light `Request` of what the adapter read: method, URL, headers and body. */
export function lightRequest(url: string, { method, headers, body }: { method: string; headers: Headers; body: Uint8Array | undefined }): AbandonableRequest {
  return new LightRequest({ method, url, headers, body, used: false, real: undefined, controller: undefined, abandoned: undefined }) as AbandonableRequest;
}
