/**
 * The simulator's state: projects and their versions (status, F1, the
 * timeline of transitions; finish training, set a status), and the clock
 * (skew, advance) with the reset. Redrawn from `GET /__admin/state` whenever
 * the event stream says it changed, and every second while a version trains
 * (training ends with time, which is no event).
 *
 * @module
 */
import type { SimulatorState } from "../../service-model.ts";
import type { VersionTransition } from "../../version-description.ts";
import { act, admin, type App } from "./app.ts";
import { byId, type Child, fill, h } from "./dom.ts";

/** The last state drawn (as JSON, the clock's time left out): an unchanged state is not drawn again. */
let drawn = "";

function time(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$/, "Z");
}

function timelineOf(transitions: readonly VersionTransition[] | undefined): Child {
  return h(
    "ol",
    { class: "timeline" },
    (transitions ?? []).map((transition) =>
      h(
        "li",
        { title: transition.At },
        h("span", { class: "status" }, transition.Status),
        ` ${new Date(transition.At).toLocaleTimeString([], { hour12: false })} · ${transition.By}`,
      )
    ),
  );
}

function versionRow(app: App, projectArn: string, version: Record<string, unknown>, timeline: readonly VersionTransition[] | undefined): HTMLElement {
  const arn = String(version.ProjectVersionArn ?? "");
  const name = arn.split("/version/")[1]?.split("/")[0] ?? arn;
  const status = String(version.Status ?? "");
  const f1 = (version.EvaluationResult as { F1Score?: number } | undefined)?.F1Score;
  const key = `${projectArn} ${name}`;
  const seconds = app.health.trainingSeconds ?? 0;
  const statusInput = h("input", {
    list: "statuses",
    name: "status",
    "aria-label": `New status of ${name}`,
    placeholder: "RUNNING",
    required: true,
    "data-key": `status-${key}`,
  });
  const setStatus = (event: Event) => {
    event.preventDefault();
    const Status = statusInput.value.trim();
    void act(app, () => admin("POST", "versions/status", { ProjectArn: projectArn, VersionName: name, Status }), `${name}: status set to ${Status}.`);
  };
  return h(
    "tr",
    {},
    h("td", { class: "name" }, name),
    h("td", {}, h("span", { class: `status ${status.toLowerCase()}` }, status)),
    h("td", { class: "num" }, f1 === undefined ? "" : f1.toFixed(3)),
    h("td", {}, timelineOf(timeline)),
    h(
      "td",
      { class: "actions" },
      status === "TRAINING_IN_PROGRESS"
        ? h("button", {
          type: "button",
          "data-key": `finish-${key}`,
          title: `Advances the training clock ${seconds} s (the training time): every version in training finishes`,
          onclick: () => void act(app, () => admin("POST", "clock/advance", { seconds }), `Training clock advanced ${seconds} s.`),
        }, "Finish training")
        : null,
      h("form", { class: "inline", onsubmit: setStatus }, statusInput, h("button", { "data-key": `set-${key}` }, "Set status")),
    ),
  );
}

/** Draws `state` into `#projects-list` and `#clock-state` (unless it is what is already drawn). */
function draw(app: App, state: SimulatorState): void {
  const { clock } = state;
  fill(byId("clock-state"), `service time ${time(clock.time)} · skew ${clock.skewSeconds} s · training clock advanced ${clock.advancedSeconds} s`);
  const json = JSON.stringify({ projects: state.projects, skew: clock.skewSeconds, advanced: clock.advancedSeconds });
  if (json === drawn) return;
  drawn = json;
  fill(
    byId("projects-list"),
    state.projects.map((project) =>
      h(
        "article",
        { class: "project" },
        h("h3", {}, project.ProjectArn.split("/")[1] ?? project.ProjectArn, " ", h("small", {}, `${project.Feature}${project.Datasets ? ", datasets" : ""}`)),
        h("p", { class: "arn" }, project.ProjectArn),
        project.Versions.length === 0 ? h("p", { class: "hint" }, "No versions yet.") : h(
          "table",
          {},
          h("thead", {}, h("tr", {}, ["version", "status", "F1", "timeline", "actions"].map((label) => h("th", {}, label)))),
          h("tbody", {}, project.Versions.map((version) => versionRow(app, project.ProjectArn, version, timelineFor(project.Timelines, version)))),
        ),
      )
    ),
  );
}

function timelineFor(timelines: Record<string, VersionTransition[]> | undefined, version: Record<string, unknown>): VersionTransition[] | undefined {
  const name = String(version.ProjectVersionArn ?? "").split("/version/")[1]?.split("/")[0];
  return timelines !== undefined && name !== undefined && Object.hasOwn(timelines, name) ? timelines[name] : undefined;
}

/** The state view: `refresh()` fetches and draws the state; it polls while a version trains. */
export function stateView(app: App): { refresh(): Promise<void>; reset(): void } {
  let polling: ReturnType<typeof setTimeout> | undefined;
  const refresh = async () => {
    clearTimeout(polling);
    const state = await admin<SimulatorState>("GET", "state");
    draw(app, state);
    if (state.projects.some((project) => project.Versions.some((version) => version.Status === "TRAINING_IN_PROGRESS"))) {
      polling = setTimeout(() => void refresh().catch(() => {}), 1000);
    }
  };
  const number = (form: HTMLFormElement) => Number(new FormData(form).get("seconds"));
  const advance = byId<HTMLFormElement>("clock-advance");
  advance.addEventListener("submit", (event) => {
    event.preventDefault();
    const seconds = number(advance);
    void act(app, () => admin("POST", "clock/advance", { seconds }), `Training clock advanced ${seconds} s.`);
  });
  const skew = byId<HTMLFormElement>("clock-skew");
  skew.addEventListener("submit", (event) => {
    event.preventDefault();
    const seconds = number(skew);
    void act(app, () => admin("POST", "clock/skew", { seconds }), `Service clock skew set to ${seconds} s.`);
  });
  fill(byId("statuses"), app.meta.statuses.map((status) => h("option", { value: status })));
  return { refresh, reset: () => void (drawn = "") };
}
