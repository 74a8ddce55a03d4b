/**
 * The conformance kit's grading and reports, on journals built by hand: each
 * case's grader at the edges of its rules (a bound, a gap, an exit code, a
 * header), the case selection, and the JSON, JUnit, HTML and expected-verdict
 * handling. No server, no process: tests/conformance-kit.test.ts runs real clients.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { CASES, selectCases } from "../harness/conformance/cases.ts";
import { MAX_ATTEMPTS_BOUND } from "../harness/conformance/cases-retry.ts";
import { MAX_POLLS_AFTER_FAILURE } from "../harness/conformance/cases-wait.ts";
import { timeLimitOf } from "../harness/conformance/run.ts";
import { buildReport, differences, escapeXml, exitCodeOf, parseExpected, renderHtml, renderJUnit, renderTable } from "../harness/conformance/report.ts";
import type { CaseResult, CaseRun, ClientOutcome, Verdict } from "../harness/conformance/types.ts";
import type { JournalEntry } from "../harness/journal.ts";

const PROJECT = "arn:aws:rekognition:us-east-1:111122223333:project/conformance/1700000000000";
const NAME = "kit-case";
const ASKED = { ProjectArn: PROJECT, VersionName: NAME, OutputConfig: { S3Bucket: "conformance-output" } };
const T0 = Date.UTC(2026, 0, 1);
const AUTHORIZATION =
  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/rekognition/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc";

interface EntryOptions {
  operation?: string;
  at?: number;
  status?: number;
  errorType?: string;
  fault?: JournalEntry["response"] extends infer R ? R extends { fault?: infer F } ? F : never : never;
  signature?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A journal entry as the simulator writes one. */
function entry(
  { operation = "CreateProjectVersion", at = 0, status = 200, errorType, fault, signature = "valid", headers = {}, body }: EntryOptions = {},
): JournalEntry {
  return {
    id: crypto.randomUUID(),
    receivedAt: new Date(T0 + at).toISOString(),
    method: "POST",
    path: "/",
    operation,
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `RekognitionService.${operation}`,
      authorization: AUTHORIZATION,
      ...headers,
    },
    body: body ?? (operation === "CreateProjectVersion" ? ASKED : { ProjectArn: PROJECT, VersionNames: [NAME] }),
    signature,
    response: { status, ...(errorType ? { errorType } : {}), ...(fault ? { fault } : {}) },
  };
}

const throttled = (at: number) => entry({ at, status: 500, errorType: "ThrottlingException" });
const poll = (at: number) => entry({ operation: "DescribeProjectVersions", at });

/** A run: the journal, how the client ended, which versions exist. */
function run(journal: JournalEntry[], outcome: Partial<ClientOutcome> = {}, versions = 1, extra: Partial<CaseRun> = {}): CaseRun {
  return {
    outcome: { exitCode: 0, signal: null, timedOut: false, elapsedMs: 100, stdout: "", stderr: "", outputCut: false, ...outcome },
    journal,
    versions: Array.from({ length: versions }, () => ({ name: NAME, status: "TRAINING_IN_PROGRESS" })),
    asked: ASKED,
    region: "us-east-1",
    ...extra,
  };
}

function grade(id: string, caseRun: CaseRun) {
  const conformanceCase = CASES.find((candidate) => candidate.id === id);
  if (!conformanceCase) throw new Error(`no case ${id}`);
  return conformanceCase.grade(caseRun);
}

const verdictOf = (id: string, caseRun: CaseRun) => grade(id, caseRun).verdict;

describe("the battery", () => {
  test("has every case of issue 19, each with a level, an action, a behaviour and its sources", () => {
    expect(CASES.map(({ id }) => id)).toEqual([
      "create.signed",
      "create.session-token",
      "retry.throttling",
      "retry.throughput",
      "retry.server-error",
      "retry.unparseable-5xx",
      "retry.connection-reset",
      "retry.gives-up",
      "no-retry.invalid-parameter",
      "no-retry.access-denied",
      "conflict.name-in-use",
      "lost-answer",
      "truncated-answer",
      "clock-skew",
      "forward-compatible",
      "wait.completed",
      "wait.failed",
      "wait.already-trained",
      "headers.invocation-id",
    ]);
    for (const { level, action, behaviour, why } of CASES) {
      expect(["REQUIRED", "RECOMMENDED", "ADVISORY"]).toContain(level);
      expect(["create", "create-and-wait"]).toContain(action);
      expect(behaviour.length).toBeGreaterThan(20);
      expect(why.length).toBeGreaterThan(40);
    }
    const levels = Object.fromEntries(CASES.map(({ id, level }) => [id, level]));
    expect([levels["lost-answer"], levels["wait.already-trained"], levels["headers.invocation-id"], levels["clock-skew"]]).toEqual([
      "ADVISORY",
      "ADVISORY",
      "ADVISORY",
      "RECOMMENDED",
    ]);
  });

  test("a case's time limit: the run's, or the case's own when shorter (wait.already-trained: 6 s)", () => {
    const alreadyTrained = CASES.find(({ id }) => id === "wait.already-trained")!;
    expect([timeLimitOf(alreadyTrained), timeLimitOf(alreadyTrained, 60), timeLimitOf(alreadyTrained, 2)]).toEqual([6, 6, 2]);
    expect([timeLimitOf(CASES[0]!), timeLimitOf(CASES[0]!, 45)]).toEqual([30, 45]);
  });

  test("--cases selects by glob, in battery order, and refuses a glob that matches nothing", () => {
    expect(selectCases(["retry.*"]).map(({ id }) => id)).toEqual([
      "retry.throttling",
      "retry.throughput",
      "retry.server-error",
      "retry.unparseable-5xx",
      "retry.connection-reset",
      "retry.gives-up",
    ]);
    expect(selectCases(["wait.failed,create.signed"]).map(({ id }) => id)).toEqual(["create.signed", "wait.failed"]);
    expect(selectCases(["no-retry.access-denie?"]).map(({ id }) => id)).toEqual(["no-retry.access-denied"]);
    expect(selectCases(["retry.throttling"]).map(({ id }) => id)).toEqual(["retry.throttling"]); // the dot is literal: no-retry.* stays out
    expect(selectCases([]).length).toBe(CASES.length);
    expect(() => selectCases(["retry"])).toThrow(/matches no case/);
    expect(() => selectCases(["create.signed|retry.*"])).toThrow(/matches no case/); // a glob, not a regular expression
  });
});

describe("graders", () => {
  test("create.signed: one request, well formed, signed for the region, answered, exit 0", () => {
    expect(verdictOf("create.signed", run([entry()]))).toBe("PASS");
    expect(grade("create.signed", run([entry({ signature: "InvalidSignatureException", status: 400 })], { exitCode: 1 }, 0)).summary).toContain(
      "signature valid",
    );
    expect(verdictOf("create.signed", run([entry({ headers: { "x-amz-target": "RekognitionService.CreateProjectVersions" } })]))).toBe("FAIL");
    expect(verdictOf("create.signed", run([entry({ headers: { "content-type": "application/json" } })]))).toBe("FAIL");
    expect(verdictOf("create.signed", run([entry({ headers: { "content-type": "application/x-amz-json-1.1; charset=utf-8" } })]))).toBe("PASS");
    expect(verdictOf("create.signed", run([entry({ body: { ...ASKED, OutputConfig: { S3Bucket: "other" } } })]))).toBe("FAIL");
    expect(verdictOf("create.signed", run([entry({ body: { ...ASKED, Tags: {} } })]))).toBe("FAIL");
    const euScope = AUTHORIZATION.replace("us-east-1", "eu-west-1");
    expect(grade("create.signed", run([entry({ headers: { authorization: euScope } })])).summary).toContain("signed for us-east-1/rekognition");
    expect(grade("create.signed", run([entry(), entry({ at: 5 })])).summary).toContain("exactly one request");
    expect(verdictOf("create.signed", run([entry()], { exitCode: 1 }))).toBe("FAIL");
    expect(verdictOf("create.signed", run([entry()], {}, 0))).toBe("FAIL");
    expect(verdictOf("create.signed", run([]))).toBe("FAIL");
  });

  test("create.session-token: the token sent on every request, in SignedHeaders, with the session's key", () => {
    const signed = AUTHORIZATION.replace("AKIDEXAMPLE", "ASIAEXAMPLE").replace("x-amz-date;", "x-amz-date;x-amz-security-token;");
    const withToken = (authorization: string) => entry({ headers: { authorization, "x-amz-security-token": "[REDACTED]" } });
    const session = { sessionAccessKeyId: "ASIAEXAMPLE" };
    expect(verdictOf("create.session-token", run([withToken(signed)], {}, 1, session))).toBe("PASS");
    const appended = signed.replace("x-amz-security-token;", "");
    expect(grade("create.session-token", run([withToken(appended)], {}, 1, session)).summary).toContain("X-Amz-Security-Token signed");
    expect(verdictOf("create.session-token", run([entry({ headers: { authorization: signed } })], {}, 1, session))).toBe("FAIL");
    expect(verdictOf("create.session-token", run([withToken(signed)], {}, 1, { sessionAccessKeyId: "ASIAOTHER" }))).toBe("FAIL");
  });

  test("retry.throttling: retried through both throttles with time between attempts, exit 0, one version", () => {
    const journal = [throttled(0), throttled(40), entry({ at: 120 })];
    expect(grade("retry.throttling", run(journal))).toMatchObject({ verdict: "PASS", evidence: { attempts: 3, gapsMs: [40, 80] } });
    expect(grade("retry.throttling", run([throttled(0)], { exitCode: 1 }, 0)).summary).toContain("not retried");
    expect(grade("retry.throttling", run([throttled(0), throttled(0), entry({ at: 1 })])).summary).toContain("time between attempts > 0");
    expect(verdictOf("retry.throttling", run([throttled(0), throttled(1), entry({ at: 2 })]))).toBe("PASS");
    expect(verdictOf("retry.throttling", run(journal, { exitCode: 1 }))).toBe("FAIL");
    expect(verdictOf("retry.throttling", run(journal, {}, 2))).toBe("FAIL");
    expect(verdictOf("retry.throttling", run([throttled(0), throttled(5), throttled(9)], { exitCode: 1 }, 0))).toBe("FAIL");
    expect(verdictOf("retry.throttling", run([]))).toBe("FAIL");
  });

  test("retry.throughput, retry.server-error, retry.unparseable-5xx: one failure, then a retry that succeeds", () => {
    for (const id of ["retry.throughput", "retry.server-error", "retry.unparseable-5xx"]) {
      expect(verdictOf(id, run([entry({ status: 500 }), entry({ at: 30 })]))).toBe("PASS");
      expect(verdictOf(id, run([entry({ status: 500 })], { exitCode: 1 }, 0))).toBe("FAIL");
      expect(verdictOf(id, run([entry({ status: 500 }), entry({ at: 30, status: 500 })], { exitCode: 1 }, 0))).toBe("FAIL");
    }
  });

  test("retry.connection-reset: retried to success, or a clean error with nothing created; nothing else", () => {
    const reset = entry({ status: 0, fault: "CONNECTION_RESET" });
    expect(grade("retry.connection-reset", run([reset, entry({ at: 20 })])).summary).toContain("retried to success");
    expect(grade("retry.connection-reset", run([reset], { exitCode: 1 }, 0)).summary).toContain("nothing created");
    expect(verdictOf("retry.connection-reset", run([reset], {}, 0))).toBe("FAIL");
    expect(verdictOf("retry.connection-reset", run([reset, entry({ at: 20 })], { exitCode: 1 }))).toBe("FAIL");
    expect(verdictOf("retry.connection-reset", run([reset], { exitCode: null, signal: "SIGSEGV" }, 0))).toBe("FAIL");
  });

  test(`retry.gives-up: a non-zero exit after at most ${MAX_ATTEMPTS_BOUND} attempts`, () => {
    const attempts = (count: number) => Array.from({ length: count }, (_, index) => throttled(index * 10));
    expect(verdictOf("retry.gives-up", run(attempts(MAX_ATTEMPTS_BOUND), { exitCode: 1 }, 0))).toBe("PASS");
    expect(verdictOf("retry.gives-up", run(attempts(1), { exitCode: 255 }, 0))).toBe("PASS");
    expect(grade("retry.gives-up", run(attempts(MAX_ATTEMPTS_BOUND + 1), { exitCode: 1 }, 0)).summary).toBe(
      `${MAX_ATTEMPTS_BOUND + 1} attempts: more than ${MAX_ATTEMPTS_BOUND}`,
    );
    expect(verdictOf("retry.gives-up", run(attempts(3), { exitCode: 0 }, 0))).toBe("FAIL");
    expect(verdictOf("retry.gives-up", run(attempts(3), { exitCode: null, signal: "SIGKILL" }, 0))).toBe("FAIL");
  });

  test("no-retry.* and conflict.name-in-use: exactly one attempt and a non-zero exit", () => {
    const refused = (errorType: string, at = 0) => entry({ at, status: 400, errorType });
    for (const [id, errorType] of [["no-retry.invalid-parameter", "InvalidParameterException"], ["no-retry.access-denied", "AccessDeniedException"]] as const) {
      expect(verdictOf(id, run([refused(errorType)], { exitCode: 1 }, 0))).toBe("PASS");
      expect(grade(id, run([refused(errorType), refused(errorType, 50)], { exitCode: 1 }, 0)).summary).toContain("retried");
      expect(verdictOf(id, run([refused(errorType)], { exitCode: 0 }, 0))).toBe("FAIL");
      expect(verdictOf(id, run([], { exitCode: 1 }, 0))).toBe("FAIL");
    }
    const conflict = refused("ResourceInUseException");
    expect(verdictOf("conflict.name-in-use", run([conflict], { exitCode: 1 }, 1))).toBe("PASS");
    expect(verdictOf("conflict.name-in-use", run([conflict], { exitCode: 1 }, 2))).toBe("FAIL");
    expect(verdictOf("conflict.name-in-use", run([conflict, refused("ResourceInUseException", 9)], { exitCode: 1 }, 1))).toBe("FAIL");
  });

  test("lost-answer: PASS only when the client found its own version after the lost answer", () => {
    const lost = entry({ fault: "LOST_ANSWER" });
    const conflict = entry({ at: 30, status: 400, errorType: "ResourceInUseException" });
    expect(grade("lost-answer", run([lost, conflict, poll(40)])).summary).toContain("reconciled");
    expect(grade("lost-answer", run([lost, conflict], { exitCode: 1 })).summary).toContain("a conflict it caused");
    expect(grade("lost-answer", run([lost], { exitCode: 1 })).summary).toContain("for a version that was created");
    expect(grade("lost-answer", run([lost])).summary).toContain("without reading any answer");
    expect(verdictOf("lost-answer", run([lost, conflict, poll(40)], {}, 2))).toBe("FAIL");
    expect(verdictOf("lost-answer", run([poll(0), lost, conflict]))).toBe("FAIL"); // a poll before the create says nothing of it
  });

  test("truncated-answer: exit 0 only with an ARN read later; any clean error passes; a crash fails", () => {
    const cut = entry({ fault: "TRUNCATED_BODY" });
    expect(verdictOf("truncated-answer", run([cut]))).toBe("FAIL");
    expect(verdictOf("truncated-answer", run([cut, poll(20)]))).toBe("PASS");
    expect(verdictOf("truncated-answer", run([cut, entry({ at: 20, fault: "TRUNCATED_BODY" })]))).toBe("FAIL"); // cut again: still nothing read
    expect(verdictOf("truncated-answer", run([cut], { exitCode: 1 }))).toBe("PASS");
    expect(verdictOf("truncated-answer", run([cut], { exitCode: null, signal: "SIGABRT" }))).toBe("FAIL");
  });

  test("clock-skew: refused, then a valid signature and exit 0; FAIL when every attempt is refused", () => {
    const refused = entry({ status: 400, errorType: "InvalidSignatureException", signature: "InvalidSignatureException" });
    expect(grade("clock-skew", run([refused, entry({ at: 20 })])).summary).toContain("corrected its clock after 1 refused attempt");
    expect(grade("clock-skew", run([refused], { exitCode: 1 }, 0)).summary).toContain("did not correct its clock");
    expect(verdictOf("clock-skew", run([refused], { exitCode: 0 }, 0))).toBe("FAIL"); // exit 0, yet nothing created
    expect(verdictOf("clock-skew", run([refused, entry({ at: 20, signature: "InvalidSignatureException", status: 400 })], { exitCode: 1 }, 0))).toBe("FAIL");
  });

  test("forward-compatible: both answers read and exit 0", () => {
    expect(verdictOf("forward-compatible", run([entry(), poll(10)], {}, 0))).toBe("PASS");
    expect(grade("forward-compatible", run([entry(), poll(10)], { exitCode: 1 }, 0)).summary).toContain("unknown members");
    expect(verdictOf("forward-compatible", run([entry()], {}, 0))).toBe("FAIL");
    expect(verdictOf("forward-compatible", run([entry({ status: 400, errorType: "SerializationException" })], { exitCode: 1 }, 0))).toBe("FAIL");
  });

  test("wait.completed: polled its version and exit 0; never polling fails", () => {
    expect(verdictOf("wait.completed", run([entry(), poll(10)]))).toBe("PASS");
    expect(grade("wait.completed", run([entry()])).summary).toContain("never polled");
    const otherVersion = entry({ operation: "DescribeProjectVersions", at: 10, body: { ProjectArn: PROJECT, VersionNames: ["another"] } });
    expect(verdictOf("wait.completed", run([entry(), otherVersion]))).toBe("FAIL");
    const wholeProject = entry({ operation: "DescribeProjectVersions", at: 10, body: { ProjectArn: PROJECT } });
    expect(verdictOf("wait.completed", run([entry(), wholeProject]))).toBe("PASS");
    expect(verdictOf("wait.completed", run([entry(), poll(10)], { exitCode: 1 }))).toBe("FAIL");
    expect(verdictOf("wait.completed", run([entry({ status: 400, errorType: "ThrottlingException" }), poll(10)]))).toBe("FAIL");
  });

  test(`wait.failed: a non-zero exit within ${MAX_POLLS_AFTER_FAILURE} polls`, () => {
    const polls = (count: number) => [entry(), ...Array.from({ length: count }, (_, index) => poll(10 + index))];
    expect(verdictOf("wait.failed", run(polls(1), { exitCode: 1 }))).toBe("PASS");
    expect(verdictOf("wait.failed", run(polls(MAX_POLLS_AFTER_FAILURE), { exitCode: 1 }))).toBe("PASS");
    expect(grade("wait.failed", run(polls(MAX_POLLS_AFTER_FAILURE + 1), { exitCode: 1 })).summary).toContain("kept polling");
    expect(grade("wait.failed", run(polls(1))).summary).toContain("reported success");
    expect(verdictOf("wait.failed", run(polls(0), { exitCode: 1 }))).toBe("FAIL");
  });

  test("wait.already-trained: exit 0 after polling", () => {
    expect(verdictOf("wait.already-trained", run([entry(), poll(10)]))).toBe("PASS");
    expect(verdictOf("wait.already-trained", run([entry(), poll(10)], { exitCode: 255 }))).toBe("FAIL");
  });

  test("headers.invocation-id: one id on every attempt, attempt=N increasing; one attempt is NOT_APPLICABLE", () => {
    const attempt = (at: number, id: string | undefined, request: string | undefined) =>
      entry({ at, headers: { ...(id ? { "amz-sdk-invocation-id": id } : {}), ...(request ? { "amz-sdk-request": request } : {}) } });
    const good = [attempt(0, "a", "attempt=1; max=3"), attempt(10, "a", "ttl=20260101T000000Z; attempt=2; max=3"), attempt(20, "a", "attempt=3; max=3")];
    expect(grade("headers.invocation-id", run(good))).toMatchObject({ verdict: "PASS", evidence: { attemptNumbers: [1, 2, 3] } });
    expect(verdictOf("headers.invocation-id", run([good[0]!, attempt(10, "b", "attempt=2")]))).toBe("FAIL");
    expect(verdictOf("headers.invocation-id", run([good[0]!, attempt(10, "a", "attempt=1")]))).toBe("FAIL");
    expect(verdictOf("headers.invocation-id", run([good[0]!, attempt(10, undefined, "attempt=2")]))).toBe("FAIL");
    expect(verdictOf("headers.invocation-id", run([good[0]!, attempt(10, "a", undefined)]))).toBe("FAIL");
    expect(verdictOf("headers.invocation-id", run([good[0]!]))).toBe("NOT_APPLICABLE");
  });
});

const result = (id: string, verdict: Verdict, level: CaseResult["level"] = "REQUIRED"): CaseResult => ({
  id,
  level,
  verdict,
  summary: `<${verdict}> & "quoted"\u0001`,
  evidence: { elapsedMs: 1500, journal: ["+0 ms CreateProjectVersion → 200 (signature valid)"] },
});

describe("reports", () => {
  const report = buildReport("0.1.0", "python3 driver.py", [
    result("create.signed", "PASS"),
    result("retry.throttling", "FAIL"),
    result("create.session-token", "NOT_APPLICABLE"),
    result("lost-answer", "FAIL", "ADVISORY"),
  ]);

  test("the JSON report has the issue's shape and counts the verdicts", () => {
    expect(Object.keys(report)).toEqual(["tool", "version", "client", "cases", "totals"]);
    expect(report).toMatchObject({ tool: "rekognition-edge conformance", version: "0.1.0", client: "python3 driver.py" });
    expect(report.totals).toEqual({ PASS: 1, FAIL: 2, NOT_APPLICABLE: 1 });
    expect(Object.keys(report.cases[0]!)).toEqual(["id", "level", "verdict", "summary", "evidence"]);
  });

  test("the table has a line per case and the totals", () => {
    const table = renderTable(report).split("\n");
    expect(table[0]).toBe("rekognition-edge conformance 0.1.0: python3 driver.py");
    expect(table[2]).toMatch(/^FAIL +REQUIRED +retry\.throttling +<FAIL>.*\(1\.5 s\)$/);
    expect(table[5]).toBe("4 cases: 1 PASS, 2 FAIL (1 REQUIRED), 1 NOT_APPLICABLE");
  });

  test("JUnit XML: FAIL is a failure, NOT_APPLICABLE skipped, text escaped, characters XML cannot hold dropped", () => {
    const xml = renderJUnit(report);
    expect(xml).toContain('tests="4" failures="2" skipped="1"');
    expect(xml.match(/<testcase /g)?.length).toBe(4);
    expect(xml.match(/<failure /g)?.length).toBe(2);
    expect(xml.match(/<skipped /g)?.length).toBe(1);
    expect(xml).toMatch(/name="create\.session-token" time="1\.500">\n {6}<skipped message=/);
    expect(xml).toMatch(/name="create\.signed" time="1\.500">\n {6}<system-out>/);
    expect(xml).toContain('<testcase classname="conformance.REQUIRED" name="retry.throttling" time="1.500">');
    expect(xml).toContain("&lt;FAIL&gt; &amp; &quot;quoted&quot;");
    expect(xml).not.toContain("\u0001");
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });

  test("HTML: one self-contained page (no script, no link, nothing fetched), escaped, with each case's sources", () => {
    const html = renderHtml(report);
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|@import|url\(/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain("&lt;FAIL&gt; &amp;");
    expect(html).toContain('<tr class="FAIL"><td><code>retry.throttling</code>');
    expect(html).toContain("error-handling.html");
    for (const { id } of report.cases) expect(html).toContain(`<p>${escapeXml(CASES.find((candidate) => candidate.id === id)!.why)}</p>`);
  });

  test("expected verdicts: a map or a report; unknown ids and verdicts refused", () => {
    expect([...parseExpected('{"create.signed":"PASS","lost-answer":"FAIL"}')]).toEqual([["create.signed", "PASS"], ["lost-answer", "FAIL"]]);
    expect(parseExpected(JSON.stringify(report)).get("retry.throttling")).toBe("FAIL");
    expect(() => parseExpected('{"create.sign":"PASS"}')).toThrow(/unknown case "create.sign"/);
    expect(() => parseExpected('{"create.signed":"OK"}')).toThrow(/not one of PASS, FAIL, NOT_APPLICABLE/);
    expect(() => parseExpected("[]")).toThrow(/must be/);
    expect(() => parseExpected("{")).toThrow(/not JSON/);
  });

  test("exit code: 1 for a REQUIRED FAIL; with expected verdicts, 1 only where a verdict differs", () => {
    expect(exitCodeOf(report)).toBe(1);
    expect(exitCodeOf(buildReport("0.1.0", "c", [result("lost-answer", "FAIL", "ADVISORY"), result("clock-skew", "FAIL", "RECOMMENDED")]))).toBe(0);
    const same = new Map<string, Verdict>(report.cases.map(({ id, verdict }) => [id, verdict]));
    expect(differences(report, same)).toEqual([]);
    expect(exitCodeOf(report, same)).toBe(0);
    const changed = new Map(same).set("create.signed", "FAIL");
    expect(differences(report, changed)).toEqual([{ id: "create.signed", expected: "FAIL", actual: "PASS" }]);
    expect(exitCodeOf(report, changed)).toBe(1);
    const partial = new Map<string, Verdict>([["create.signed", "PASS"]]);
    expect(differences(report, partial)).toEqual([{ id: "retry.throttling", expected: "not listed", actual: "FAIL" }]);
  });
});

describe("docs/conformance.md", () => {
  test("its case table is the battery's, and its compatibility table is the committed verdicts' (both written by scripts/conformance-clients.ts)", async () => {
    const { between, caseTable, compatibilityTable, DOCS_MARKERS, EXAMPLE_CLIENTS, readExpected } = await import("../scripts/conformance-clients.ts");
    const docs = readFileSync(DOCS_MARKERS.DOCS, "utf8");
    expect(between(docs, DOCS_MARKERS.CASE_TABLE)).toBe(caseTable());
    const table = between(docs, DOCS_MARKERS.COMPATIBILITY).split("\n").filter((line) => line.startsWith("|")).join("\n");
    expect(table).toBe(compatibilityTable(EXAMPLE_CLIENTS, readExpected));
    for (const { key } of EXAMPLE_CLIENTS) expect([...readExpected(key).keys()]).toEqual(CASES.map(({ id }) => id));
  });
});
