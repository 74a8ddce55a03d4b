/**
 * The dashboard's server side, without a browser (tests/browser/ drives the
 * page in Chromium): its files (generated from their sources, within the size
 * budget, served with a CSP that allows no inline script or style, no token
 * needed for them), the event stream (every change, in order; reset pushed;
 * the token; one encoding per change; a bounded buffer per subscriber, a
 * stalled one dropped, also through the server), the versions' timelines,
 * the journal's latency, and what recording and replaying servers show.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { gzipSync } from "node:zlib";
import { dashboardAssets } from "../scripts/build-dashboard.ts";
import * as assets from "../harness/dashboard/assets.ts";
import { BASE_STYLE } from "../harness/dashboard/base-style.ts";
import { buildReport, renderHtml } from "../harness/conformance/report.ts";
import { EVENT_BUFFER_BYTES, EventHub, eventStreamsOpen, KEEP_ALIVE_MS } from "../harness/dashboard/events.ts";
import { DASHBOARD_CSP } from "../harness/dashboard/routes.ts";
import { EventStreamParser, type ServerSentEvent } from "../harness/dashboard/ui/sse.ts";
import type { ChangeListener, SimulatorChange } from "../harness/changes.ts";
import type { RunningServer } from "../harness/local-server.ts";
import { startServer } from "../harness/node/start.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { VirtualClock } from "../harness/clock.ts";
import { signedRequest } from "./fixtures-helpers.ts";

const PROJECT = DEMO_PROJECTS.customLabels;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const OUTPUT = { S3Bucket: "amzn-s3-demo-bucket" };
const START = Date.UTC(2026, 2, 1, 9);
const servers: RunningServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve(options: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> {
  const server = await startServer({ port: 0, ...options });
  servers.push(server);
  return server;
}

/** Reads server-sent events from a response body, one at a time. */
function eventReader(response: Response): { next(): Promise<ServerSentEvent>; cancel(): Promise<void> } {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new EventStreamParser();
  const ready: ServerSentEvent[] = [];
  return {
    async next() {
      while (ready.length === 0) {
        const read = await reader.read();
        if (read.done) throw new Error("the stream ended");
        ready.push(...parser.push(read.value));
      }
      return ready.shift()!;
    },
    cancel: () => reader.cancel(),
  };
}

const create = (VersionName: string, time = START) => signedRequest({ body: { ProjectArn: PROJECT, VersionName, OutputConfig: OUTPUT }, time });

describe("the page's files", () => {
  test("assets.ts and base-style.ts are what scripts/build-dashboard.ts makes from harness/dashboard/ui/ now (run `npm run build:dashboard` after changing them)", async () => {
    const generated = await dashboardAssets();
    expect(Object.keys(generated)).toEqual(["harness/dashboard/assets.ts", "harness/dashboard/base-style.ts"]);
    for (const [file, text] of Object.entries(generated)) expect([file, readFileSync(new URL(`../${file}`, import.meta.url), "utf8")]).toEqual([file, text]);
  });

  test("the conformance kit's HTML report has the dashboard's look: both use the shared stylesheet", () => {
    expect(assets.PAGE_STYLE.startsWith(BASE_STYLE)).toBe(true);
    expect(renderHtml(buildReport("1", "a client", []))).toContain(`<style>${BASE_STYLE}</style>`);
  });

  test("the page, its script, style and icon fit 40 KB of gzip", () => {
    const sizes = [assets.PAGE_HTML, assets.PAGE_SCRIPT, assets.PAGE_STYLE, assets.FAVICON_SVG].map((text) => gzipSync(text, { level: 9 }).byteLength);
    const total = sizes.reduce((sum, size) => sum + size, 0);
    expect(total).toBeLessThanOrEqual(40 * 1024);
    expect(total).toBeGreaterThan(5 * 1024); // the measure measures something
  });

  test("the page has no inline script, style or event handler; the script never parses text as HTML", () => {
    const html = assets.PAGE_HTML;
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script type="module" src="/__admin/ui/dashboard.js">']);
    expect(html).not.toMatch(/<\/script>\s*<script|<style|\sstyle=|\son[a-z]+=/i);
    expect(assets.PAGE_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\(\s*["']on/);
    // Nothing from elsewhere: every URL the page names is its own.
    expect(html.match(/(?:src|href)="[^"]*"/g)!.every((url) => url.includes('"/__admin/ui/'))).toBe(true);
    expect(assets.PAGE_SCRIPT).not.toMatch(/https?:\/\//);
  });

  test("served with their types, the CSP (default-src 'self', no framing), nosniff, no-store, and no token needed", async () => {
    const server = await serve({ adminToken: "s3cret" });
    for (
      const [path, type] of [["", "text/html"], ["/", "text/html"], ["/dashboard.js", "text/javascript"], ["/dashboard.css", "text/css"], [
        "/favicon.svg",
        "image/svg+xml",
      ], ["/meta.json", "application/json"]]
    ) {
      const response = await fetch(`${server.url}/__admin/ui${path}`);
      expect([path, response.status, response.headers.get("content-type")?.split(";")[0]]).toEqual([path, 200, type]);
      expect(response.headers.get("content-security-policy")).toBe(DASHBOARD_CSP);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("cache-control")).toBe("no-store");
      await response.arrayBuffer();
    }
    expect(DASHBOARD_CSP).toStartWith("default-src 'self';");
    expect(DASHBOARD_CSP).toContain("frame-ancestors 'none'");
    expect(DASHBOARD_CSP).not.toContain("unsafe");
    const meta = await (await fetch(`${server.url}/__admin/ui/meta.json`)).json();
    expect(meta.scenarios.CreateProjectVersion).toContain("create-ThrottlingException");
    expect(meta.faults).toContain("LOST_ANSWER");
    const missing = await fetch(`${server.url}/__admin/ui/nope.js`);
    expect([missing.status, missing.headers.get("content-security-policy")]).toEqual([404, DASHBOARD_CSP]);
    const posted = await fetch(`${server.url}/__admin/ui`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect([posted.status, posted.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
    // The data is another matter: the control plane still wants the token.
    expect((await fetch(`${server.url}/__admin/state`)).status).toBe(401);
  });

  test("the same page through simulator.fetch (MSW's origin, a Worker): the dashboard is the control plane's, wherever it runs", async () => {
    const simulator = new RekognitionSimulator();
    const page = await simulator.fetch("https://rekognition.us-east-1.amazonaws.com/__admin/ui");
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(assets.PAGE_HTML);
  });

  test("no page under --no-admin: /__admin/ui is then the API's front door", async () => {
    const server = await serve({ admin: false });
    expect((await fetch(`${server.url}/__admin/ui`)).status).toBe(403);
  });
});

describe("GET /__admin/events", () => {
  test("ready (the health), then each change in order: the version, answered; arrived first when the answer takes longer than a batch; refused signatures; reset pushed", async () => {
    const simulator = new RekognitionSimulator({ clock: new VirtualClock({ start: START }), trainingSeconds: 60 });
    const response = await simulator.fetch("http://127.0.0.1/__admin/events");
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const events = eventReader(response);
    const ready = await events.next();
    expect([ready.event, JSON.parse(ready.data).service]).toEqual(["ready", "rekognition-edge simulator"]);
    expect(eventStreamsOpen(simulator)).toBe(1);
    await simulator.handle(await create("v1"));
    // Answered at once: the answer stands for the arrival (one event, not two).
    const state = await events.next();
    expect([state.event, state.data]).toEqual(["state", '{"what":"versions"}']);
    const answered = await events.next();
    expect([answered.event, JSON.parse(answered.data).response, JSON.parse(answered.data).signature]).toEqual(["answered", { status: 200 }, "valid"]);
    expect(JSON.parse(answered.data)).toMatchObject({ operation: "CreateProjectVersion", body: { VersionName: "v1" } });
    // An answer that takes longer than a batch: the arrival goes first, unanswered.
    simulator.queueResponse({ respond: { delayMs: 150 } });
    expect((await events.next()).data).toBe('{"what":"responses"}');
    const late = simulator.handle(await create("late"));
    const arrived = await events.next();
    expect(arrived.event).toBe("arrived");
    expect(JSON.parse(arrived.data)).toMatchObject({ operation: "CreateProjectVersion", body: { VersionName: "late" }, signature: "not checked" });
    expect(JSON.parse(arrived.data).response).toBeUndefined();
    await late;
    const rest: string[] = [];
    for (let event = await events.next(); rest.push(event.event) && event.event !== "answered"; event = await events.next());
    expect(rest).toEqual(["state", "state", "answered"]); // the queued answer used, the version created, then the answer
    await simulator.handle(
      await signedRequest({ body: { VersionName: "x" }, time: START, credentials: { ...SIMULATOR_CREDENTIALS, secretAccessKey: "wrong" } }),
    );
    const refused = JSON.parse((await events.next()).data);
    expect(refused.signatureDetails.canonicalRequest).toStartWith("POST\n/\n");
    await simulator.fetch("http://127.0.0.1/__admin/reset", { method: "POST", headers: { "content-type": "application/json" } });
    const afterReset: string[] = [];
    for (let event = await events.next(); afterReset.push(event.event) && event.event !== "reset"; event = await events.next());
    expect(afterReset).toEqual(["cleared", "state", "reset"]); // the journal emptied, the queue dropped, then everything
    await events.cancel();
    expect(eventStreamsOpen(simulator)).toBe(0);
  });

  test("needs the admin token like every endpoint with data: 401 without it, the stream with it", async () => {
    const server = await serve({ adminToken: "s3cret" });
    expect((await fetch(`${server.url}/__admin/events`)).status).toBe(401);
    const response = await fetch(`${server.url}/__admin/events`, { headers: { authorization: "Bearer s3cret" } });
    expect(response.status).toBe(200);
    const events = eventReader(response);
    expect((await events.next()).event).toBe("ready");
    await events.cancel();
  });

  test("through the server, as it comes: a create shows up without waiting for anything else", async () => {
    const server = await serve();
    const events = eventReader(await fetch(`${server.url}/__admin/events`));
    await events.next();
    const request = await signedRequest({ url: `${server.url}/`, body: { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: OUTPUT } });
    const client = await fetch(request);
    expect(client.status).toBe(200);
    const seen: string[] = [];
    for (let event = await events.next(); event.event !== "answered"; event = await events.next()) seen.push(event.event);
    expect(seen).toEqual(["state"]); // the version; its arrival went with its answer
    await events.cancel();
  });

  // Bun.serve times a request out once nothing has moved on it for 10 s (checked every 10 s): without
  // `server.timeout(request, 0)` a quiet stream is reset 10–20 s after its last byte. The keep-alive comments are
  // turned off here: every 10 s, they would race that limit and make this test a coin flip.
  test("a quiet stream outlives the server's idle limit (Bun.serve's 10 s)", async () => {
    const server = await serve();
    const realSetInterval = globalThis.setInterval;
    globalThis.setInterval = ((handler: () => void, ms: number) =>
      realSetInterval(ms === KEEP_ALIVE_MS ? () => {} : handler, ms === KEEP_ALIVE_MS ? 2 ** 30 : ms)) as unknown as typeof setInterval;
    let events: ReturnType<typeof eventReader>;
    try {
      events = eventReader(await fetch(`${server.url}/__admin/events`));
      expect((await events.next()).event).toBe("ready"); // subscribed: its keep-alive timer is made
    } finally {
      globalThis.setInterval = realSetInterval;
    }
    await new Promise((resolve) =>
      setTimeout(resolve, 21_500)
    );
    const request = await signedRequest({ url: `${server.url}/`, body: { ProjectArn: PROJECT, VersionName: "after-quiet", OutputConfig: OUTPUT } });
    expect((await fetch(request)).status).toBe(200);
    let event = await events.next();
    while (event.event !== "answered") event = await events.next();
    expect(JSON.parse(event.data)).toMatchObject({ response: { status: 200 }, body: { VersionName: "after-quiet" } });
    await events.cancel();
  }, 40_000);

  test("the client gone, its stream ends and, the last one gone, the simulator is not listened to", async () => {
    const server = await serve();
    const aborted = new AbortController();
    const response = await fetch(`${server.url}/__admin/events`, { signal: aborted.signal });
    await eventReader(response).next();
    expect(eventStreamsOpen(server.simulator)).toBe(1);
    aborted.abort();
    for (let i = 0; i < 100 && eventStreamsOpen(server.simulator) > 0; i++) await sleep(10);
    expect(eventStreamsOpen(server.simulator)).toBe(0);
  });

  test("a recording or replaying server without a change feed answers 409; the simulator has no recordings (409)", async () => {
    const server = await serve();
    const recordings = await fetch(`${server.url}/__admin/recordings`);
    expect([recordings.status, (await recordings.json()).error]).toEqual([409, "only while recording or replaying (serve --record, serve --replay)"]);
    const standIn = {
      health: () => ({ status: "ok" }),
      reset: () => {},
      readJournal: () => [],
      clearRequests: () => 0,
      refusal: "not here",
    };
    const other = await serve({ controlPlane: standIn, handler: () => Promise.resolve(new Response("")) });
    expect((await fetch(`${other.url}/__admin/events`)).status).toBe(409);
  });
});

describe("each subscriber's buffer is bounded; a stalled one is dropped", () => {
  /** A source of changes the test drives, counting its listeners. */
  function source() {
    const listeners = new Set<ChangeListener>();
    return {
      subscribe: (listener: ChangeListener) => (listeners.add(listener), () => void listeners.delete(listener)),
      emit: (change: SimulatorChange) => listeners.forEach((listener) => listener(change)),
      listeners,
    };
  }
  const big = { type: "state", what: "x".repeat(10_000) } as unknown as SimulatorChange;

  test("a stream nobody reads holds at most its bound (plus one batch), then errors and is unsubscribed; a read stream carries on", async () => {
    const changes = source();
    const hub = new EventHub(changes.subscribe, { bufferBytes: 50_000, batchMs: 1 });
    const stalled = hub.open({}).getReader();
    const reading = hub.open({}).getReader();
    let received = 0;
    const drain = (async () => {
      for (let read = await reading.read(); !read.done; read = await reading.read()) received += read.value.byteLength;
    })();
    expect([hub.size, changes.listeners.size]).toEqual([2, 1]);
    for (let i = 0; i < 20; i++) {
      changes.emit(big);
      await sleep(3);
    }
    expect(hub.size).toBe(1);
    // What it held went with it: its reader sees the error, not 200 KB of events.
    expect(await stalled.read().catch((error: Error) => error.message)).toBe("dropped: the subscriber left 50000 bytes of events unread");
    expect(received).toBeGreaterThan(20 * 10_000);
    await reading.cancel();
    await drain;
    expect([hub.size, changes.listeners.size]).toEqual([0, 0]);
  });

  test("nothing is dropped before the bound: a slow reader that catches up keeps its stream", async () => {
    const changes = source();
    const hub = new EventHub(changes.subscribe, { bufferBytes: 50_000, batchMs: 1 });
    const slow = hub.open({}).getReader();
    await slow.read(); // ready
    for (let i = 0; i < 4; i++) {
      changes.emit(big);
      await sleep(3);
    }
    expect(hub.size).toBe(1); // 40 KB waiting, under the bound
    let bytes = 0;
    for (let i = 0; i < 4; i++) bytes += (await slow.read()).value!.byteLength;
    expect(bytes).toBeGreaterThan(40_000);
    await slow.cancel();
  });

  test("one batch per interval, encoded once for every stream: a burst of changes is one chunk", async () => {
    const changes = source();
    const hub = new EventHub(changes.subscribe, { batchMs: 20 });
    const readers = [hub.open({}).getReader(), hub.open({}).getReader()];
    for (const reader of readers) await reader.read();
    for (let i = 0; i < 50; i++) changes.emit({ type: "state", what: "clock" });
    const [first, second] = await Promise.all(readers.map((reader) => reader.read()));
    expect(new TextDecoder().decode(first!.value).match(/event: state/g)).toHaveLength(50);
    expect(first!.value).toBe(second!.value); // the same bytes, not a copy per stream
    for (const reader of readers) await reader.cancel();
  });

  /** An entry change (its place the number in its id) whose entry says when it is built, by its id in `built`. */
  function entryChangeOf(type: "arrived" | "answered", id: string, built: string[]): SimulatorChange {
    const entry = { id, receivedAt: "2026-03-01T09:00:00.000Z", method: "POST", path: "/", operation: null, headers: {}, body: null, signature: "valid" };
    return {
      type,
      place: Number(/\d+/.exec(id)![0]),
      get entry() {
        built.push(id);
        return type === "answered" ? { ...entry, response: { status: 200 } } : entry;
      },
    } as SimulatorChange;
  }
  const namesOf = (chunk: Uint8Array) =>
    new EventStreamParser().push(new TextDecoder().decode(chunk)).map(({ event, data }) => `${event} ${data.slice(0, 40)}`);

  test("a request answered within its batch is sent once, as answered; one still unanswered when the batch goes, as arrived", async () => {
    const changes = source();
    const hub = new EventHub(changes.subscribe, { batchMs: 20 });
    const reader = hub.open({}).getReader();
    await reader.read();
    const built: string[] = [];
    changes.emit(entryChangeOf("arrived", "a1", built));
    changes.emit(entryChangeOf("arrived", "b2", built));
    changes.emit({ type: "state", what: "versions" });
    changes.emit(entryChangeOf("answered", "a1", built));
    expect(namesOf((await reader.read()).value!).map((name) => name.split(",")[0])).toEqual([
      'arrived {"id":"b2"',
      'state {"what":"versions"}',
      'answered {"id":"a1"',
    ]);
    expect(built).toEqual(["b2", "a1"]); // the arrival of a1, dropped, was never built
    await reader.cancel();
  });

  test("a batch carries the newest entries up to its share, arrivals left out first, and says how many it left out; those are never built", async () => {
    const changes = source();
    const hub = new EventHub(changes.subscribe, { batchMs: 20, batchEntries: 3 });
    const reader = hub.open({}).getReader();
    await reader.read();
    const built: string[] = [];
    for (let i = 1; i <= 5; i++) changes.emit(entryChangeOf("answered", `r${i}`, built));
    changes.emit(entryChangeOf("arrived", "r6", built));
    changes.emit({ type: "cleared" });
    const names = namesOf((await reader.read()).value!);
    expect(names.map((name) => name.split(",")[0])).toEqual([
      'skipped {"entries":3}',
      'answered {"id":"r3"',
      'answered {"id":"r4"',
      'answered {"id":"r5"',
      "cleared {}",
    ]); // r1 and r2 left out for newer answers, then the arrival r6 rather than an answer
    changes.emit(entryChangeOf("arrived", "r7", built));
    for (let i = 8; i <= 10; i++) changes.emit(entryChangeOf("answered", `r${i}`, built));
    expect(namesOf((await reader.read()).value!).map((name) => name.split(",")[0])).toEqual([
      'skipped {"entries":1}',
      'answered {"id":"r8"',
      'answered {"id":"r9"',
      'answered {"id":"r10"',
    ]); // the arrival went first, though older answers were kept
    expect(built).toEqual(["r3", "r4", "r5", "r8", "r9", "r10"]); // only the kept ones were built, each once
    await reader.cancel();
  });

  test("through the server: a client that never reads is dropped once the server holds the bound for it; the others keep streaming", async () => {
    const server = await serve();
    const reading = (await fetch(`${server.url}/__admin/events`)).body!.getReader();
    let read = 0;
    let last = "";
    const decoder = new TextDecoder();
    const drained = (async () => {
      for (let chunk = await reading.read(); !chunk.done; chunk = await reading.read()) {
        read += chunk.value.byteLength;
        last = decoder.decode(chunk.value.subarray(-2_000));
      }
    })().catch(() => {}); // cancelled at the end
    const socket = connect(server.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write(`GET /__admin/events HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
    socket.pause(); // reads nothing, ever
    for (let i = 0; i < 100 && eventStreamsOpen(server.simulator) < 2; i++) await sleep(10);
    expect(eventStreamsOpen(server.simulator)).toBe(2);
    const body = JSON.stringify({ ProjectArn: PROJECT, VersionName: "v", Padding: "x".repeat(60_000) });
    let requests = 0;
    // Each request is an event of ~60 KB (its arrival goes with its answer); the socket buffers take a few MB before the server's stream fills.
    while (eventStreamsOpen(server.simulator) === 2 && requests < 2_000) {
      await server.simulator.handle(new Request(`${server.url}/`, { method: "POST", body }));
      requests++;
      await sleep(1); // the reading client reads meanwhile (it shares this process)
    }
    expect(eventStreamsOpen(server.simulator)).toBe(1); // the reading one
    // The reading one read on: more than the bound, and the last request too.
    await server.simulator.handle(new Request(`${server.url}/`, { method: "POST", body: JSON.stringify({ VersionName: "the-last" }) }));
    for (let i = 0; i < 100 && !last.includes('"VersionName":"the-last"'); i++) await sleep(20);
    expect(last).toContain('"VersionName":"the-last"');
    expect(read).toBeGreaterThan(2 * EVENT_BUFFER_BYTES);
    socket.destroy();
    await reading.cancel();
    await drained;
  }, 30_000);
});

describe("what the dashboard reads besides the events", () => {
  test("each version's timeline: created, completed or failed at creation + training time, each status set from the control plane at its time", () => {
    const clock = new VirtualClock({ start: START });
    const simulator = new RekognitionSimulator({ clock, trainingSeconds: 60 });
    return (async () => {
      await simulator.handle(await create("v1"));
      await simulator.handle(await create("fixture-TrainingFailed-v2"));
      const at = (seconds: number) => new Date(START + seconds * 1000).toISOString();
      const timelines = () => simulator.state().projects[0]!.Timelines;
      expect(timelines().v1).toEqual([{ Status: "TRAINING_IN_PROGRESS", At: at(0), By: "CreateProjectVersion" }]);
      simulator.advanceClock(3600); // an hour later on the training clock; the training ended 60 s after creation
      clock.advance(10_000);
      expect(timelines().v1).toEqual([
        { Status: "TRAINING_IN_PROGRESS", At: at(0), By: "CreateProjectVersion" },
        { Status: "TRAINING_COMPLETED", At: at(60), By: "training" },
      ]);
      expect(timelines()["fixture-TrainingFailed-v2"]![1]).toEqual({ Status: "TRAINING_FAILED", At: at(60), By: "training" });
      simulator.setVersionStatus({ ProjectArn: PROJECT, VersionName: "v1", Status: "RUNNING" });
      clock.advance(5_000);
      simulator.setVersionStatus({ ProjectArn: PROJECT, VersionName: "v1", Status: "STOPPED" });
      expect(timelines().v1!.slice(2)).toEqual([{ Status: "RUNNING", At: at(10), By: "control plane" }, {
        Status: "STOPPED",
        At: at(15),
        By: "control plane",
      }]);
    })();
  });

  test("a status set while training: no completion in the timeline (it never trained to the end)", async () => {
    const simulator = new RekognitionSimulator({ clock: new VirtualClock({ start: START }), trainingSeconds: 60 });
    await simulator.handle(await create("v1"));
    simulator.setVersionStatus({ ProjectArn: PROJECT, VersionName: "v1", Status: "FAILED" });
    simulator.advanceClock(3600);
    expect(simulator.state().projects[0]!.Timelines.v1!.map(({ Status, By }) => `${Status} ${By}`)).toEqual([
      "TRAINING_IN_PROGRESS CreateProjectVersion",
      "FAILED control plane",
    ]);
  });

  test("the journal's latency is real time from arrival to answer: a queued 80 ms delay shows", async () => {
    const simulator = new RekognitionSimulator();
    simulator.queueResponse({ respond: { delayMs: 80 } });
    await simulator.handle(await create("v1", Date.now()));
    await simulator.handle(await create("v2", Date.now()));
    const [slow, fast] = simulator.requests();
    expect(slow!.latencyMs).toBeGreaterThanOrEqual(75);
    expect(fast!.latencyMs).toBeLessThan(slow!.latencyMs!);
  });
});
