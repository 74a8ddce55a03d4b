/**
 * Reading a case's evidence: the client's requests in the journal (attempts,
 * answers, signature verdicts, headers, the time between attempts), how the
 * client ended, and which versions exist. Small pure functions the graders
 * share.
 *
 * @module
 */
import { isPlainObject } from "../../src/shapes.ts";
import type { JournalEntry } from "../journal.ts";
import type { ResponseSpec } from "../response-queue.ts";
import type { CaseRun, CaseSetup, ClientOutcome } from "./types.ts";

/** The operations the drivers call. */
export const CREATE = "CreateProjectVersion";
export const DESCRIBE = "DescribeProjectVersions";

/** The client's CreateProjectVersion attempts, in order. */
export function createAttempts(run: CaseRun): JournalEntry[] {
  return run.journal.filter((entry) => entry.operation === CREATE);
}

/** The client's DescribeProjectVersions calls that can show the asked version (its project; all versions, or a list naming it). */
export function pollsOfVersion(run: CaseRun): JournalEntry[] {
  return run.journal.filter((entry) => {
    if (entry.operation !== DESCRIBE || !isPlainObject(entry.body) || entry.body.ProjectArn !== run.asked.ProjectArn) return false;
    const names = entry.body.VersionNames;
    return names === undefined || (Array.isArray(names) && names.includes(run.asked.VersionName));
  });
}

/** The status an entry was answered with; 0 when no answer was sent. */
function statusOf(entry: JournalEntry): number {
  return entry.response?.status ?? 0;
}

/** Whether an entry got a complete 200 answer (not one cut by a fault). */
export function answeredOk(entry: JournalEntry): boolean {
  return statusOf(entry) === 200 && entry.response?.fault === undefined;
}

/** When an entry arrived, in epoch ms. */
function arrivedAt(entry: JournalEntry): number {
  return Date.parse(entry.receivedAt);
}

/** The time between consecutive entries' arrivals, in ms. */
export function gapsMs(entries: readonly JournalEntry[]): number[] {
  return entries.slice(1).map((entry, index) => arrivedAt(entry) - arrivedAt(entries[index]!));
}

/** How many versions of the asked name exist after the run. */
export function versionsCreated(run: CaseRun): number {
  return run.versions.filter((version) => version.name === run.asked.VersionName).length;
}

/** The parts of a SigV4 `Authorization` header (lower-case signed header names), or undefined when it is not one. */
export function authorizationOf(entry: JournalEntry): { accessKeyId: string; region: string; service: string; signedHeaders: string[] } | undefined {
  const header = entry.headers.authorization ?? "";
  const credential = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/.exec(header);
  const signed = /SignedHeaders=([^,\s]+)/.exec(header);
  if (!header.startsWith("AWS4-HMAC-SHA256 ") || !credential || !signed) return undefined;
  return { accessKeyId: credential[1]!, region: credential[2]!, service: credential[3]!, signedHeaders: signed[1]!.toLowerCase().split(";") };
}

/** The client exited 0 by itself. */
export function exitedOk(outcome: ClientOutcome): boolean {
  return outcome.exitCode === 0 && !outcome.timedOut;
}

/** The client reported a failure and ended by itself: a non-zero exit code, not a signal or the time limit. */
export function exitedWithError(outcome: ClientOutcome): boolean {
  return outcome.exitCode !== null && outcome.exitCode !== 0 && !outcome.timedOut;
}

/** How the client ended, in words: `exit 0`, `exit 255`, `killed by SIGSEGV`, `timed out`. */
export function endingOf(outcome: ClientOutcome): string {
  if (outcome.timedOut) return "timed out";
  if (outcome.exitCode !== null) return `exit ${outcome.exitCode}`;
  return outcome.signal ? `killed by ${outcome.signal}` : "no exit code";
}

/** The last non-empty line of a text (a driver may print the error code it got there). */
export function lastLine(text: string): string | undefined {
  return text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).at(-1);
}

/** One journal entry as a line of evidence: `+412 ms CreateProjectVersion → 500 ThrottlingException (signature valid)`. */
function journalLine(entry: JournalEntry, startedAt: number): string {
  const answer = entry.response === undefined
    ? "no answer yet"
    : entry.response.status === 0
    ? `dropped (${entry.response.fault ?? "no answer"})`
    : [String(entry.response.status), entry.response.errorType, entry.response.fault && `then ${entry.response.fault}`].filter(Boolean).join(" ");
  const what = entry.operation ?? `${entry.method} ${entry.path}`;
  return `+${arrivedAt(entry) - startedAt} ms ${what} → ${answer} (signature ${entry.signature})`;
}

/** The journal as evidence lines, times from the first request. */
export function journalLines(journal: readonly JournalEntry[]): string[] {
  const startedAt = journal.length > 0 ? arrivedAt(journal[0]!) : 0;
  return journal.map((entry) => journalLine(entry, startedAt));
}

/** `1 attempt`, `3 attempts`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** A case's setup that queues `respond` for the case's next `times` creates. */
export const queueCreate = (respond: ResponseSpec, times = 1) => ({ control, versionName }: CaseSetup): Promise<void> =>
  control.queue({ operation: CREATE, match: { VersionName: versionName }, times, respond }).then(() => {});
