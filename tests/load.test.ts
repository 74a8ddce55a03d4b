/**
 * The standalone server under load: 200 concurrent clients × 50 requests over
 * loopback, against a separate server process. Nothing lost (every successful
 * create is describable), no duplicate name accepted. Latency and throughput are
 * printed, not asserted (a shared 2-core machine); BENCHMARKS.md keeps the figures.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { type ChildProcess, spawn } from "node:child_process";
import { paginateProjectVersions, RekognitionClient, ResourceInUseException } from "../mod.ts";
import { DEMO_PROJECTS, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";

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
