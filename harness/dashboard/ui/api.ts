/**
 * The page's calls to the control plane, on its own origin. With
 * `--admin-token`, every call (the event stream too) sends
 * `Authorization: Bearer <token>`; the token is asked for once, kept in this
 * tab's `sessionStorage` (gone when the tab closes) and never put in a URL.
 * POSTs declare JSON, as the control plane requires.
 *
 * @module
 */
import { EventStreamParser, type ServerSentEvent } from "./sse.ts";

/** Where the token is kept, in `sessionStorage`. */
export const TOKEN_KEY = "rekognition-edge.admin-token";

/** The control plane answered 401: a token is needed (or the one given is wrong). */
export class TokenRequired extends Error {
  override name = "TokenRequired";
}

/** The control plane refused a call: its status and `{"error"}`. */
export class AdminError extends Error {
  override name = "AdminError";
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The token of this tab, if one was given. */
export function savedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Keeps `token` for this tab (or forgets it, given null). */
export function saveToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

/** The headers of every call: the token, if any, as Bearer. */
function headersOf(json: boolean): Headers {
  const headers = new Headers();
  const token = savedToken();
  if (token !== null) headers.set("Authorization", `Bearer ${token}`);
  if (json) headers.set("Content-Type", "application/json");
  return headers;
}

/** Calls `/__admin/<path>`; resolves with its JSON. Throws {@link TokenRequired} on a 401, {@link AdminError} on any other refusal. */
export async function admin<T = unknown>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/__admin/${path}`, {
    method,
    headers: headersOf(method === "POST"),
    ...(method === "POST" ? { body: JSON.stringify(body ?? {}) } : {}),
    cache: "no-store",
  });
  if (response.status === 401) throw new TokenRequired("the control plane needs the admin token");
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new AdminError(response.status, (answer as { error?: string }).error ?? `${method} /__admin/${path}: ${response.status}`);
  return answer as T;
}

/**
 * Reads `GET /__admin/events` until it ends or `signal` aborts, calling
 * `onEvent` with each event. Read with `fetch`, not `EventSource`, so the
 * token goes in a header. Throws {@link TokenRequired} on a 401.
 */
export async function readEvents(onEvent: (event: ServerSentEvent) => void, signal: AbortSignal): Promise<void> {
  const response = await fetch("/__admin/events", { headers: headersOf(false), cache: "no-store", signal });
  if (response.status === 401) throw new TokenRequired("the event stream needs the admin token");
  if (!response.ok || response.body === null) throw new AdminError(response.status, `GET /__admin/events: ${response.status}`);
  const parser = new EventStreamParser();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    for (const event of parser.push(read.value)) onEvent(event);
  }
}
