/**
 * What the adapters of the runtimes' own web-standard servers (`Bun.serve`, `Deno.serve`) share: reading a request
 * into the handler's `Request` (the body limit's 413, the `Host` the client signed, the signal on hang-up), handing
 * it to the local server, and turning the answer into a `Response` of the runtime's own, with no CORS grant. What
 * differs between them, how each puts a transport fault on the wire, stays in each adapter.
 *
 * @module
 */
import { BodyTooLarge, HUNG_UP, type LocalServer, requestUrl, sentHeaders, SERVER_CLOSED, ServerRequest } from "./local-server.ts";
import { builtBodyText, realResponse } from "./wire.ts";

/** Reads a body up to `limit` bytes (413 beyond, before reading when `Content-Length` says so). */
async function readBody(request: Request, limit: number): Promise<Uint8Array | undefined> {
  if (request.body === null) return undefined;
  const declared = request.headers.get("content-length");
  if (Number(declared ?? 0) > limit) throw new BodyTooLarge();
  // A declared length is read by the runtime itself: a JavaScript stream costs a small request more than the rest of its reading.
  if (declared !== null && request.headers.get("transfer-encoding") === null) return new Uint8Array(await request.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  if (chunks.length === 1) return chunks[0];
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) body.set(chunk, (offset += chunk.byteLength) - chunk.byteLength);
  return body;
}

/**
 * An answer (not a dropped connection, nor a fault) as a runtime's own server takes it: a text answer sent from its
 * text, any other as the real `Response` it is, CORS grants dropped either way.
 */
export function servedResponse(response: Response): Response {
  const text = builtBodyText(response);
  if (text !== undefined) return new Response(text, { status: response.status, headers: sentHeaders(response) });
  let grants = false;
  response.headers.forEach((_, name) => (grants ||= name.startsWith("access-control-")));
  return grants ? new Response(response.body, { status: response.status, headers: sentHeaders(response) }) : realResponse(response);
}

/** A web-standard server's handler over a local server. */
export interface WebHandler {
  /** Answers a request as the runtime's server received it; `toRuntime` puts the local server's answer into the runtime's terms. */
  answer(incoming: Request): Promise<Response>;
  /** The JSON error answer for what failed before or outside {@link answer} (the runtime's own error hook). */
  errorResponse(error: unknown): Response;
  /** Abandons every request still being answered: their signals abort (the server closes). */
  abandonAll(): void;
}

/**
 * The handler of a runtime's web-standard server over `local`: `authority()` is where it listens (the `Host` of a
 * request that sends none), `toRuntime` turns an answer (faults included) into the runtime's own `Response`.
 */
export function webHandler(local: LocalServer, authority: () => string, toRuntime: (response: Response) => Response): WebHandler {
  const answering = new Set<ServerRequest>();
  const errorResponse = (error: unknown) => {
    const answer = local.errorAnswer(error);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
  return {
    async answer(incoming) {
      let request: ServerRequest | undefined;
      let hungUp: (() => void) | undefined;
      try {
        const target = new URL(incoming.url);
        const url = requestUrl(`${target.pathname}${target.search}`, incoming.headers.get("host") ?? authority());
        const body = await readBody(incoming, local.maxBodyBytes);
        request = new ServerRequest(url, { method: incoming.method, headers: incoming.headers, ...(body ? { body: body as Uint8Array<ArrayBuffer> } : {}) });
        const served = request;
        hungUp = () => served.abandon(HUNG_UP());
        if (incoming.signal.aborted) hungUp();
        else incoming.signal.addEventListener("abort", hungUp, { once: true });
        answering.add(served);
        return toRuntime(await local.answer(served));
      } catch (error) {
        return errorResponse(error);
      } finally {
        if (request) answering.delete(request);
        // Answered: an abort after this is not a hang-up (Deno aborts the signal of every answered request).
        if (hungUp) incoming.signal.removeEventListener("abort", hungUp);
      }
    },
    errorResponse,
    abandonAll() {
      for (const request of answering) request.abandon(SERVER_CLOSED());
    },
  };
}
