/**
 * Requests from web pages of another origin: pure rules, web-standard. A
 * local server must not be driven by a page the developer merely visits: a
 * "simple" cross-origin request (a form, or `fetch` with `text/plain` and no
 * custom header) reaches it without a CORS preflight, and its effect happens
 * even though the page cannot read the answer.
 *
 * - {@link crossOriginRefusal}: a request a browser marks as coming from
 *   another origin (`Origin`) or site (`Sec-Fetch-Site`) is refused, before
 *   any effect. Clients that are not browsers (the AWS SDKs, boto3, the AWS
 *   CLI, curl, `fetch` in Node, Bun, Deno) send neither header.
 * - {@link isJsonContentType}: a control-plane `POST` must declare
 *   `Content-Type: application/json`, which no simple request can: a browser
 *   must ask first (a preflight), and the server never grants one.
 *
 * @module
 */

/**
 * Why `headers` mark a request from a web page of another origin than the
 * server's own, or undefined when they do not. Refused:
 * - `Sec-Fetch-Site: cross-site` or `same-site`. Same-site is not enough: a
 *   site ignores ports, so every other local web server (a dev server on
 *   `localhost:3000`, with whatever it serves) is same-site with this one;
 * - an `Origin` whose host and port are not the request's `Host` (the
 *   server's own pages, e.g. a dashboard, send their own), `Origin: null`
 *   included (sandboxed frames, `file:` pages).
 *
 * Allowed: no such header (not a browser, or a GET the user typed),
 * `Sec-Fetch-Site: same-origin` or `none` (typed or bookmarked).
 */
export function crossOriginRefusal(headers: Headers): string | undefined {
  const site = headers.get("sec-fetch-site")?.toLowerCase();
  if (site === "cross-site" || site === "same-site") {
    return `Sec-Fetch-Site: ${site}: a web page of another origin sent this request; only this server's own pages and clients that are not browsers may`;
  }
  const origin = headers.get("origin");
  if (origin === null || isOwnOrigin(origin, headers.get("host"))) return undefined;
  return `Origin ${origin} is not this server's own: a web page of another origin sent this request; only this server's own pages and clients that are not browsers may`;
}

/** Whether `origin` (an `Origin` header) has the host and port of `host` (the request's `Host`), the scheme's default port written or not. */
function isOwnOrigin(origin: string, host: string | null): boolean {
  if (host === null) return false;
  try {
    const { protocol, host: originHost } = new URL(origin);
    return (protocol === "http:" || protocol === "https:") && originHost === new URL(`${protocol}//${host}`).host;
  } catch {
    return false; // "null", or not a URL
  }
}

/** Whether a `Content-Type` header is JSON: `application/json`, in any case, with or without parameters (`; charset=utf-8`). */
export function isJsonContentType(contentType: string | null): boolean {
  return contentType !== null && contentType.split(";")[0]!.trim().toLowerCase() === "application/json";
}
