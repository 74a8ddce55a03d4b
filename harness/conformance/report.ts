/**
 * The report and its renderings: the JSON report (`--json`), a text table for
 * the terminal, JUnit XML (`--junit`: FAIL as a failure, NOT_APPLICABLE as
 * skipped), one self-contained HTML page (`--html`: inline CSS, no script, no
 * CDN), and expected verdicts (`--expect`): which cases differ, and the exit code.
 *
 * @module
 */
import { BASE_STYLE } from "../dashboard/base-style.ts";
import { isPlainObject } from "../../src/shapes.ts";
import { CASES } from "./cases.ts";
import type { CaseResult, ConformanceReport, Verdict } from "./types.ts";

const VERDICTS: readonly Verdict[] = ["PASS", "FAIL", "NOT_APPLICABLE"];

/** The report of a run. */
export function buildReport(version: string, client: string, cases: CaseResult[]): ConformanceReport {
  const totals = { PASS: 0, FAIL: 0, NOT_APPLICABLE: 0 };
  for (const result of cases) totals[result.verdict]++;
  return { tool: "rekognition-edge conformance", version, client, cases, totals };
}

/** One case as a line of the table: verdict, level, id, summary, time. */
export function resultLine(result: CaseResult): string {
  const seconds = typeof result.evidence.elapsedMs === "number" ? ` (${(result.evidence.elapsedMs / 1000).toFixed(1)} s)` : "";
  return `${result.verdict.padEnd(15)}${result.level.padEnd(13)}${result.id.padEnd(28)}${result.summary}${seconds}`;
}

/** `19 cases: 15 PASS, 3 FAIL (1 REQUIRED), 1 NOT_APPLICABLE`. */
export function totalsLine(report: ConformanceReport): string {
  const required = report.cases.filter((result) => result.level === "REQUIRED" && result.verdict === "FAIL").length;
  const { PASS, FAIL, NOT_APPLICABLE } = report.totals;
  return `${report.cases.length} cases: ${PASS} PASS, ${FAIL} FAIL (${required} REQUIRED), ${NOT_APPLICABLE} NOT_APPLICABLE`;
}

/** The report as a text table, for the terminal. */
export function renderTable(report: ConformanceReport): string {
  return [`${report.tool} ${report.version}: ${report.client}`, ...report.cases.map(resultLine), totalsLine(report)].join("\n") + "\n";
}

/** Text safe inside XML 1.0 (markup escaped, characters XML cannot hold dropped). */
export function escapeXml(text: string): string {
  return text
    // deno-lint-ignore no-control-regex -- the control characters XML 1.0 cannot hold are dropped on purpose
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const seconds = (result: CaseResult) => (typeof result.evidence.elapsedMs === "number" ? result.evidence.elapsedMs / 1000 : 0);

/** The report as JUnit XML: one testcase per case, FAIL a `<failure>`, NOT_APPLICABLE `<skipped>`, the evidence as system-out. */
export function renderJUnit(report: ConformanceReport): string {
  const time = report.cases.reduce((sum, result) => sum + seconds(result), 0).toFixed(3);
  const { FAIL, NOT_APPLICABLE } = report.totals;
  const name = escapeXml(`${report.tool}: ${report.client}`);
  const cases = report.cases.map((result) => {
    const message = escapeXml(result.summary);
    const outcome = result.verdict === "FAIL"
      ? `\n      <failure message="${message}" type="${result.level}">${message}</failure>`
      : result.verdict === "NOT_APPLICABLE"
      ? `\n      <skipped message="${message}"/>`
      : "";
    const evidence = `\n      <system-out>${escapeXml(JSON.stringify(result.evidence, null, 2))}</system-out>`;
    return `    <testcase classname="conformance.${result.level}" name="${escapeXml(result.id)}" time="${
      seconds(result).toFixed(3)
    }">${outcome}${evidence}\n    </testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${name}" tests="${report.cases.length}" failures="${FAIL}" skipped="${NOT_APPLICABLE}" time="${time}">`,
    `  <testsuite name="${name}" tests="${report.cases.length}" failures="${FAIL}" skipped="${NOT_APPLICABLE}" errors="0" time="${time}">`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}

/** The report as one self-contained HTML page: inline CSS, no script, nothing loaded from elsewhere (its CSP says so). */
export function renderHtml(report: ConformanceReport): string {
  const rows = report.cases.map((result) => {
    const why = CASES.find((candidate) => candidate.id === result.id)?.why ?? "";
    return `<tr class="${result.verdict}"><td><code>${escapeXml(result.id)}</code></td><td>${result.level}</td><td class="verdict">${result.verdict}</td>` +
      `<td>${escapeXml(result.summary)}<details><summary>evidence</summary><pre>${escapeXml(JSON.stringify(result.evidence, null, 2))}</pre>` +
      `<p>${escapeXml(why)}</p></details></td></tr>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeXml(`${report.tool}: ${report.client}`)}</title><style>${BASE_STYLE}</style></head>
<body><h1>${escapeXml(report.tool)} ${escapeXml(report.version)}</h1>
<p>Client: <code>${escapeXml(report.client)}</code>. ${escapeXml(totalsLine(report))}.</p>
<p>REQUIRED: the service or its documentation demands it. RECOMMENDED: what the official AWS SDKs do. ADVISORY: beyond the SDKs.</p>
<table><thead><tr><th>case</th><th>level</th><th>verdict</th><th>what was observed</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></body></html>
`;
}

/**
 * Expected verdicts from a file's text: a JSON object of case id to verdict,
 * or a report (`--json`) whose verdicts are the expected ones. Throws on an
 * unknown id or verdict.
 */
export function parseExpected(text: string): Map<string, Verdict> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`the expected verdicts are not JSON: ${(error as Error).message}`);
  }
  const entries: [string, unknown][] = typeof value === "object" && value !== null && Array.isArray((value as ConformanceReport).cases)
    ? (value as ConformanceReport).cases.map((result) => [result.id, result.verdict])
    : isPlainObject(value)
    ? Object.entries(value)
    : [];
  if (entries.length === 0) throw new SyntaxError(`the expected verdicts must be {"<case id>": "PASS" | "FAIL" | "NOT_APPLICABLE", …} or a report`);
  for (const [id, verdict] of entries) {
    if (!CASES.some((candidate) => candidate.id === id)) throw new RangeError(`the expected verdicts name an unknown case ${JSON.stringify(id)}`);
    if (!VERDICTS.includes(verdict as Verdict)) {
      throw new RangeError(`the expected verdict of ${id} is ${JSON.stringify(verdict)}, not one of ${VERDICTS.join(", ")}`);
    }
  }
  return new Map(entries as [string, Verdict][]);
}

/** A case whose verdict is not the expected one. */
export interface Difference {
  /** The case. */
  id: string;
  /** What the file expects (`not listed` for a REQUIRED case the file leaves out). */
  expected: Verdict | "not listed";
  /** What the run gave. */
  actual: Verdict;
}

/** The cases run whose verdict differs from the expected one; a case the file leaves out differs only when it is a REQUIRED FAIL. */
export function differences(report: ConformanceReport, expected: ReadonlyMap<string, Verdict>): Difference[] {
  return report.cases.flatMap((result): Difference[] => {
    const wanted = expected.get(result.id);
    if (wanted === undefined) {
      return result.level === "REQUIRED" && result.verdict === "FAIL" ? [{ id: result.id, expected: "not listed", actual: "FAIL" }] : [];
    }
    return wanted === result.verdict ? [] : [{ id: result.id, expected: wanted, actual: result.verdict }];
  });
}

/** The run's exit code: 1 when a REQUIRED case failed (or, with expected verdicts, when a case differs from them), else 0. */
export function exitCodeOf(report: ConformanceReport, expected?: ReadonlyMap<string, Verdict>): 0 | 1 {
  if (expected) return differences(report, expected).length > 0 ? 1 : 0;
  return report.cases.some((result) => result.level === "REQUIRED" && result.verdict === "FAIL") ? 1 : 0;
}
