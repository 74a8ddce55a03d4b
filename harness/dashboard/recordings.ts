/**
 * What a recording or replaying server shows the dashboard beyond its
 * journal: `GET /__admin/recordings` (the recordings replayed, or the
 * exchanges saved so far) and `GET /__admin/recordings/closest?id=` (for a
 * request no recording answered, the closest recording and where the request
 * differs from it: what the 404's message names, in full).
 *
 * @module
 */
import type { ScenarioIndexEntry } from "../../fixtures/scenarios.ts";
import { ControlPlaneError } from "../admin-input.ts";
import type { JournalEntry, RequestJournal } from "../journal.ts";
import type { BodyDifference } from "../matching.ts";
import type { RecordingReplayer } from "../replay.ts";

/** `GET /__admin/recordings`. */
export interface RecordingsView {
  /** `record`: the exchanges saved; `replay`: the recordings answered from. */
  mode: "record" | "replay";
  /** The folder. */
  folder: string;
  /** In the folder's order (`index.json`). */
  recordings: ScenarioIndexEntry[];
}

/** `GET /__admin/recordings/closest?id=`: the request's near miss. */
export interface NearMiss {
  /** The journal entry's id. */
  id: string;
  /** The closest recording of the request's operation; null when there is none to compare with. */
  recording: string | null;
  /** Where the request differs from it (its body, as replay compares it: ignored members left out). */
  differences: BodyDifference[];
}

/** The near miss of the journaled request `id`; a 404 {@link ControlPlaneError} when the journal has no such request. */
export function nearMissOf(journal: RequestJournal, replayer: RecordingReplayer, id: string): NearMiss {
  let entry: JournalEntry | undefined;
  for (const candidate of journal.entries()) { // read, not copied: one is asked for
    if (candidate.id === id) {
      entry = candidate;
      break;
    }
  }
  if (entry === undefined) throw new ControlPlaneError(404, `no request ${id} in the journal`);
  const body = entry.body;
  const closest = entry.operation !== null && typeof body === "object" && body !== null && !Array.isArray(body)
    ? replayer.closestRecording(entry.operation, body as Record<string, unknown>)
    : undefined;
  return { id, recording: closest?.scenario.name ?? null, differences: closest?.differences ?? [] };
}
