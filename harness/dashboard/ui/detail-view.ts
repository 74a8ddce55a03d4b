/**
 * One request in detail: what it was and what it got; for a refused
 * signature, what the client declared it signed next to the canonical
 * request and string to sign the server computed (what AWS puts in a
 * SignatureDoesNotMatch message); for a request no recording answered, the
 * closest recording and how the request differs from it; its headers (secrets
 * `[REDACTED]`, as journaled) and body; copy as curl; queue its answer again.
 *
 * @module
 */
import type { JournalEntry } from "../../journal.ts";
import type { NearMiss } from "../recordings.ts";
import { act, admin, type App } from "./app.ts";
import { byId, type Child, fill, h } from "./dom.ts";
import { attemptOf, curlCommand, outcomeOf, requeueOf, versionNameOf } from "./entries.ts";

function field(label: string, value: Child): Child[] {
  return [h("dt", {}, label), h("dd", {}, value)];
}

function shown(value: unknown): string {
  return value === undefined ? "absent" : JSON.stringify(value);
}

/** The signature's section: the verdict, and for a refusal what the server computed. */
function signatureSection(entry: JournalEntry): Child {
  const details = entry.signatureDetails;
  if (details === undefined) return null;
  return h(
    "section",
    { class: "signature", "aria-label": "Signature refused" },
    h("h3", {}, `Signature refused: ${entry.signature}`),
    h("p", {}, "Signed headers the client declared (SignedHeaders):"),
    h("ul", { class: "signed-headers" }, details.signedHeaders.map((name) => h("li", {}, h("code", {}, name)))),
    details.canonicalRequest === undefined ? h("p", {}, "The check stopped before the signature itself: see the answer's error type.") : [
      h("p", {}, "Canonical request the server computed (compare with your client's):"),
      h("pre", { class: "canonical-request" }, details.canonicalRequest),
      h("p", {}, "String to sign the server computed:"),
      h("pre", { class: "string-to-sign" }, details.stringToSign ?? ""),
    ],
  );
}

/** Fills the near-miss section of a request no recording answered. */
async function loadNearMiss(entry: JournalEntry, into: HTMLElement): Promise<void> {
  try {
    const miss = await admin<NearMiss>("GET", `recordings/closest?id=${encodeURIComponent(entry.id)}`);
    fill(
      into,
      h("h3", {}, "Near miss"),
      miss.recording === null ? h("p", {}, "No recording of this operation to compare with.") : [
        h("p", {}, "Closest recording: ", h("code", {}, miss.recording), `, ${miss.differences.length} difference(s):`),
        h(
          "table",
          { class: "differences" },
          h("thead", {}, h("tr", {}, h("th", {}, "member"), h("th", {}, "recorded"), h("th", {}, "this request"))),
          h(
            "tbody",
            {},
            miss.differences.map((difference) =>
              h("tr", {}, h("td", {}, h("code", {}, difference.path || "(body)")), h("td", {}, shown(difference.recorded)), h("td", {}, shown(difference.got)))
            ),
          ),
        ),
      ],
    );
  } catch (error) {
    fill(into, h("p", { class: "error" }, `Near miss unavailable: ${(error as Error).message}`));
  }
}

/** Shows `entry` in the detail pane (`#detail`), or the hint when none is selected. */
export function showDetail(app: App, entry: JournalEntry | undefined): void {
  const pane = byId("detail");
  if (entry === undefined) return fill(pane, h("p", { class: "hint" }, "Select a request (click, or Enter on a row) to see it in full."));
  const scenarios = Object.values(app.meta.scenarios).flat();
  const requeue = requeueOf(entry, scenarios);
  const curl = h("pre", { class: "curl", hidden: true });
  const nearMiss = h("section", { class: "near-miss" });
  const copy = async () => {
    const command = curlCommand(entry, location.origin);
    curl.textContent = command;
    curl.hidden = false;
    try {
      await navigator.clipboard.writeText(command);
      app.say("Copied as curl.");
    } catch {
      app.say("The curl command is shown below the buttons (the clipboard is not available here).");
    }
  };
  fill(
    pane,
    h("h2", { id: "detail-title" }, entry.operation ?? `${entry.method} ${entry.path}`, versionNameOf(entry) ? ` ${versionNameOf(entry)}` : ""),
    h(
      "dl",
      {},
      field("Received", entry.receivedAt),
      field("Answer", h("span", { class: "answer" }, outcomeOf(entry))),
      field("Latency", entry.latencyMs === undefined ? "" : `${entry.latencyMs} ms`),
      field("Signature", entry.signature),
      field("Attempt", attemptOf(entry) || "not numbered"),
      field("User agent", entry.headers["user-agent"] ?? ""),
      field("Request id", h("code", {}, entry.id)),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", "data-key": "copy-curl", onclick: () => void copy() }, "Copy as cURL"),
      requeue === undefined ? null : h("button", {
        type: "button",
        "data-key": "requeue",
        onclick: () => void act(app, () => admin("POST", "responses", requeue), `Queued again: ${JSON.stringify(requeue.respond)}.`),
      }, "Queue this answer again"),
    ),
    curl,
    signatureSection(entry),
    nearMiss,
    h("h3", {}, "Headers"),
    h("table", { class: "headers" }, h("tbody", {}, Object.entries(entry.headers).map(([name, value]) => h("tr", {}, h("th", {}, name), h("td", {}, value))))),
    h("h3", {}, "Body", entry.bodyTruncated ? " (cut at 64 KiB)" : ""),
    h("pre", { class: "body" }, entry.body === null ? "(empty)" : typeof entry.body === "string" ? entry.body : JSON.stringify(entry.body, null, 2)),
  );
  if (app.mode === "replay" && entry.response?.errorType === "NoMatchingRecordingException") void loadNearMiss(entry, nearMiss);
}
