/**
 * What the dashboard shows of `serve --record` and `serve --replay`: the
 * exchanges saved, the recordings replayed, the near miss of a request no
 * recording answers (the closest recording and every difference), and their
 * journals' changes on the event stream; and serve's banner naming the page.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventStreamParser } from "../harness/dashboard/ui/sse.ts";
import { startServer } from "../harness/node/start.ts";
import { DEMO_PROJECTS, RekognitionSimulator } from "../harness/simulator.ts";
import { signedRequest } from "./fixtures-helpers.ts";
import { serveInProcess } from "./serve-in-process.ts";

const REAL = { accessKeyId: "AKIADASHBOARDREAL001", secretAccessKey: "dashboard/Real+Secret0123456789abcdefGHIJ" };
const PROJECT = DEMO_PROJECTS.customLabels;
const dir = mkdtempSync(join(tmpdir(), "dashboard-recordings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const create = (url: string, VersionName: string) =>
  signedRequest({ url: `${url}/`, body: { ProjectArn: PROJECT, VersionName, OutputConfig: { S3Bucket: "amzn-s3-demo-bucket" } } });

/** An open event stream (its `ready` read): `until(last)` gives the names of the events that follow, up to `last`. */
async function openEvents(url: string): Promise<{ until(last: string): Promise<string[]> }> {
  const reader = (await fetch(`${url}/__admin/events`)).body!.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new EventStreamParser();
  const names: string[] = [];
  const until = async (last: string) => {
    while (!names.includes(last)) {
      const read = await reader.read();
      if (read.done) break;
      names.push(...parser.push(read.value).map((event) => event.event));
    }
    return names.splice(0, names.indexOf(last) + 1);
  };
  expect(await until("ready")).toEqual(["ready"]);
  return {
    until: async (last) => {
      const seen = await until(last);
      await reader.cancel();
      return seen;
    },
  };
}

describe("serve --record, then serve --replay", () => {
  test("recording: the exchanges saved, as they are saved; the journal's changes on the event stream", async () => {
    const upstream = await startServer({ port: 0, simulator: new RekognitionSimulator({ credentials: [REAL] }) });
    const recorder = await serveInProcess(["--record", dir, "--upstream", upstream.url, "--region", "us-east-1", "--port", "0"], {
      AWS_ACCESS_KEY_ID: REAL.accessKeyId,
      AWS_SECRET_ACCESS_KEY: REAL.secretAccessKey,
    });
    try {
      expect(recorder.stdout()).toContain(`dashboard: ${recorder.url}/__admin/ui\n`);
      const before = await (await fetch(`${recorder.url}/__admin/recordings`)).json();
      expect(before).toEqual({ mode: "record", folder: dir, recordings: [] });
      const events = await openEvents(recorder.url!);
      expect((await fetch(await create(recorder.url!, "v1"))).status).toBe(200);
      expect(await events.until("answered")).toEqual(["answered"]); // answered within its batch: the answer stands for the arrival, though their ids differ
      const after = await (await fetch(`${recorder.url}/__admin/recordings`)).json();
      expect(after.recordings).toEqual([
        {
          name: "0001-create-success",
          file: "0001-create-success.json",
          operation: "CreateProjectVersion",
          status: 200,
          outcome: "success",
          trigger: expect.any(Object),
        },
      ]);
    } finally {
      await recorder.stop();
      await upstream.close();
    }
  });

  test("replaying: the recordings; a request none answers gets its 404, and the near miss names the closest recording and every difference", async () => {
    const replay = await serveInProcess(["--replay", dir, "--port", "0"]);
    try {
      const view = await (await fetch(`${replay.url}/__admin/recordings`)).json();
      expect([view.mode, view.recordings.map(({ name }: { name: string }) => name)]).toEqual(["replay", ["0001-create-success"]]);
      const events = await openEvents(replay.url!);
      const missed = await fetch(await create(replay.url!, "v2"));
      expect([missed.status, (await missed.json()).__type]).toEqual([404, "NoMatchingRecordingException"]);
      expect(await events.until("answered")).toEqual(["answered"]); // answered within its batch: the answer stands for the arrival, though their ids differ
      const [entry] = (await (await fetch(`${replay.url}/__admin/requests`)).json()).requests;
      const nearMiss = await (await fetch(`${replay.url}/__admin/recordings/closest?id=${entry.id}`)).json();
      expect(nearMiss).toEqual({ id: entry.id, recording: "0001-create-success", differences: [{ path: "VersionName", recorded: "v1", got: "v2" }] });
      const unknown = await fetch(`${replay.url}/__admin/recordings/closest?id=nope`);
      expect([unknown.status, (await unknown.json()).error]).toEqual([404, "no request nope in the journal"]);
      // A reset is pushed like any change.
      const again = await openEvents(replay.url!);
      await fetch(`${replay.url}/__admin/reset`, { method: "POST", headers: { "content-type": "application/json" } });
      expect(await again.until("reset")).toEqual(["cleared", "reset"]);
    } finally {
      await replay.stop();
    }
  });
});

describe("serve's banner", () => {
  test("names the dashboard's URL; with a token, says the page asks for it (never printing it); none without the control plane", async () => {
    const open = await serveInProcess(["--port", "0"]);
    expect(open.stdout()).toContain(`dashboard: ${open.url}/__admin/ui\n`);
    await open.stop();
    const token = await serveInProcess(["--port", "0", "--admin-token", "banner-secret"]);
    expect(token.stdout()).toContain(`dashboard: ${token.url}/__admin/ui (it asks for the admin token)\n`);
    expect(token.stdout()).not.toContain("banner-secret");
    await token.stop();
    const off = await serveInProcess(["--port", "0", "--no-admin"]);
    expect(off.stdout()).not.toContain("dashboard");
    await off.stop();
  });
});
