/**
 * Queued answers: the ones still pending (`GET /__admin/responses`), a form
 * that queues a scenario, an answer spelt out, a transport fault or a delay
 * for an operation, a VersionName and a number of times, a button on each
 * that drops it, and one that drops them all.
 *
 * @module
 */
import type { PendingResponse, QueuedResponse, ResponseSpec } from "../../response-queue.ts";
import { act, admin, type App } from "./app.ts";
import { byId, fill, h } from "./dom.ts";

/** A queued answer in a few words. */
export function describeRespond(respond: ResponseSpec): string {
  const parts: string[] = [];
  if (respond.scenario !== undefined) parts.push(`scenario ${respond.scenario}`);
  if (respond.status !== undefined) parts.push(`status ${respond.status}${respond.body === undefined ? "" : ` ${JSON.stringify(respond.body)}`}`);
  if (respond.fault !== undefined) parts.push(`fault ${respond.fault}`);
  if (respond.delayMs !== undefined) parts.push(`after ${respond.delayMs} ms`);
  return parts.join(", ") || "the usual answer";
}

/** What the form asks to queue; a message when it cannot be read. */
function queuedOf(form: HTMLFormElement): QueuedResponse | string {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "").trim();
  const operation = text("operation");
  const versionName = text("versionName");
  const kind = text("kind");
  const respond: ResponseSpec = {};
  if (kind === "scenario") respond.scenario = text("scenario") as never;
  if (kind === "fault") respond.fault = text("fault") as never;
  if (kind === "answer") {
    respond.status = Number(text("status"));
    const body = text("body");
    if (body !== "") {
      try {
        respond.body = JSON.parse(body);
      } catch {
        respond.body = body;
      }
    }
  }
  if (text("delayMs") !== "") respond.delayMs = Number(text("delayMs"));
  if (kind === "delay" && respond.delayMs === undefined) return "A delay needs its milliseconds.";
  return {
    ...(operation === "" ? {} : { operation: operation as QueuedResponse["operation"] }),
    ...(versionName === "" ? {} : { match: { VersionName: versionName } }),
    times: Number(text("times") || "1"),
    respond,
  };
}

/** The queued answers' view: `refresh()` fetches and draws them. */
export function queueView(app: App): { refresh(): Promise<void> } {
  const form = byId<HTMLFormElement>("queue-form");
  const list = byId("queue-list");
  const scenarios = byId<HTMLSelectElement>("queue-scenario");
  const operation = byId<HTMLSelectElement>("queue-operation");

  const offerScenarios = () => {
    const names = operation.value === "" ? Object.values(app.meta.scenarios).flat() : app.meta.scenarios[operation.value] ?? [];
    const chosen = scenarios.value;
    fill(scenarios, names.map((name) => h("option", { value: name }, name)));
    if (names.includes(chosen)) scenarios.value = chosen;
  };
  /** Only the fields of the kind chosen are shown (and sent). */
  const showKind = () => {
    const kind = String(new FormData(form).get("kind"));
    for (const part of form.querySelectorAll<HTMLElement>("[data-kind]")) part.hidden = !part.dataset.kind!.split(" ").includes(kind);
  };
  fill(byId("queue-fault"), app.meta.faults.map((fault) => h("option", { value: fault }, fault)));
  offerScenarios();
  showKind();
  operation.addEventListener("change", offerScenarios);
  form.addEventListener("change", showKind);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const queued = queuedOf(form);
    if (typeof queued === "string") return app.say(queued, true);
    void act(app, () => admin("POST", "responses", queued), `Queued: ${describeRespond(queued.respond)} × ${queued.times}.`);
  });
  byId("queue-drop").addEventListener("click", () => void act(app, () => admin("DELETE", "responses"), "Queued answers dropped."));

  const refresh = async () => {
    const { responses } = await admin<{ responses: PendingResponse[] }>("GET", "responses");
    fill(
      list,
      responses.length === 0 ? h("li", { class: "hint" }, "Nothing queued: every request gets the usual answer.") : responses.map((pending) =>
        h(
          "li",
          {},
          h("strong", {}, pending.operation ?? "any operation"),
          pending.match?.VersionName === undefined ? "" : ` · VersionName ${pending.match.VersionName}`,
          pending.match?.ProjectArn === undefined ? "" : ` · ${pending.match.ProjectArn}`,
          ` · ${describeRespond(pending.respond)} · ${pending.remaining} of ${pending.times} left `,
          h("button", {
            type: "button",
            "data-key": `drop-${pending.id}`,
            title: `DELETE /__admin/responses?id=${pending.id}`,
            onclick: () =>
              void act(app, () => admin("DELETE", `responses?id=${encodeURIComponent(pending.id)}`), `Dropped: ${describeRespond(pending.respond)}.`),
          }, "Drop"),
        )
      ),
    );
  };
  return { refresh };
}
