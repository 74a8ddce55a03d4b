/**
 * The journal as a ring, read in pages (issue 21): a request takes the next place and overwrites the oldest in O(1);
 * `GET /__admin/requests` answers a page (`limit`, default {@link JOURNAL_PAGE_DEFAULT}, `after` an entry's id) with
 * `next` when more match, written in slices so a full journal never holds other requests up; `simulator.requests`
 * and `readJournal` take the same `after` (what a dashboard's event stream resumes from).
 */
import { describe, expect, test } from "bun:test";
import { VirtualClock } from "../harness/clock.ts";
import { type ControlPlaneStandIn, handleAdminRequest, JOURNAL_PAGE_DEFAULT } from "../harness/control-plane.ts";
import { type ArrivedRequest, JournalCursorError, RequestJournal } from "../harness/journal.ts";
import { DEMO_PROJECTS, RekognitionSimulator } from "../harness/simulator.ts";
import { signedRequest } from "./fixtures-helpers.ts";

const arrival = (id: string, body: unknown = null, operation: string | null = null): ArrivedRequest => ({
  id,
  receivedAt: "2026-03-01T09:00:00.000Z",
  method: "POST",
  path: "/",
  operation,
  headers: { "x-amz-target": `RekognitionService.${operation}` },
  body,
});

/** A journal of `count` answered entries `e1`…`e<count>` (odd ones CreateProjectVersion, even ones Describe). */
function journalOf(count: number, limit?: number) {
  const journal = new RequestJournal(limit === undefined ? {} : { limit });
  for (let n = 1; n <= count; n++) add(journal, n);
  return journal;
}

function add(journal: RequestJournal, n: number): void {
  const place = journal.place();
  const operation = n % 2 ? "CreateProjectVersion" : "DescribeProjectVersions";
  journal.arrived(place, arrival(`e${n}`, { VersionName: `v${n}` }, operation));
  journal.answered(place, { id: `e${n}`, signature: "valid", response: { status: 200 } });
}

const ids = (entries: Iterable<{ id: string }>) => [...entries].map(({ id }) => id);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `e${from + i}`);

/** The control plane over a journal (as `serve --record` and `--replay` have it). */
function controlPlaneOf(journal: RequestJournal) {
  const target: ControlPlaneStandIn = {
    health: () => ({ status: "ok" }),
    reset: () => journal.clear(),
    readJournal: (filter) => journal.entries(filter),
    clearRequests: () => journal.clear(),
    refusal: "stand-in",
  };
  return async (query = "") => {
    const response = await handleAdminRequest(target, new Request(`http://127.0.0.1:4599/__admin/requests${query}`));
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) };
  };
}

describe("the ring", () => {
  test.each([1, 3, 10])("limit %i: after any number of requests, the latest `limit` in arrival order", (limit) => {
    const journal = new RequestJournal({ limit });
    for (let n = 1; n <= 3 * limit + 2; n++) {
      add(journal, n);
      expect(ids(journal.entries())).toEqual(range(Math.max(1, n - limit + 1), n));
    }
  });

  test("a place pushed out by the wrap-around records nothing, even though its slot is reused", () => {
    const journal = new RequestJournal({ limit: 3 });
    const early = journal.place(); // slot 1
    for (let n = 2; n <= 3; n++) add(journal, n);
    const fourth = journal.place(); // place 4 reuses slot 1; its request is still being read
    journal.arrived(early, arrival("late"));
    journal.answered(early, { id: "late", signature: "valid", response: { status: 500 } });
    expect(journal.list().map(({ id, response }) => [id, response?.status])).toEqual([["e2", 200], ["e3", 200]]);
    journal.arrived(fourth, arrival("e4"));
    expect(journal.list().map(({ id, response }) => [id, response?.status])).toEqual([["e2", 200], ["e3", 200], ["e4", undefined]]);
  });

  test("clear counts the entries held (not bare places), and the journal starts over after it", () => {
    const journal = journalOf(7, 5);
    journal.place(); // a request whose body is still being read
    expect(journal.clear()).toBe(4); // e4…e7: e1…e3 were pushed out by the later ones
    expect(journal.list()).toEqual([]);
    add(journal, 8);
    expect(ids(journal.entries())).toEqual(["e8"]);
  });

  test("a bad limit is refused", () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) expect(() => new RequestJournal({ limit })).toThrow(RangeError);
  });
});

describe("reading after an entry", () => {
  test("after an id: the entries that follow it, filters applied after the cursor; the arrival id works as well as the answered one", () => {
    const journal = journalOf(10);
    expect(ids(journal.entries({ after: "e7" }))).toEqual(["e8", "e9", "e10"]);
    expect(ids(journal.entries({ after: "e10" }))).toEqual([]);
    expect(ids(journal.entries({ after: "e2", operation: "CreateProjectVersion" }))).toEqual(["e3", "e5", "e7", "e9"]);
    expect(ids(journal.entries({ after: "e3", VersionName: "v3" }))).toEqual([]);
    const place = journal.place();
    journal.arrived(place, arrival("arrival-id"));
    journal.answered(place, { id: "answer-id", signature: "valid", response: { status: 200 } }); // the recorder's: the upstream's id
    add(journal, 11);
    expect(ids(journal.entries({ after: "arrival-id" }))).toEqual(["e11"]);
    expect(ids(journal.entries({ after: "answer-id" }))).toEqual(["e11"]);
    expect(journal.list({ after: "e1", limit: 2 }).map(({ id }) => id)).toEqual(["e2", "e3"]);
  });

  test("an id the journal does not hold (unknown, pushed out, cleared) throws JournalCursorError", () => {
    const journal = journalOf(5, 3);
    expect(() => [...journal.entries({ after: "nope" })]).toThrow(JournalCursorError);
    expect(() => [...journal.entries({ after: "e2" })]).toThrow('no entry "e2" in the journal');
    expect(ids(journal.entries({ after: "e3" }))).toEqual(["e4", "e5"]);
    journal.clear();
    expect(() => journal.list({ after: "e4" })).toThrow(JournalCursorError);
  });

  test("entries are built as the iteration reaches them: newer requests are not chased, pushed-out ones are skipped", () => {
    const journal = journalOf(4, 4);
    const reading = journal.entries();
    expect(reading.next().value?.id).toBe("e1");
    add(journal, 5); // pushes e1 out, and comes after the reading started
    add(journal, 6); // pushes e2 out
    expect(ids(reading)).toEqual(["e3", "e4"]);
  });
});

describe("the newest entries (last)", () => {
  test("last N: the newest N matching entries, still oldest first; filters and after apply first; more than there are: all", () => {
    const journal = journalOf(10, 6); // holds e5…e10
    expect(ids(journal.entries({ last: 3 }))).toEqual(["e8", "e9", "e10"]);
    expect(ids(journal.entries({ last: 1 }))).toEqual(["e10"]);
    expect(ids(journal.entries({ last: 2, operation: "CreateProjectVersion" }))).toEqual(["e7", "e9"]);
    expect(ids(journal.entries({ last: 5, after: "e8" }))).toEqual(["e9", "e10"]);
    expect(ids(journal.entries({ last: 100 }))).toEqual(range(5, 10));
    expect(ids(journal.entries({ last: 0 }))).toEqual([]); // none, as limit 0 gives none
    expect(ids(journal.entries({ last: 1, VersionName: "v5" }))).toEqual(["e5"]);
  });

  test("GET /__admin/requests?last=N: the newest N in one page (the page is N long unless limit says otherwise); a bad last is a 400", async () => {
    const get = controlPlaneOf(journalOf(JOURNAL_PAGE_DEFAULT + 500));
    const newest = await get(`?last=${JOURNAL_PAGE_DEFAULT + 200}`);
    expect(newest.body.requests).toHaveLength(JOURNAL_PAGE_DEFAULT + 200);
    expect([newest.body.requests[0].id, newest.body.requests.at(-1).id, newest.body.next]).toEqual(["e301", `e${JOURNAL_PAGE_DEFAULT + 500}`, undefined]);
    const paged = await get("?last=3&limit=2");
    expect([ids(paged.body.requests), paged.body.next]).toEqual([
      [`e${JOURNAL_PAGE_DEFAULT + 498}`, `e${JOURNAL_PAGE_DEFAULT + 499}`],
      `e${JOURNAL_PAGE_DEFAULT + 499}`,
    ]);
    for (const bad of ["0", "-1", "x", ""]) expect((await get(`?last=${bad}`)).status).toBe(400);
  });
});

describe("GET /__admin/requests: pages", () => {
  test("limit and next: following next reads every entry once, in order; the last page has no next", async () => {
    const get = controlPlaneOf(journalOf(25));
    const seen: string[] = [];
    let query = "?limit=10";
    const sizes: number[] = [];
    for (;;) {
      const { status, body } = await get(query);
      expect(status).toBe(200);
      seen.push(...ids(body.requests));
      sizes.push(body.requests.length);
      if (body.next === undefined) break;
      expect(body.next).toBe(body.requests.at(-1).id);
      query = `?limit=10&after=${body.next}`;
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(seen).toEqual(range(1, 25));
    expect((await get("?limit=25")).body.next).toBeUndefined(); // exactly all: nothing follows
    expect((await get("?limit=24")).body.next).toBe("e24");
    expect((await get("?limit=5&operation=DescribeProjectVersions&after=e10")).body).toEqual({
      requests: (await get("?after=e10&operation=DescribeProjectVersions")).body.requests.slice(0, 5),
      next: "e20",
    });
  });

  test(`without a limit: the first ${JOURNAL_PAGE_DEFAULT} entries, and next`, async () => {
    const get = controlPlaneOf(journalOf(JOURNAL_PAGE_DEFAULT + 1));
    const { body } = await get();
    expect(body.requests).toHaveLength(JOURNAL_PAGE_DEFAULT);
    expect(body.next).toBe(`e${JOURNAL_PAGE_DEFAULT}`);
    expect(ids((await get(`?after=${body.next}`)).body.requests)).toEqual([`e${JOURNAL_PAGE_DEFAULT + 1}`]);
    const exactly = await controlPlaneOf(journalOf(JOURNAL_PAGE_DEFAULT))();
    expect([exactly.status, exactly.body.requests.length, exactly.body.next]).toEqual([200, JOURNAL_PAGE_DEFAULT, undefined]);
  });

  test("the text is what the control plane writes for any JSON (indented by two, a final newline), an empty journal included", async () => {
    for (const count of [0, 1, 3]) {
      const journal = journalOf(count);
      const { text } = await controlPlaneOf(journal)();
      expect(text).toBe(`${JSON.stringify({ requests: journal.list() }, null, 2)}\n`);
    }
    const { text } = await controlPlaneOf(journalOf(3))("?limit=2");
    expect(text).toBe(`${JSON.stringify({ requests: journalOf(3).list({ limit: 2 }), next: "e2" }, null, 2)}\n`);
  });

  test("bad queries: 400 for a limit that is not an integer ≥ 1 or an empty after, 404 for an id the journal does not hold", async () => {
    const get = controlPlaneOf(journalOf(3));
    for (const query of ["?limit=0", "?limit=-1", "?limit=1.5", "?limit=ten", "?limit=", "?after=", "?since=e1"]) {
      expect((await get(query)).status).toBe(400);
    }
    const missing = await get("?after=e9");
    expect(missing.status).toBe(404);
    expect(missing.body.error).toContain('no entry "e9" in the journal');
  });

  test("a full journal is written in slices: a timer set when the read starts fires before it ends", async () => {
    const journal = journalOf(10_000);
    const get = controlPlaneOf(journal);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      const { body } = await get("?limit=10000");
      expect(body.requests).toHaveLength(10_000);
      expect(body.next).toBeUndefined();
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(1);
  });

  test("through the simulator: after and limit on GET /__admin/requests, simulator.requests and readJournal agree", async () => {
    const clock = new VirtualClock({ start: Date.UTC(2026, 2, 1, 9, 0, 0) });
    const simulator = new RekognitionSimulator({ clock });
    for (let n = 0; n < 5; n++) {
      await simulator.handle(
        await signedRequest({
          operation: "DescribeProjectVersions",
          body: { ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: [`v${n}`] },
          time: clock.now(),
        }),
      );
    }
    const all = simulator.requests();
    expect(all).toHaveLength(5);
    const page = await (await simulator.fetch(`http://127.0.0.1/__admin/requests?after=${all[1]!.id}&limit=2`)).json();
    expect(page).toEqual({ requests: all.slice(2, 4), next: all[3]!.id });
    expect(simulator.requests({ after: all[1]!.id, limit: 2 })).toEqual(all.slice(2, 4));
    expect([...simulator.readJournal({ after: all[3]!.id })]).toEqual(all.slice(4));
  });
});
