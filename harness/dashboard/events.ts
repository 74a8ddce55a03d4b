/**
 * `GET /__admin/events`: every change of a simulator (changes.ts), or of a
 * recording or replaying server's journal, pushed as server-sent events, for
 * the dashboard and any other tool (`curl -N`). Web-standard: the answer is a
 * `Response` whose body is a `ReadableStream`, so every adapter streams it.
 *
 * Open dashboards must not slow the API. So one subscription per simulator
 * feeds every stream (a hub), each change is encoded once for all of them,
 * and changes are sent in batches, every {@link EVENT_BATCH_MS}: a burst of
 * requests costs each stream one write per batch, not two per request. A
 * request answered before its batch goes out is sent once, as `answered` (its
 * `arrived` event is dropped, never built nor encoded): most requests are
 * answered within milliseconds. A batch carries at most
 * {@link EVENT_BATCH_ENTRIES} journal entries, the newest: under a load test,
 * the stream (which is for people) leaves the others out and says how many
 * (`skipped`), so its cost stops growing with the request rate; the journal
 * keeps them all. Each stream's buffer is bounded: a subscriber that stops
 * reading (a stalled tab, a paused debugger) is dropped once
 * {@link EVENT_BUFFER_BYTES} wait for it, and its memory freed; it reconnects
 * and reads the journal again.
 *
 * Events (each `data` one line of JSON):
 * - `ready`: the stream is open; data: what `GET /__admin/health` answers;
 * - `arrived`, `answered`: a request arrived (no `response` yet) or was answered; data: its journal entry (no
 *   `arrived` when the request was answered before the batch went out: `answered` then stands for both);
 * - `skipped`: that many entries were left out of this batch (the request rate is past what a batch carries); data `{"entries": n}`;
 * - `cleared`: the journal was emptied; `reset`: everything went back to the start; data `{}`;
 * - `state`: `GET /__admin/state` or `/responses` would show something else; data `{"what": "projects" | "versions" | "clock" | "responses"}`.
 * A comment line (`: keep-alive`) every {@link KEEP_ALIVE_MS} keeps idle connections open.
 *
 * @module
 */
import type { ChangeListener, SimulatorChange } from "../changes.ts";

/** How many bytes may wait for one subscriber before it is dropped (plus the batch that found it full). */
export const EVENT_BUFFER_BYTES = 1024 * 1024;

/** How long changes wait to be sent together. */
export const EVENT_BATCH_MS = 50;

/** At most this many journal entries (the newest) go in a batch: 500 a second, more than anyone reads. */
export const EVENT_BATCH_ENTRIES = 25;

/** How often an idle stream gets a comment line. */
export const KEEP_ALIVE_MS = 10_000;

/** Where changes come from: `simulator.subscribe`, or a stand-in's. */
export type Subscribe = (listener: ChangeListener) => () => void;

/** Options of {@link EventHub}. */
export interface EventHubOptions {
  /** Default {@link EVENT_BUFFER_BYTES}. */
  bufferBytes?: number;
  /** Default {@link EVENT_BATCH_MS}. */
  batchMs?: number;
  /** Default {@link EVENT_BATCH_ENTRIES}. */
  batchEntries?: number;
  /** Default {@link KEEP_ALIVE_MS}. */
  keepAliveMs?: number;
}

/** The server-sent event of a change: one `event` line and one `data` line of JSON. */
export function eventOf(change: SimulatorChange): string {
  const data = change.type === "arrived" || change.type === "answered" ? change.entry : change.type === "state" ? { what: change.what } : {};
  return frame(change.type, data);
}

function frame(event: string, data: unknown): string {
  // JSON.stringify escapes line breaks inside strings: the data is one line, as the format needs.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

const encoder = new TextEncoder();
const KEEP_ALIVE = encoder.encode(": keep-alive\n\n");

/** A timer that does not keep a process alive on its own (Node, Bun, Deno). */
function unref<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/**
 * The streams of one source of changes. It subscribes while at least one
 * stream is open, and only then: without listeners, the simulator does not
 * even build the entries it would send.
 */
export class EventHub {
  readonly #subscribe: Subscribe;
  readonly #bufferBytes: number;
  readonly #batchMs: number;
  readonly #batchEntries: number;
  readonly #keepAliveMs: number;
  readonly #streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  #unsubscribe: (() => void) | undefined;
  #keepAlive: ReturnType<typeof setInterval> | undefined;
  /**
   * The batch, in order: events encoded (state, cleared, reset), journal changes (built and encoded only when the
   * batch goes), and "" where a change was left out (past the batch's share of entries).
   */
  #batch: (string | SimulatorChange)[] = [];
  /** How many journal changes the batch holds. */
  #entries = 0;
  /** Where the oldest journal change, and the oldest arrival, of the batch may be: the next to leave out. */
  #oldest = 0;
  #oldestArrival = 0;
  /** How many journal changes were left out of this batch. */
  #skipped = 0;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;

  /** A hub over `subscribe`. */
  constructor(subscribe: Subscribe, options: EventHubOptions = {}) {
    this.#subscribe = subscribe;
    this.#bufferBytes = options.bufferBytes ?? EVENT_BUFFER_BYTES;
    this.#batchMs = options.batchMs ?? EVENT_BATCH_MS;
    this.#batchEntries = options.batchEntries ?? EVENT_BATCH_ENTRIES;
    this.#keepAliveMs = options.keepAliveMs ?? KEEP_ALIVE_MS;
  }

  /** How many streams are open. */
  get size(): number {
    return this.#streams.size;
  }

  /**
   * A new stream: its `ready` event (with `ready` as data) first, then every
   * change from now on. It ends when `signal` aborts (the client went away),
   * when its reader cancels, or when it falls too far behind (then it errors).
   */
  open(ready: unknown, signal?: AbortSignal): ReadableStream<Uint8Array> {
    let opened: ReadableStreamDefaultController<Uint8Array> | undefined;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        opened = controller;
        controller.enqueue(encoder.encode(frame("ready", ready)));
        this.#add(controller);
      },
      cancel: () => {
        if (opened) this.#remove(opened);
      },
    }, { highWaterMark: this.#bufferBytes, size: (chunk) => chunk?.byteLength ?? 0 });
    signal?.addEventListener("abort", () => {
      if (opened && this.#remove(opened)) opened.close();
    }, { once: true });
    if (signal?.aborted && opened && this.#remove(opened)) opened.close();
    return stream;
  }

  #add(controller: ReadableStreamDefaultController<Uint8Array>): void {
    this.#streams.add(controller);
    if (this.#unsubscribe !== undefined) return;
    this.#unsubscribe = this.#subscribe((change) => this.#queue(change));
    this.#keepAlive = unref(setInterval(() => this.#send(KEEP_ALIVE), this.#keepAliveMs));
  }

  /** Forgets a stream; true when it was open. The last one gone, the hub unsubscribes. */
  #remove(controller: ReadableStreamDefaultController<Uint8Array>): boolean {
    if (!this.#streams.delete(controller)) return false;
    if (this.#streams.size === 0) {
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
      clearInterval(this.#keepAlive);
      clearTimeout(this.#flushTimer);
      this.#flushTimer = undefined;
      this.#empty();
    }
    return true;
  }

  #queue(change: SimulatorChange): void {
    if (change.type === "arrived" || change.type === "answered") {
      this.#batch.push(change);
      if (++this.#entries > this.#batchEntries) this.#leaveOutOldest();
    } else {
      this.#batch.push(eventOf(change));
    }
    this.#flushTimer ??= unref(setTimeout(() => this.#flush(), this.#batchMs));
  }

  /** Takes the batch's oldest arrival out, else its oldest answer (its entry never built nor encoded). */
  #leaveOutOldest(): void {
    const isChange = (index: number, type?: string) => {
      const item = this.#batch[index];
      return typeof item !== "string" && (type === undefined || item!.type === type);
    };
    while (this.#oldestArrival < this.#batch.length && !isChange(this.#oldestArrival, "arrived")) this.#oldestArrival++;
    if (this.#oldestArrival < this.#batch.length) {
      this.#batch[this.#oldestArrival] = "";
    } else {
      while (!isChange(this.#oldest)) this.#oldest++;
      this.#batch[this.#oldest] = "";
    }
    this.#entries--;
    this.#skipped++;
  }

  #flush(): void {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    if (this.#batch.length === 0) return;
    // A request arrived and answered within the batch: its answer stands for it (its journal place tells them apart
    // without building either entry).
    const answered = new Set(this.#batch.flatMap((item) => typeof item !== "string" && item.type === "answered" ? [item.place] : []));
    const events = this.#batch.map((item) => typeof item === "string" ? item : item.type === "arrived" && answered.has(item.place) ? "" : eventOf(item));
    if (this.#skipped > 0) events.unshift(frame("skipped", { entries: this.#skipped }));
    this.#empty();
    this.#send(encoder.encode(events.join("")));
  }

  #empty(): void {
    this.#batch = [];
    this.#entries = 0;
    this.#oldest = 0;
    this.#oldestArrival = 0;
    this.#skipped = 0;
  }

  /**
   * Queues `chunk` on every stream. A stream whose buffer is already full
   * (its reader took nothing while {@link EVENT_BUFFER_BYTES} piled up) is
   * dropped instead: it errors, which discards what it held.
   */
  #send(chunk: Uint8Array): void {
    for (const controller of [...this.#streams]) {
      if ((controller.desiredSize ?? 0) <= 0) {
        this.#remove(controller);
        controller.error(new Error(`dropped: the subscriber left ${this.#bufferBytes} bytes of events unread`));
      } else {
        controller.enqueue(chunk);
      }
    }
  }
}

/** The hub of each source of changes (a simulator, a recording or replaying server's stand-in). */
const hubs = new WeakMap<object, EventHub>();

/** The answer to `GET /__admin/events` for `source`: a stream of its changes, `ready` (its health) first. */
export function eventStreamResponse(source: object, subscribe: Subscribe, ready: unknown, signal?: AbortSignal): Response {
  let hub = hubs.get(source);
  if (hub === undefined) hubs.set(source, hub = new EventHub(subscribe));
  return new Response(hub.open(ready, signal), {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** How many event streams of `source` are open (a stream dropped or ended is not). */
export function eventStreamsOpen(source: object): number {
  return hubs.get(source)?.size ?? 0;
}
