/**
 * Change notifications: a listener learns when the simulator's journal or
 * state changes, or it is reset, as data. Tiny on purpose: the base of the
 * `GET /__admin/events` stream (server-sent events, dashboard/events.ts),
 * which sends each change as it comes.
 *
 * @module
 */
import { type JournalChange, type JournalEntry, RequestJournal } from "./journal.ts";

/**
 * A change of the simulator:
 * - `arrived`: a request arrived; its entry (`GET /__admin/requests`) has no `response` yet;
 * - `answered`: it was answered; its entry is complete;
 * - `cleared`: the journal was emptied (`DELETE /__admin/requests`, or a reset);
 * - `state`: what `GET /__admin/state` or `/responses` shows changed: a project added, a version created or its
 *   status set, a clock moved or skewed, a queued answer added, used or dropped (training that ends with time is not a change);
 * - `reset`: everything went back to the start (`POST /__admin/reset`).
 */
export type SimulatorChange =
  | { type: "arrived" | "answered"; entry: JournalEntry; place: number }
  | { type: "cleared" }
  | { type: "state"; what: "projects" | "versions" | "clock" | "responses" }
  | { type: "reset" };

/**
 * The change of a journal entry, its entry built (copied out of the journal)
 * the first time a listener reads it, and only then: a listener that does not
 * look at it (the event stream drops an arrival answered within its batch: it
 * tells them apart by `place`) costs nothing. Every listener reads the same entry.
 */
export function entryChange({ type, place, entry }: JournalChange & { type: "arrived" | "answered" }): SimulatorChange {
  let built: JournalEntry | undefined;
  return {
    type,
    place,
    get entry() {
      return built ??= entry();
    },
  };
}

/** A journal whose changes go to `changes`, described only while someone listens. */
export function reportedJournal(changes: ChangeFeed): RequestJournal {
  return new RequestJournal({
    onChange: (change) => changes.listening && changes.emit(change.type === "cleared" ? change : entryChange(change)),
  });
}

/** Called with each change, synchronously, right after it happened. */
export type ChangeListener = (change: SimulatorChange) => void;

/** The listeners of one simulator. */
export class ChangeFeed {
  readonly #listeners = new Set<ChangeListener>();

  /** Whether anyone listens: a change that costs something to describe (a journal entry) is described only then. */
  get listening(): boolean {
    return this.#listeners.size > 0;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Tells every listener, in the order they subscribed. A listener that throws is skipped: what it throws never reaches the request or call that made the change. */
  emit(change: SimulatorChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure is its own (a closed event stream): the simulator carries on.
      }
    }
  }
}
