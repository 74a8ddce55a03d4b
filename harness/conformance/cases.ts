/**
 * The battery, in the order it runs, and choosing cases by id glob
 * (`--cases 'retry.*'`).
 *
 * @module
 */
import { conflictNameInUse, createSessionToken, createSigned, forwardCompatible, noRetryAccessDenied, noRetryInvalidParameter } from "./cases-request.ts";
import {
  clockSkew,
  headersInvocationId,
  lostAnswer,
  retryConnectionReset,
  retryGivesUp,
  retryServerError,
  retryThrottling,
  retryThroughput,
  retryUnparseable5xx,
  truncatedAnswer,
} from "./cases-retry.ts";
import { waitAlreadyTrained, waitCompleted, waitFailed } from "./cases-wait.ts";
import type { ConformanceCase } from "./types.ts";

/** Every case, in battery order. Ids are stable: reports and expected-verdict files use them. */
export const CASES: readonly ConformanceCase[] = [
  createSigned,
  createSessionToken,
  retryThrottling,
  retryThroughput,
  retryServerError,
  retryUnparseable5xx,
  retryConnectionReset,
  retryGivesUp,
  noRetryInvalidParameter,
  noRetryAccessDenied,
  conflictNameInUse,
  lostAnswer,
  truncatedAnswer,
  clockSkew,
  forwardCompatible,
  waitCompleted,
  waitFailed,
  waitAlreadyTrained,
  headersInvocationId,
];

/** A glob over case ids as a regular expression: `*` any run of characters, `?` one, everything else literal. */
export function globPattern(glob: string): RegExp {
  const body = [...glob].map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${body}$`);
}

/**
 * The cases whose id matches one of `globs` (each may hold several, comma-separated),
 * in battery order; all of them when there is none. Throws naming a glob that matches no case.
 */
export function selectCases(globs: readonly string[] = [], cases: readonly ConformanceCase[] = CASES): ConformanceCase[] {
  const patterns = globs.flatMap((glob) => glob.split(",")).map((glob) => glob.trim()).filter(Boolean);
  if (patterns.length === 0) return [...cases];
  const compiled = patterns.map((glob) => ({ glob, pattern: globPattern(glob) }));
  for (const { glob, pattern } of compiled) {
    if (!cases.some((candidate) => pattern.test(candidate.id))) {
      throw new RangeError(`--cases ${JSON.stringify(glob)} matches no case; the cases are: ${cases.map(({ id }) => id).join(", ")}`);
    }
  }
  return cases.filter((candidate) => compiled.some(({ pattern }) => pattern.test(candidate.id)));
}
