/**
 * The journal's records and the change notifications (issue 18): an entry is
 * an arrival record and an answer record, each written once, in arrival
 * order; a long body is cut after its secrets are redacted; a refused
 * signature keeps what the verifier computed, redacted; `subscribe` reports
 * every change as data.
 */
import { describe, expect, test } from "bun:test";
import { RekognitionClient } from "../mod.ts";
import { VirtualClock } from "../harness/clock.ts";
import type { SimulatorChange } from "../harness/changes.ts";
import { JOURNAL_BODY_LIMIT, type JournalChange, REDACTED, RequestJournal } from "../harness/journal.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { signedRequest } from "./fixtures-helpers.ts";

const START = Date.UTC(2026, 2, 1, 9, 0, 0);
const PROJECT = DEMO_PROJECTS.customLabels;
const output = { S3Bucket: "amzn-s3-demo-bucket" };
const temporary = { accessKeyId: "ASIATEMP", secretAccessKey: "temporary-secret-key-0123", sessionToken: "session-token-0123456789abcdef" };

const arrival = (id: string) => ({ id, receivedAt: "", method: "POST", path: "/", operation: null, headers: {}, body: null });

/** A request whose body arrives only when `release` is called: its reading takes as long as the test says. */
function slowRequest(body: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await released;
      controller.enqueue(new TextEncoder().encode(body));
      controller.close();
    },
  });
  const request = new Request("http://127.0.0.1/", { method: "POST", body: stream, duplex: "half" } as RequestInit);
  return { request, release };
}

describe("the journal's records", () => {
  test("a request's place is taken when it arrives: entries keep arrival order even when a later body is read first", async () => {
    const simulator = new RekognitionSimulator({ clock: new VirtualClock({ start: START }) });
    const slow = slowRequest('{"first":true}');
    const first = simulator.handle(slow.request);
    const second = await simulator.handle(new Request("http://127.0.0.1/", { method: "POST", body: '{"second":true}' }));
    expect(second.status).toBe(400);
    // The first is still being read: only the second shows, answered.
    expect(simulator.requests().map(({ body, response }) => [body, response?.status])).toEqual([[{ second: true }, 400]]);
    slow.release();
    await first;
    expect(simulator.requests().map(({ body }) => body)).toEqual([{ first: true }, { second: true }]);
  });

  test("an entry shows on arrival, unanswered and its signature not yet given, then once answered; each record is written once", async () => {
    const journal = new RequestJournal();
    const place = journal.place();
    expect(journal.list()).toEqual([]); // a place alone shows nothing
    journal.arrived(place, arrival("a"));
    expect(journal.list()).toEqual([{ ...arrival("a"), signature: "not checked" }]);
    journal.answered(place, { id: "b", signature: "valid", response: { status: 200 } });
    journal.answered(place, { signature: "InvalidSignatureException", response: { status: 400 } }); // ignored: already answered
    journal.arrived(place, arrival("c")); // ignored: already arrived
    expect(journal.list()).toEqual([{ ...arrival("a"), id: "b", signature: "valid", response: { status: 200 } }]);
    // A copy: what a caller changes is not the journal's.
    journal.list()[0]!.response!.status = 500;
    expect(journal.list()[0]!.response).toEqual({ status: 200 });
  });

  test("a place cleared (or pushed out) before its request arrives or is answered records nothing afterwards", () => {
    const journal = new RequestJournal({ limit: 2 });
    const cleared = journal.place();
    expect(journal.clear()).toBe(0); // a place without its arrival is not an entry
    journal.arrived(cleared, arrival("cleared"));
    expect(journal.list()).toEqual([]);
    const pushedOut = journal.place();
    journal.arrived(pushedOut, arrival("old"));
    for (const id of ["x", "y"]) journal.arrived(journal.place(), arrival(id));
    journal.answered(pushedOut, { signature: "valid", response: { status: 200 } });
    expect(journal.list().map(({ id, response }) => [id, response])).toEqual([["x", undefined], ["y", undefined]]); // the late answer reached neither
  });

  test("a body is cut at the limit after its secrets are redacted: no part of a secret reaches the journal; the cut is measured on what is kept", async () => {
    const simulator = new RekognitionSimulator({ clock: new VirtualClock({ start: START }), credentials: [temporary] });
    const post = (body: string) => simulator.handle(new Request("http://127.0.0.1/", { method: "POST", body }));
    const token = temporary.sessionToken;
    // The token straddles the limit: cut first, its first half would stay.
    const straddling = `${"x".repeat(JOURNAL_BODY_LIMIT - token.length / 2)}${token}${"y".repeat(100)}`;
    // Longer than the limit only until the (longer) secret key is redacted.
    const secret = temporary.secretAccessKey;
    const fitsOnceRedacted = `${"z".repeat(JOURNAL_BODY_LIMIT - REDACTED.length)}${secret}`;
    expect(fitsOnceRedacted.length).toBeGreaterThan(JOURNAL_BODY_LIMIT);
    await post(straddling);
    await post(fitsOnceRedacted);
    const [cut, whole] = simulator.requests();
    expect(cut!.body).toBe(`${"x".repeat(JOURNAL_BODY_LIMIT - token.length / 2)}${REDACTED}${"y".repeat(100)}`.slice(0, JOURNAL_BODY_LIMIT));
    expect(cut!.bodyTruncated).toBe(true);
    expect(cut!.body as string).not.toContain(token.slice(0, 8));
    expect(whole!.body).toBe(`${"z".repeat(JOURNAL_BODY_LIMIT - REDACTED.length)}${REDACTED}`);
    expect(whole).not.toHaveProperty("bodyTruncated");
  });

  test("a refused signature keeps the declared SignedHeaders, the canonical request and the string to sign, secrets redacted; an accepted one nothing", async () => {
    const clock = new VirtualClock({ start: START });
    const simulator = new RekognitionSimulator({ clock, credentials: [temporary] });
    const body = { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output };
    // Signed with a wrong secret; a signed header echoes the real one.
    const forged = await signedRequest({
      body,
      time: START,
      credentials: { ...temporary, secretAccessKey: "wrong-secret" },
      headers: { "x-echo": temporary.secretAccessKey },
    });
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(forged.headers.get("authorization")!)![1]!.split(";");
    expect(signedHeaders).toEqual(expect.arrayContaining(["x-amz-security-token", "x-echo"]));
    await simulator.handle(forged);
    await simulator.handle(await signedRequest({ body, time: START, credentials: temporary }));
    await simulator.handle(await signedRequest({ body, time: START, credentials: { ...temporary, accessKeyId: "ASIAUNKNOWN" } }));
    const [refused, accepted, unknownKey] = simulator.requests();
    expect(refused!.signature).toBe("InvalidSignatureException");
    const details = refused!.signatureDetails!;
    expect(details.signedHeaders).toEqual(signedHeaders);
    expect(details.canonicalRequest).toContain(`x-amz-security-token:${REDACTED}\n`);
    expect(details.canonicalRequest).toContain(`x-echo:${REDACTED}\n`);
    expect(details.canonicalRequest!.split("\n").slice(0, 3)).toEqual(["POST", "/", ""]);
    expect(details.stringToSign!.split("\n")[0]).toBe("AWS4-HMAC-SHA256");
    for (const secret of [temporary.sessionToken, temporary.secretAccessKey]) expect(JSON.stringify(simulator.requests())).not.toContain(secret);
    expect(accepted!.signature).toBe("valid");
    expect(accepted).not.toHaveProperty("signatureDetails");
    // Refused before any signature was computed: the declared headers only.
    expect(unknownKey!.signatureDetails).toEqual({ signedHeaders: expect.arrayContaining(["host"]) });
  });

  test("an unexpected failure is a 500 InternalServerError, journaled with the verdict the signature had got", async () => {
    const simulator = new RekognitionSimulator({ clock: new VirtualClock({ start: START }) });
    // A header name no Headers accepts: building the answer throws.
    simulator.queueResponse({ respond: { status: 200, headers: { "not a header name": "x" } } });
    const response = await simulator.handle(await signedRequest({ body: { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output }, time: START }));
    expect(response.status).toBe(500);
    expect(((await response.json()) as { __type: string }).__type).toBe("InternalServerError");
    expect(simulator.requests().map(({ signature, response }) => [signature, response])).toEqual([["valid", {
      status: 500,
      errorType: "InternalServerError",
    }]]);
  });

  test("a body cut short (TRUNCATED_BODY) is journaled as the answer it broke off: its status and error type, and the fault", async () => {
    const clock = new VirtualClock({ start: START });
    const simulator = new RekognitionSimulator({ clock });
    const client = new RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, fetch: simulator.fetch, clock, maxAttempts: 1 });
    await client.createProjectVersion({ ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output });
    simulator.queueResponse({ operation: "CreateProjectVersion", respond: { fault: "TRUNCATED_BODY" } });
    const body = { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output };
    const response = await simulator.handle(await signedRequest({ body, time: START }));
    await expect(response.text()).rejects.toThrow("terminated");
    expect(simulator.requests()[1]!.response).toEqual({ status: 400, errorType: "ResourceInUseException", fault: "TRUNCATED_BODY" });
  });

  test("the journal tells its listener of each record, building an entry only when asked", () => {
    const changes: JournalChange[] = [];
    const journal = new RequestJournal({ onChange: (change) => changes.push(change) });
    const place = journal.place();
    let headersRead = 0; // building an entry copies the arrival: its headers are read then, and only then
    const counted = arrival("a");
    const headers = counted.headers;
    Object.defineProperty(counted, "headers", { enumerable: true, get: () => (headersRead++, headers) });
    journal.arrived(place, counted);
    journal.answered(place, { signature: "valid", response: { status: 200 } });
    journal.clear();
    expect(headersRead).toBe(0);
    expect(changes.map((change) => (change.type === "cleared" ? "cleared" : `${change.type} ${change.entry().response?.status ?? "-"}`))).toEqual([
      "arrived -",
      "answered 200",
      "cleared",
    ]);
  });
});

describe("simulator.subscribe: every change, as data", () => {
  function setup() {
    const clock = new VirtualClock({ start: START });
    const simulator = new RekognitionSimulator({ clock });
    const client = new RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, fetch: simulator.fetch, clock, maxAttempts: 1 });
    const changes: SimulatorChange[] = [];
    const unsubscribe = simulator.subscribe((change) => changes.push(change));
    /** The changes so far, in short, and forgotten. */
    const seen = () => changes.splice(0).map((change) => (change.type === "state" ? `state ${change.what}` : change.type));
    return { simulator, client, changes, seen, unsubscribe };
  }

  test("a request: arrived (unanswered), the version it created, answered (complete)", async () => {
    const { client, changes } = setup();
    await client.createProjectVersion({ ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output });
    expect(changes.map((change) => change.type === "state" ? `state ${change.what}` : change.type)).toEqual(["arrived", "state versions", "answered"]);
    const [arrived, , answered] = changes as [Extract<SimulatorChange, { entry: unknown }>, SimulatorChange, Extract<SimulatorChange, { entry: unknown }>];
    expect(arrived.entry).toMatchObject({ operation: "CreateProjectVersion", signature: "not checked" });
    expect(arrived.entry).not.toHaveProperty("response");
    expect(answered.entry).toMatchObject({ id: arrived.entry.id, signature: "valid", response: { status: 200 } });
  });

  test("the control plane's changes: projects, versions, clocks, queued answers (added and used), the journal emptied, reset", async () => {
    const { simulator, client, seen } = setup();
    simulator.addProject({ ProjectName: "p" });
    simulator.advanceClock(10);
    simulator.setClockSkew(-5);
    simulator.queueResponse({ respond: { scenario: "create-ThrottlingException" } });
    expect(seen()).toEqual(["state projects", "state clock", "state clock", "state responses"]);
    await client.createProjectVersion({ ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output }).catch(() => undefined);
    expect(seen()).toEqual(["arrived", "state responses", "answered"]); // the queued throttle was used; nothing was created
    await client.createProjectVersion({ ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output });
    simulator.setVersionStatus({ ProjectArn: PROJECT, VersionName: "v1", Status: "RUNNING" });
    expect(seen()).toEqual(["arrived", "state versions", "answered", "state versions"]);
    simulator.clearRequests();
    simulator.clearResponses();
    simulator.reset();
    expect(seen()).toEqual(["cleared", "state responses", "cleared", "state responses", "reset"]);
    // Reading changes nothing.
    simulator.state();
    simulator.requests();
    simulator.pendingResponses();
    expect(seen()).toEqual([]);
  });

  test("over HTTP too (the control plane calls the same methods); unsubscribing stops the listener", async () => {
    const { simulator, seen, unsubscribe } = setup();
    const json = { "content-type": "application/json" };
    await simulator.fetch("http://127.0.0.1/__admin/projects", { method: "POST", headers: json, body: JSON.stringify({ ProjectName: "p" }) });
    expect(seen()).toEqual(["state projects"]);
    unsubscribe();
    const reset = await simulator.fetch("http://127.0.0.1/__admin/reset", { method: "POST", headers: json });
    expect(reset.status).toBe(200);
    expect(simulator.state().projects.map(({ ProjectArn }) => ProjectArn)).not.toContainEqual(expect.stringContaining(":project/p/"));
    expect(seen()).toEqual([]);
  });

  test("a listener that throws is skipped: the request is answered, later listeners still hear", async () => {
    const { simulator, client } = setup();
    const heard: string[] = [];
    simulator.subscribe(() => {
      throw new Error("listener failed");
    });
    simulator.subscribe((change) => heard.push(change.type));
    const created = await client.createProjectVersion({ ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output });
    expect(created.ProjectVersionArn).toContain("/version/v1/");
    expect(heard).toEqual(["arrived", "state", "answered"]);
    expect(simulator.addProject({ ProjectName: "p" }).ProjectArn).toContain(":project/p/");
  });
});
