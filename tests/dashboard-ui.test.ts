/**
 * The dashboard's own logic, without a browser: the event-stream parser the
 * page reads `GET /__admin/events` with, the rows it keeps (arrived, then
 * answered; a snapshot merged with the events that came meanwhile), the
 * columns, the filters, the curl command (shell quoting) and the queued
 * answer that repeats an answer.
 */
import { describe, expect, test } from "bun:test";
import { EventStreamParser } from "../harness/dashboard/ui/sse.ts";
import { attemptOf, curlCommand, JournalRows, matchesFilter, outcomeOf, requeueOf, shellQuote, versionNameOf } from "../harness/dashboard/ui/entries.ts";
import { describeRespond } from "../harness/dashboard/ui/queue-view.ts";
import type { JournalEntry } from "../harness/journal.ts";

function entry(overrides: Partial<JournalEntry> = {}): JournalEntry {
  return {
    id: "id-1",
    receivedAt: "2026-03-01T09:00:00.000Z",
    method: "POST",
    path: "/",
    operation: "CreateProjectVersion",
    headers: { "x-amz-date": "20260301T090000Z", authorization: "AWS4-HMAC-SHA256 Signature=abc" },
    body: { VersionName: "v1" },
    signature: "valid",
    response: { status: 200 },
    ...overrides,
  };
}

describe("the event-stream parser (the HTML standard's rules)", () => {
  test("events split anywhere, CRLF, CR and LF line ends, comments, multi-line data, a space after the colon dropped once", () => {
    const stream = ': keep-alive\r\n\r\nevent: ready\r\ndata: {"a":1}\r\n\r\nevent: state\rdata:  two spaces\rdata: line 2\r\rdata: plain\n\n';
    for (const size of [1, 2, 3, 7, stream.length]) {
      const parser = new EventStreamParser();
      const events = [];
      for (let i = 0; i < stream.length; i += size) events.push(...parser.push(stream.slice(i, i + size)));
      expect(events).toEqual([
        { event: "ready", data: '{"a":1}' },
        { event: "state", data: " two spaces\nline 2" },
        { event: "message", data: "plain" },
      ]);
    }
  });

  test("an event is dispatched only at its blank line; one without data is none; the event name does not leak into the next", () => {
    const parser = new EventStreamParser();
    expect(parser.push("event: answered\ndata: 1\n")).toEqual([]);
    expect(parser.push("\n")).toEqual([{ event: "answered", data: "1" }]);
    expect(parser.push("event: lonely\n\ndata: 2\n\n")).toEqual([{ event: "message", data: "2" }]);
    expect(parser.push("data\n\n")).toEqual([{ event: "message", data: "" }]);
  });
});

describe("the journal's rows", () => {
  test("an arrival, then its answer under another id (a recorded answer's): one row, completed", () => {
    const rows = new JournalRows();
    const arrived = entry({ id: "arrival-id", response: undefined, signature: "not checked" });
    const first = rows.arrived(arrived)!;
    expect(rows.arrived(arrived)).toBeUndefined(); // the same arrival twice (snapshot, then event): one row
    const { row: answered, added } = rows.answered(entry({ id: "answer-id" }));
    expect([answered.key, added]).toEqual([first.key, false]);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]!.entry.id).toBe("answer-id");
  });

  test("an answer completes its own request's row, not another pending one; an unknown answer is a new row", () => {
    const rows = new JournalRows();
    const pending = entry({ response: undefined });
    rows.replace([pending]);
    rows.arrived({ ...pending, headers: { ...pending.headers, "x-amz-date": "20260301T090001Z" } });
    rows.answered({ ...pending, response: { status: 200 } });
    expect(rows.rows.map((row) => row.entry.response?.status)).toEqual([200, undefined]);
    rows.answered(entry({ receivedAt: "2026-03-01T10:00:00.000Z" }));
    expect(rows.rows).toHaveLength(3);
  });

  test("an answer of a request it has no row for is a row added, also when the rows are full (the oldest dropped)", () => {
    const rows = new JournalRows(3);
    const at = (second: number) => entry({ receivedAt: `2026-03-01T09:00:0${second}.000Z` });
    for (let i = 0; i < 3; i++) expect(rows.answered(at(i)).added).toBe(true);
    const { row, added } = rows.answered(at(3));
    expect([added, rows.rows.map((kept) => kept.key)]).toEqual([true, [2, 3, row.key]]);
    expect(rows.answered({ ...at(2), id: "again" }).added).toBe(false);
    expect(rows.rows.map((kept) => kept.entry.id)).toEqual([at(1).id, "again", at(3).id]);
  });

  test("keeps the latest `limit` rows; clear empties it", () => {
    const rows = new JournalRows(3);
    for (let i = 0; i < 5; i++) rows.arrived(entry({ receivedAt: `2026-03-01T09:00:0${i}.000Z` }));
    expect(rows.rows.map((row) => row.entry.receivedAt.slice(18, 19))).toEqual(["2", "3", "4"]);
    rows.clear();
    expect(rows.rows).toEqual([]);
  });
});

describe("columns and filters", () => {
  test("VersionName, attempt, outcome", () => {
    expect(versionNameOf(entry({ body: { VersionNames: ["a", "b"] } }))).toBe("a, b");
    expect(versionNameOf(entry({ body: "not json" }))).toBe("");
    expect(attemptOf(entry({ headers: { "amz-sdk-request": "attempt=2; max=3" } }))).toBe("2/3");
    expect(attemptOf(entry({ headers: { "amz-sdk-request": "attempt=1" } }))).toBe("1");
    expect(attemptOf(entry())).toBe("");
    expect(outcomeOf(entry({ response: { status: 400, errorType: "ThrottlingException" } }))).toBe("400 ThrottlingException");
    expect(outcomeOf(entry({ response: { status: 0, fault: "CONNECTION_RESET" } }))).toBe("dropped CONNECTION_RESET");
    expect(outcomeOf(entry({ response: undefined }))).toBe("…");
  });

  test("each filter keeps what it names and nothing else", () => {
    const any = { operation: "", versionName: "", verdict: "", status: "" };
    const refused = entry({ signature: "InvalidSignatureException", response: { status: 400, errorType: "InvalidSignatureException" } });
    const front = entry({ operation: null, body: null, signature: "MissingAuthenticationTokenException", response: { status: 403 } });
    const fault = entry({ response: { status: 0, fault: "EMPTY_RESPONSE" } });
    const pending = entry({ response: undefined, signature: "not checked" });
    const server = entry({ response: { status: 500, errorType: "InternalServerError" }, body: { VersionName: "other" } });
    const all = [entry(), refused, front, fault, pending, server];
    const kept = (filter: Partial<typeof any>) => all.filter((candidate) => matchesFilter(candidate, { ...any, ...filter }));
    expect(kept({})).toEqual(all);
    expect(kept({ operation: "other" })).toEqual([front]);
    expect(kept({ operation: "DescribeProjectVersions" })).toEqual([]);
    expect(kept({ versionName: "oth" })).toEqual([server]);
    expect(kept({ verdict: "refused" })).toEqual([refused, front]);
    expect(kept({ verdict: "valid" })).toEqual([entry(), fault, server]);
    expect(kept({ status: "2xx" })).toEqual([entry()]);
    expect(kept({ status: "4xx" })).toEqual([refused, front]);
    expect(kept({ status: "5xx" })).toEqual([server]);
    expect(kept({ status: "dropped" })).toEqual([fault]);
    expect(kept({ status: "pending" })).toEqual([pending]);
  });
});

describe("copy as curl", () => {
  test("shell quoting: every character is literal inside single quotes, a quote closes, escapes and reopens", () => {
    expect(shellQuote("plain")).toBe("'plain'");
    expect(shellQuote(`it's $(rm -rf ~) \`x\` "q" \\`)).toBe(`'it'\\''s $(rm -rf ~) \`x\` "q" \\'`);
    expect(shellQuote("''")).toBe(`''\\'''\\'''`);
  });

  test("the command: method, URL, headers as journaled (not the ones curl sets itself), the body", () => {
    const command = curlCommand(
      entry({ headers: { "content-length": "12", host: "127.0.0.1:4599", "x-amz-security-token": "[REDACTED]" }, body: { VersionName: "it's" } }),
      "http://127.0.0.1:4599",
    );
    expect(command).toBe(
      [
        "curl -sS -X POST 'http://127.0.0.1:4599/'",
        "  -H 'host: 127.0.0.1:4599'",
        "  -H 'x-amz-security-token: [REDACTED]'",
        `  --data-raw '{"VersionName":"it'\\''s"}'`,
      ].join(" \\\n"),
    );
    expect(curlCommand(entry({ body: null }), "http://h")).not.toContain("--data-raw");
    expect(curlCommand(entry({ body: "raw text" }), "http://h")).toEndWith("--data-raw 'raw text'");
  });
});

describe("queue this answer again", () => {
  const scenarios = ["create-ThrottlingException", "describe-InvalidPaginationTokenException"];
  test("a fault, a scenario of the error type, else the status and type spelt out; nothing for a success or an answer to come", () => {
    expect(requeueOf(entry({ response: { status: 0, fault: "LOST_ANSWER" } }), scenarios)).toEqual({
      operation: "CreateProjectVersion",
      respond: { fault: "LOST_ANSWER" },
    });
    expect(requeueOf(entry({ response: { status: 400, errorType: "ThrottlingException" } }), scenarios)).toEqual({
      operation: "CreateProjectVersion",
      respond: { scenario: "create-ThrottlingException" },
    });
    expect(requeueOf(entry({ operation: "DescribeProjectVersions", response: { status: 400, errorType: "ThrottlingException" } }), scenarios)).toEqual({
      operation: "DescribeProjectVersions",
      respond: { status: 400, body: { __type: "ThrottlingException" } },
    });
    expect(requeueOf(entry({ operation: null, response: { status: 403, errorType: "MissingAuthenticationTokenException" } }), scenarios)).toEqual({
      respond: { status: 403, body: { __type: "MissingAuthenticationTokenException" } },
    });
    expect(requeueOf(entry({ response: { status: 502 } }), scenarios)).toEqual({ operation: "CreateProjectVersion", respond: { status: 502 } });
    expect(requeueOf(entry(), scenarios)).toBeUndefined();
    expect(requeueOf(entry({ response: undefined }), scenarios)).toBeUndefined();
  });

  test("a queued answer in words", () => {
    expect(describeRespond({ scenario: "create-ThrottlingException" })).toBe("scenario create-ThrottlingException");
    expect(describeRespond({ status: 500, body: { a: 1 }, delayMs: 10 })).toBe('status 500 {"a":1}, after 10 ms');
    expect(describeRespond({ fault: "CONNECTION_RESET" })).toBe("fault CONNECTION_RESET");
    expect(describeRespond({})).toBe("the usual answer");
  });
});
