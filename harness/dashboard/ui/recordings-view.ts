/**
 * While replaying: the recordings the server answers from; while recording:
 * the exchanges saved so far (`GET /__admin/recordings`). A request no
 * recording answered shows its near miss in the detail pane.
 *
 * @module
 */
import type { RecordingsView } from "../recordings.ts";
import { admin, type App } from "./app.ts";
import { byId, fill, h } from "./dom.ts";

/** The recordings' view: `refresh()` fetches and draws them. */
export function recordingsView(app: App): { refresh(): Promise<void> } {
  const section = byId("recordings");
  section.hidden = false;
  byId("recordings-title").textContent = app.mode === "replay" ? "Recordings replayed" : "Exchanges recorded";
  const refresh = async () => {
    const view = await admin<RecordingsView>("GET", "recordings");
    fill(
      byId("recordings-list"),
      h("p", { class: "arn" }, view.folder, ` · ${view.recordings.length} ${view.mode === "replay" ? "recordings" : "saved"}`),
      view.recordings.length === 0 ? h("p", { class: "hint" }, "None yet.") : h(
        "table",
        {},
        h("thead", {}, h("tr", {}, ["file", "operation", "answer"].map((label) => h("th", {}, label)))),
        h(
          "tbody",
          {},
          view.recordings.map((recording) =>
            h(
              "tr",
              {},
              h("td", {}, h("code", {}, recording.file)),
              h("td", {}, recording.operation),
              h(
                "td",
                { class: `outcome ${recording.outcome === "success" ? "ok" : "error"}` },
                `${recording.status} ${recording.errorType ?? recording.outcome}`,
              ),
            )
          ),
        ),
      ),
    );
  };
  return { refresh };
}
