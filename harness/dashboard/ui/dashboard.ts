/**
 * The dashboard's script (served as `/__admin/ui/dashboard.js`, bundled from
 * this module and the ones it imports by scripts/build-dashboard.mjs). It
 * reads the server's health (asking for the admin token if the control plane
 * wants one), opens the event stream, loads the journal, state, queued
 * answers or recordings once the stream is ready, then applies each event as
 * it comes; after a dropped stream, it reconnects and loads them again.
 *
 * @module
 */
import { admin, readEvents, savedToken, saveToken, TokenRequired } from "./api.ts";
import { JOURNAL_ROWS } from "./entries.ts";
import { act, type App, type Health, type Meta, modeOf } from "./app.ts";
import { byId } from "./dom.ts";
import { journalView } from "./journal-view.ts";
import { showDetail } from "./detail-view.ts";
import { queueView } from "./queue-view.ts";
import { recordingsView } from "./recordings-view.ts";
import { stateView } from "./state-view.ts";
import type { JournalEntry } from "../../journal.ts";
import type { ServerSentEvent } from "./sse.ts";

const statusLine = byId("status");
const connection = byId("connection");
const tokenForm = byId<HTMLFormElement>("token-form");
let stream: AbortController | undefined;

function say(message: string, error = false): void {
  statusLine.textContent = message;
  statusLine.classList.toggle("error", error);
}

/** Shows the token form; whatever was running stops until a token is given. */
function needToken(): void {
  stream?.abort();
  const had = savedToken() !== null;
  saveToken(null);
  byId("app").hidden = true;
  tokenForm.hidden = false;
  byId("token-why").textContent = had ? "That token was refused." : "This server was started with --admin-token.";
  byId<HTMLInputElement>("token").focus();
  connection.textContent = "needs the admin token";
}

tokenForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const input = byId<HTMLInputElement>("token");
  saveToken(input.value.trim());
  input.value = "";
  tokenForm.hidden = true;
  location.reload();
});
byId("forget-token").addEventListener("click", () => {
  saveToken(null);
  location.reload();
});

/** Calls `run` at most once per `ms`, the last call winning. */
function debounced(run: () => Promise<void>, ms = 100): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run().catch(() => {}), ms);
  };
}

async function start(): Promise<void> {
  let health: Health;
  try {
    health = await admin<Health>("GET", "health");
  } catch (error) {
    if (error instanceof TokenRequired) return needToken();
    connection.textContent = `cannot reach the control plane: ${(error as Error).message}`;
    return;
  }
  const meta = (await (await fetch("/__admin/ui/meta.json")).json()) as Meta;
  const app: App = { meta, health, mode: modeOf(health), say, needToken };
  byId("forget-token").hidden = savedToken() === null;
  byId("mode").textContent = app.mode === "simulator"
    ? `simulator · ${health.region} · training ${health.trainingSeconds} s`
    : `${app.mode === "record" ? "recording" : "replaying"}${health.region ? ` · ${health.region}` : ""}`;
  byId("app").hidden = false;
  for (const part of document.querySelectorAll<HTMLElement>("[data-mode]")) part.hidden = !part.dataset.mode!.split(" ").includes(app.mode);

  const journal = journalView(app);
  showDetail(app, undefined);
  const simulator = app.mode === "simulator" ? { state: stateView(app), queue: queueView(app) } : undefined;
  const recordings = app.mode === "simulator" ? undefined : recordingsView(app);
  const refreshState = debounced(async () => void await simulator?.state.refresh());
  const refreshQueue = debounced(async () => void await simulator?.queue.refresh());
  const refreshRecordings = debounced(async () => void await recordings?.refresh());
  byId("reset").addEventListener("click", () => void act(app, () => admin("POST", "reset"), "Reset: back to the start."));

  /** Events that came while the snapshot loads: applied after it. */
  let waiting: ServerSentEvent[] | undefined;
  const apply = (event: ServerSentEvent) => {
    if (waiting !== undefined) return void waiting.push(event);
    const data = JSON.parse(event.data) as JournalEntry & { what?: string };
    if (event.event === "arrived") journal.arrived(data);
    else if (event.event === "answered") journal.answered(data);
    else if (event.event === "skipped") journal.skipped((data as unknown as { entries: number }).entries);
    else if (event.event === "cleared") journal.clear();
    else if (event.event === "reset") {
      journal.clear();
      simulator?.state.reset();
      refreshState();
      refreshQueue();
      refreshRecordings();
    } else if (event.event === "state") {
      if (data.what === "responses") refreshQueue();
      else refreshState();
    }
    if (event.event === "answered" && app.mode === "record") refreshRecordings();
  };
  const load = async () => {
    waiting = [];
    try {
      const [{ requests }] = await Promise.all([
        admin<{ requests: JournalEntry[] }>("GET", `requests?last=${JOURNAL_ROWS}`), // the newest: the view keeps no more
        simulator?.state.refresh(),
        simulator?.queue.refresh(),
        recordings?.refresh(),
      ]);
      journal.replace(requests);
    } finally {
      const events = waiting;
      waiting = undefined;
      for (const event of events) apply(event);
    }
    connection.textContent = "live";
    connection.className = "connection live";
  };

  const failed = (error: unknown) => (error instanceof TokenRequired ? needToken() : say(`Could not load: ${(error as Error).message}`, true));
  byId("journal-reload").addEventListener("click", () => void load().catch(failed));

  for (;;) {
    stream = new AbortController();
    try {
      await readEvents((event) => (event.event === "ready" ? void load().catch(failed) : apply(event)), stream.signal);
    } catch (error) {
      if (error instanceof TokenRequired) return needToken();
      if (stream.signal.aborted) return;
    }
    connection.textContent = "reconnecting…";
    connection.className = "connection";
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

void start();
