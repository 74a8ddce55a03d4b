/**
 * The standalone server under load: 200 concurrent clients × 50 requests over
 * loopback, against a separate server process. Nothing lost (every successful
 * create is describable), no duplicate name accepted; then the full journal
 * read while calls go on, all of which succeed. Latency and throughput are
 * printed, not asserted (a shared 2-core machine); BENCHMARKS.md keeps the figures.
 * And the shape, not the speed (issue 21): with tens of thousands of versions in
 * a project, describing one by name and creating one cost about what they cost
 * with 100 (a loose ratio: an O(versions) step makes it tens of times more).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { type ChildProcess, spawn } from "node:child_process";
import { paginateProjectVersions, RekognitionClient, ResourceInUseException } from "../mod.ts";
import { nativeHashing } from "../harness/node/hashing.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { simulatorParts } from "../harness/simulator-controls.ts";

const CLIENTS = 200;
const REQUESTS_PER_CLIENT = 50;
/** Names every client tries to create: exactly one create of each may succeed. */
const SHARED_NAMES = 5;
const ProjectArn = DEMO_PROJECTS.customLabels;

let server: ChildProcess;
let endpoint: string;

beforeAll(async () => {
  const root = new URL("..", import.meta.url).pathname;
  server = spawn("node_modules/.bin/bun", ["bin/rekognition-edge.ts", "serve", "--port", "0", "--training-seconds", "1"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  endpoint = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`no 'listening on' line within 15 s:\n${output}`)), 15_000);
    server.stdout!.on("data", (chunk: Buffer) => {
      output += chunk;
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    server.on("exit", () => reject(new Error(`the server exited:\n${output}`)));
  });
});

afterAll(() => {
  server?.kill("SIGTERM");
});

/** The value below which `share` of the sorted `values` lie. */
const percentile = (sorted: number[], share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;

test(`${CLIENTS} concurrent clients × ${REQUESTS_PER_CLIENT} requests: no lost or duplicated version`, async () => {
  const latencies: number[] = [];
  const created = new Map<string, string>(); // VersionName → ARN, from successful creates
  let conflicts = 0;
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await call();
    } finally {
      latencies.push(performance.now() - start);
    }
  };

  /** Each round: create a version (some names are shared by all clients), then describe that name. */
  const runClient = async (id: number) => {
    const client = new RekognitionClient({ endpoint, credentials: SIMULATOR_CREDENTIALS, requestTimeoutMs: 60_000 });
    for (let round = 0; round < REQUESTS_PER_CLIENT / 2; round++) {
      const VersionName = round < SHARED_NAMES ? `load-shared-${round}` : `load-${id}-${round}`;
      let ours: string | undefined;
      try {
        ({ ProjectVersionArn: ours } = await timed(() => client.createProjectVersion({ ProjectArn, VersionName, OutputConfig: { S3Bucket: "load-test" } })));
        expect(created.has(VersionName)).toBe(false); // a name is accepted once
        created.set(VersionName, ours);
      } catch (error) {
        if (!(error instanceof ResourceInUseException) || !VersionName.startsWith("load-shared-")) throw error;
        expect(error.$ambiguous).toBeUndefined(); // no attempt was lost, so the name is plainly someone else's
        conflicts++;
      }
      // Either way the name now exists, once; if this client created it, it is that version.
      const { ProjectVersionDescriptions = [] } = await timed(() => client.describeProjectVersions({ ProjectArn, VersionNames: [VersionName] }));
      expect(ProjectVersionDescriptions).toHaveLength(1);
      if (ours) expect(ProjectVersionDescriptions[0]!.ProjectVersionArn).toBe(ours);
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, id) => runClient(id)));
  const seconds = (performance.now() - started) / 1000;

  // Exactly one winner per shared name; every other create succeeded.
  expect(conflicts).toBe(SHARED_NAMES * (CLIENTS - 1));
  expect(created.size).toBe(SHARED_NAMES + CLIENTS * (REQUESTS_PER_CLIENT / 2 - SHARED_NAMES));

  // Every successful create is describable, and the server holds nothing else under these names.
  const reader = new RekognitionClient({ endpoint, credentials: SIMULATOR_CREDENTIALS });
  const listed = new Map<string, string>();
  for await (const page of paginateProjectVersions(reader, { ProjectArn, MaxResults: 100 })) {
    for (const version of page.ProjectVersionDescriptions ?? []) {
      const name = version.ProjectVersionArn!.split("/version/")[1]!.split("/")[0]!;
      if (!name.startsWith("load-")) continue;
      expect(listed.has(name)).toBe(false);
      listed.set(name, version.ProjectVersionArn!);
    }
  }
  expect(listed).toEqual(created);

  expect(latencies).toHaveLength(CLIENTS * REQUESTS_PER_CLIENT);
  latencies.sort((a, b) => a - b);
  console.log(
    `load: ${latencies.length} requests from ${CLIENTS} concurrent clients in ${seconds.toFixed(1)} s ` +
      `(${Math.round(latencies.length / seconds)} requests/s); latency p50 ${percentile(latencies, 0.5).toFixed(1)} ms, ` +
      `p99 ${percentile(latencies, 0.99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
  );
}, 180_000);

test("the full journal read while calls go on: every call succeeds, the read returns the whole journal, a page of 100 says where the next starts", async () => {
  const client = new RekognitionClient({ endpoint, credentials: SIMULATOR_CREDENTIALS, requestTimeoutMs: 60_000 });
  const page = (await (await fetch(`${endpoint}/__admin/requests?limit=100`)).json()) as { requests: { id: string }[]; next: string };
  expect(page.requests).toHaveLength(100);
  expect(page.next).toBe(page.requests[99]!.id);
  const reading = fetch(`${endpoint}/__admin/requests?limit=10000`).then((response) => response.json() as Promise<{ requests: unknown[]; next?: string }>);
  const calls = Array.from({ length: 200 }, (_, n) => client.describeProjectVersions({ ProjectArn, VersionNames: [`load-${n % CLIENTS}-5`] }));
  const [journal, ...answers] = await Promise.all([reading, ...calls]);
  expect(answers.every(({ ProjectVersionDescriptions }) => ProjectVersionDescriptions?.length === 1)).toBe(true);
  expect(journal.requests).toHaveLength(10_000); // the journal was full: 10,000 requests (and more) before the read
  expect(journal.next).toBeUndefined();
}, 60_000);

const VERSIONS = 50_000;

test(`with ${VERSIONS} versions in the project, describe by name and create cost about what they cost with 100`, async () => {
  const simulator = new RekognitionSimulator({ hashing: nativeHashing(), trainingSeconds: 0, maxConcurrentTrainings: 5 });
  const client = new RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, fetch: simulator.fetch });
  // The versions are made by the model directly (microseconds each; through the API they would take most of the test's time).
  const { model } = simulatorParts(simulator);
  let created = 0;
  /** Creates `count` versions; the median time of one, in ms. */
  const fill = (count: number) => {
    const times: number[] = [];
    for (const end = created + count; created < end;) {
      const started = performance.now();
      const outcome = model.call("CreateProjectVersion", { ProjectArn, VersionName: `v${created++}`, OutputConfig: { S3Bucket: "load-test" } });
      times.push(performance.now() - started);
      if (!("output" in outcome)) throw new Error(`a create failed: ${JSON.stringify(outcome)}`);
    }
    return times.sort((a, b) => a - b)[times.length >> 1]!;
  };
  /** The median time of `count` calls (after as many to warm up), in ms. */
  const median = async (count: number, call: (n: number) => Promise<unknown>) => {
    for (let n = 0; n < count; n++) await call(n);
    const times: number[] = [];
    for (let n = 0; n < count; n++) {
      const started = performance.now();
      await call(n);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[count >> 1]!;
  };
  const describe = () => median(200, (n) => client.describeProjectVersions({ ProjectArn, VersionNames: [`v${n % 100}`] }));
  let extra = 0;
  const create = () => median(100, () => client.createProjectVersion({ ProjectArn, VersionName: `extra-${extra++}`, OutputConfig: { S3Bucket: "load-test" } }));
  fill(100);
  const [describeWith100, createWith100] = [await describe(), await create()];
  const started = performance.now();
  const firstThousand = fill(1_000);
  fill(VERSIONS - created - 1_000);
  const lastThousand = fill(1_000); // in the model alone: its own cost, not the HTTP path's
  const fillSeconds = (performance.now() - started) / 1000;
  const [describeWithMany, createWithMany] = [await describe(), await create()];
  console.log(
    `flat with state: ${created} versions created in ${fillSeconds.toFixed(1)} s; describe by name ${describeWith100.toFixed(3)} → ${
      describeWithMany.toFixed(3)
    } ms, ` +
      `create ${createWith100.toFixed(3)} → ${createWithMany.toFixed(3)} ms (in the model: ${(firstThousand * 1000).toFixed(1)} → ${
        (lastThousand * 1000).toFixed(1)
      } µs)`,
  );
  expect(simulator.versions(ProjectArn).length).toBeGreaterThanOrEqual(VERSIONS);
  expect(describeWithMany / describeWith100).toBeLessThan(3);
  expect(createWithMany / createWith100).toBeLessThan(3);
  expect(lastThousand / firstThousand).toBeLessThan(3);
}, 60_000);
