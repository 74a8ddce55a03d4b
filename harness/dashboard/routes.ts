/**
 * The dashboard's page (`GET /__admin/ui`), its script, style and icon, and
 * the lists its forms offer (`/__admin/ui/meta.json`: scenario names, faults,
 * statuses). They hold no data of the server, so they need no token: the page
 * asks for the token, then sends it with every call it makes. Every answer
 * forbids what the page never does, so that text planted in the journal
 * cannot run: `Content-Security-Policy: default-src 'self'` (no inline
 * script or style, nothing from elsewhere), `X-Content-Type-Options: nosniff`,
 * and no framing (`frame-ancestors 'none'`: no clickjacking of the reset).
 *
 * The files come from assets.ts, loaded on the first request for one, so a
 * bundle of the harness that never serves the page does not carry it in its
 * first chunk.
 *
 * @module
 */
import { SCENARIO_OPERATIONS, SCENARIOS } from "../../fixtures/scenarios.ts";
import { FAULTS } from "../faults.ts";

/** Where the page is served. */
export const DASHBOARD_PATH = "/__admin/ui";

/** The page's policy: its own files only; no inline script or style; no framing, no `<base>`, no form posted anywhere. */
export const DASHBOARD_CSP = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The headers of every answer under {@link DASHBOARD_PATH}. */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": DASHBOARD_CSP,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

/** Statuses the projects view offers to set (any other can be typed: the enum is open). */
const STATUSES = [
  "RUNNING",
  "STOPPED",
  "FAILED",
  "DEPRECATED",
  "EXPIRED",
  "TRAINING_COMPLETED",
  "TRAINING_FAILED",
  "TRAINING_IN_PROGRESS",
  "STARTING",
  "STOPPING",
  "DELETING",
  "COPYING_IN_PROGRESS",
  "COPYING_COMPLETED",
  "COPYING_FAILED",
];

/** Whether a path is the page or one of its files. */
export function isDashboardPath(pathname: string): boolean {
  return pathname === DASHBOARD_PATH || pathname.startsWith(`${DASHBOARD_PATH}/`);
}

/** The lists the page's forms offer. */
function meta(): string {
  const scenarios = Object.fromEntries(SCENARIO_OPERATIONS.map((operation) => [operation, [] as string[]]));
  for (const [name, scenario] of Object.entries(SCENARIOS)) scenarios[scenario.request.operation]?.push(name);
  return JSON.stringify({ scenarios, faults: FAULTS, statuses: STATUSES });
}

/** Answers `GET` (or `HEAD`) of the page and its files; 404 for another file, 405 for another method. */
export async function dashboardResponse(request: Request): Promise<Response> {
  const answer = (status: number, type: string, body: string, extra: Record<string, string> = {}) =>
    new Response(request.method === "HEAD" ? null : body, { status, headers: { ...DASHBOARD_HEADERS, "Content-Type": type, ...extra } });
  if (request.method !== "GET" && request.method !== "HEAD") {
    return answer(405, "application/json", JSON.stringify({ error: `${DASHBOARD_PATH} takes GET` }), { Allow: "GET, HEAD" });
  }
  const assets = await import("./assets.ts");
  const file = new URL(request.url).pathname.slice(DASHBOARD_PATH.length).replace(/^\/+/, "");
  switch (file) {
    case "":
      return answer(200, "text/html; charset=utf-8", assets.PAGE_HTML);
    case "dashboard.js":
      return answer(200, "text/javascript; charset=utf-8", assets.PAGE_SCRIPT);
    case "dashboard.css":
      return answer(200, "text/css; charset=utf-8", assets.PAGE_STYLE);
    case "favicon.svg":
      return answer(200, "image/svg+xml", assets.FAVICON_SVG);
    case "meta.json":
      return answer(200, "application/json", meta());
    default:
      return answer(404, "application/json", JSON.stringify({ error: `no dashboard file ${DASHBOARD_PATH}/${file}` }));
  }
}
