/**
 * The journal as the page keeps it, and what it says of each entry: the rows
 * (arrived, then answered; a reconnect's snapshot merged with the events that
 * came meanwhile), the columns' texts, the filters, the entry as a curl
 * command, and the queued answer that repeats an answer. Pure: no DOM, so
 * tests run it anywhere.
 *
 * @module
 */
import type { JournalEntry } from "../../journal.ts";
import type { QueuedResponse } from "../../response-queue.ts";

/** A row of the journal view: an entry and the page's own key for it (ids repeat in a replay, and change once a recorded answer comes). */
export interface Row {
  readonly key: number;
  entry: JournalEntry;
  /** Its entry's {@link fingerprint}, worked out once (an answer that replaces the entry has the same). */
  readonly print: string;
}

/** The same request, arrived or answered: what its two records share (the entry id may change once answered). */
export function fingerprint(entry: JournalEntry): string {
  return `${entry.receivedAt} ${entry.method} ${entry.path} ${JSON.stringify(entry.headers)}`;
}

/** How many rows the journal view keeps: the newest; the page loads that many (`GET /__admin/requests?last=`). */
export const JOURNAL_ROWS = 2_000;

/** The journal's rows, oldest first, at most `limit` (the oldest go first). */
export class JournalRows {
  #rows: Row[] = [];
  #nextKey = 1;

  constructor(readonly limit = JOURNAL_ROWS) {}

  /** Every row, oldest first. */
  get rows(): readonly Row[] {
    return this.#rows;
  }

  /** The row of `key`, if it is still kept. */
  row(key: number): Row | undefined {
    return this.#rows.find((row) => row.key === key);
  }

  /** Starts again from a snapshot (`GET /__admin/requests`, oldest first). */
  replace(entries: readonly JournalEntry[]): void {
    this.#rows = [];
    for (const entry of entries) this.#add(entry, fingerprint(entry));
  }

  /** A request arrived: a new row, unless the snapshot already had it. Returns the new row. */
  arrived(entry: JournalEntry): Row | undefined {
    const print = fingerprint(entry);
    if (this.#rows.some((row) => row.print === print)) return undefined;
    return this.#add(entry, print);
  }

  /**
   * A request was answered: its row completed (the newest unanswered one of the same request), or a new row
   * (`added`; the oldest dropped when the rows are full).
   */
  answered(entry: JournalEntry): { row: Row; added: boolean } {
    const print = fingerprint(entry);
    const row = this.#rows.find((candidate) => candidate.entry.response === undefined && candidate.print === print) ??
      this.#rows.find((candidate) => candidate.print === print);
    if (row === undefined) return { row: this.#add(entry, print), added: true };
    row.entry = entry;
    return { row, added: false };
  }

  /** The journal was emptied. */
  clear(): void {
    this.#rows = [];
  }

  #add(entry: JournalEntry, print: string): Row {
    const row = { key: this.#nextKey++, entry, print };
    this.#rows.push(row);
    if (this.#rows.length > this.limit) this.#rows.splice(0, this.#rows.length - this.limit);
    return row;
  }
}

/** The version a request names: its `VersionName`, or its `VersionNames` joined; "" when none. */
export function versionNameOf(entry: JournalEntry): string {
  const body = entry.body;
  if (typeof body !== "object" || body === null) return "";
  const { VersionName, VersionNames } = body as { VersionName?: unknown; VersionNames?: unknown };
  if (typeof VersionName === "string") return VersionName;
  return Array.isArray(VersionNames) ? VersionNames.filter((name) => typeof name === "string").join(", ") : "";
}

/** The attempt an SDK numbered (`amz-sdk-request: attempt=2; max=3` → `2/3`); "" when it did not say. */
export function attemptOf(entry: JournalEntry): string {
  const header = entry.headers["amz-sdk-request"] ?? "";
  const attempt = /attempt=(\d+)/.exec(header)?.[1];
  const max = /max=(\d+)/.exec(header)?.[1];
  return attempt === undefined ? "" : max === undefined ? attempt : `${attempt}/${max}`;
}

/** What became of the request, in a few words: `200`, `400 ThrottlingException`, `dropped CONNECTION_RESET`, `…` (being answered). */
export function outcomeOf(entry: JournalEntry): string {
  const { response } = entry;
  if (response === undefined) return "…";
  const status = response.status === 0 ? "dropped" : String(response.status);
  return [status, response.errorType, response.fault].filter(Boolean).join(" ");
}

/** The kind of outcome, for its colour: `pending`, `ok`, `error`, `fault`. */
export function outcomeKind(entry: JournalEntry): "pending" | "ok" | "error" | "fault" {
  const { response } = entry;
  if (response === undefined) return "pending";
  if (response.fault !== undefined || response.status === 0) return "fault";
  return response.status < 300 ? "ok" : "error";
}

/** The journal view's filters; "" means any. */
export interface JournalFilter {
  /** An operation, or `other` for requests that named none. */
  operation: string;
  /** Part of the VersionName (or one of the VersionNames). */
  versionName: string;
  /** `valid`, `refused` (any refusal) or `not checked`. */
  verdict: string;
  /** `2xx`, `4xx`, `5xx`, `dropped` (a fault, or no answer) or `pending`. */
  status: string;
}

/** Whether `entry` passes `filter`. */
export function matchesFilter(entry: JournalEntry, filter: JournalFilter): boolean {
  if (filter.operation === "other" ? entry.operation !== null : filter.operation !== "" && entry.operation !== filter.operation) return false;
  if (filter.versionName !== "" && !versionNameOf(entry).includes(filter.versionName)) return false;
  if (filter.verdict === "refused" ? ["valid", "not checked"].includes(entry.signature) : filter.verdict !== "" && entry.signature !== filter.verdict) {
    return false;
  }
  if (filter.status === "") return true;
  const kind = outcomeKind(entry);
  if (filter.status === "pending") return kind === "pending";
  if (filter.status === "dropped") return kind === "fault";
  return kind !== "pending" && kind !== "fault" && `${String(entry.response!.status)[0]}xx` === filter.status;
}

/** `text` as one shell word, single-quoted (a `'` inside becomes `'\''`). */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Headers curl sets itself from what it sends. */
const CURL_OWN_HEADERS = new Set(["content-length", "connection", "transfer-encoding"]);

/**
 * The request as a curl command against `origin`: its method, path, headers
 * (as journaled: secrets stay `[REDACTED]`) and body (its JSON written again,
 * so a signature over the original bytes may not verify).
 */
export function curlCommand(entry: JournalEntry, origin: string): string {
  const lines = [`curl -sS -X ${entry.method} ${shellQuote(`${origin}${entry.path}`)}`];
  for (const [name, value] of Object.entries(entry.headers)) {
    if (!CURL_OWN_HEADERS.has(name)) lines.push(`  -H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (entry.body !== null && entry.body !== undefined) {
    lines.push(`  --data-raw ${shellQuote(typeof entry.body === "string" ? entry.body : JSON.stringify(entry.body))}`);
  }
  return lines.join(" \\\n");
}

/** The operations the simulator answers, and each one's scenario prefix. */
const SCENARIO_PREFIX: Record<string, string> = { CreateProjectVersion: "create", DescribeProjectVersions: "describe" };

/**
 * The queued answer that gives the next request of the same operation this
 * entry's answer again: its fault, the scenario of its error type when there
 * is one (the same body the service sends), else its status and error type
 * spelt out. Undefined for a success or an answer still to come: the usual
 * answer needs no queueing.
 */
export function requeueOf(entry: JournalEntry, scenarios: readonly string[]): QueuedResponse | undefined {
  const { response } = entry;
  if (response === undefined) return undefined;
  const prefix = entry.operation === null ? undefined : SCENARIO_PREFIX[entry.operation];
  const operation = prefix === undefined ? {} : { operation: entry.operation as QueuedResponse["operation"] };
  if (response.fault !== undefined) return { ...operation, respond: { fault: response.fault } };
  if (response.status < 300) return undefined;
  const scenario = `${prefix}-${response.errorType}`;
  if (prefix !== undefined && response.errorType !== undefined && scenarios.includes(scenario)) {
    return { ...operation, respond: { scenario: scenario as never } };
  }
  return { ...operation, respond: { status: response.status, ...(response.errorType === undefined ? {} : { body: { __type: response.errorType } }) } };
}
