/**
 * `npm run bench:harness`: the harness's server at load, side by side with WireMock in one run (issue 21).
 *
 * 1. start-up to first answer: a process spawned, polled with the signed call until it answers 200 (interleaved);
 * 2. throughput: wrk, 50 keep-alive connections, the same pre-signed DescribeProjectVersions (re-signed each
 *    round: the simulator accepts a signature for 5 minutes) to `rekognition-edge serve` on Node and on Bun (SigV4
 *    verified, journal on) and to WireMock (one stub mapping, its defaults), interleaved rounds; ratios per round;
 *    server CPU per request from /proc;
 * 3. RSS after 25k, 50k and 100k requests, fresh servers;
 * 4. flat with state: describe by name (wrk) and create (sequential calls) against servers holding 100 and 50,000
 *    versions in the project, interleaved; memory per stored version (in process, heap after GC, Node and Bun);
 * 5. the journal read under load: a page of 100 and the full journal (10,000 entries), timed, and the worst latency
 *    of API calls made while it is read, against the worst in a window of the same length without a read.
 *
 * Needs wrk (`apt-get install wrk`) and Java 17; Linux (/proc). Prints markdown; `--write` puts it into
 * BENCHMARKS.md between the harness markers. `--rounds N` (default 5), `--seconds S` per wrk run (default 5),
 * `--phases throughput,startup,plateau,state,journal` (default all).
 * Over 400 lines with its helpers split out: each phase reads top to bottom.
 *
 * @module
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { join } from "node:path";
import { RekognitionClient } from "../mod.ts";
import { SIMULATOR_CREDENTIALS } from "../harness/demo.ts";
import { type BenchServer, call, cpuMs, PROBE, ROOT, rssMb, SCRATCH, startOurs, startWireMock, wrk, type WrkResult } from "./bench-harness-servers.ts";

const argument = (name: string) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
};
const ROUNDS = Number(argument("--rounds") ?? 5);
const SECONDS = Number(argument("--seconds") ?? 5);
const ProjectArn = PROBE.input.ProjectArn;
const RUNTIMES = ["node", "bun"] as const;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const table = (header: string[], rows: (string | number)[][]) =>
  [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
const fixed = (value: number, digits = 1) => value.toFixed(digits);
const log = (line: string) => console.error(`[bench:harness] ${line}`);

/** Our servers with version v1 (the probe's), WireMock answering what they answer. */
async function startAll(): Promise<BenchServer[]> {
  const ours = [];
  for (const runtime of RUNTIMES) {
    const server = await startOurs(runtime);
    await call(server.url, "CreateProjectVersion", { ProjectArn, VersionName: "v1", OutputConfig: { S3Bucket: "amzn-s3-demo-bucket" } });
    ours.push(server);
  }
  const answer = (await call(ours[0]!.url, PROBE.operation, PROBE.input)).text;
  return [...ours, await startWireMock(answer)];
}

async function startup(answer: string): Promise<string> {
  const runs: Record<string, number[]> = {};
  for (let run = 0; run < 5; run++) {
    for (const start of [() => startOurs("node"), () => startOurs("bun"), () => startWireMock(answer)]) {
      const server = await start();
      (runs[server.name] ??= []).push(server.startupMs);
      await server.stop();
    }
  }
  const wiremock = median(runs["WireMock 3.13.2"]!);
  return table(
    ["server", "start-up to first answer (median of 5)", "vs WireMock"],
    Object.entries(runs).map(([name, ms]) => [name, `${fixed(median(ms), 0)} ms`, `${fixed(median(ms) / wiremock, 3)}×`]),
  );
}

/** One wrk run, with the server's CPU time over it. */
async function measured(server: BenchServer, seconds: number): Promise<WrkResult & { cpuPerRequestUs: number }> {
  const cpu = cpuMs(server.pid);
  const result = await wrk(server.url, seconds);
  if (result.errors > 0) throw new Error(`${server.name}: ${result.errors} errors or non-2xx answers`);
  return { ...result, cpuPerRequestUs: ((cpuMs(server.pid) - cpu) * 1000) / result.requests };
}

async function throughput(servers: BenchServer[]): Promise<string> {
  for (const server of servers) await wrk(server.url, 10); // warm-up: the JITs (WireMock's JVM takes longest)
  const results = new Map(servers.map((server) => [server, [] as Awaited<ReturnType<typeof measured>>[]]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = servers.map((_, index) => servers[(index + round) % servers.length]!);
    for (const server of order) results.get(server)!.push(await measured(server, SECONDS));
    log(`throughput round ${round + 1}/${ROUNDS}: ${servers.map((server) => `${server.name} ${fixed(results.get(server)!.at(-1)!.rps, 0)}/s`).join(", ")}`);
  }
  const wiremock = results.get(servers.at(-1)!)!;
  const perRound = (values: (result: WrkResult & { cpuPerRequestUs: number }) => number, server: BenchServer) =>
    median(results.get(server)!.map((result, round) => values(result) / values(wiremock[round]!)));
  return table(
    ["server", "requests/s", "vs WireMock", "p50", "p99", "p99 vs WireMock", "max", "server CPU per request", "vs WireMock"],
    servers.map((server) => {
      const runs = results.get(server)!;
      return [
        server.name,
        fixed(median(runs.map(({ rps }) => rps)), 0),
        `${fixed(perRound(({ rps }) => rps, server), 2)}×`,
        `${fixed(median(runs.map(({ p50 }) => p50)), 2)} ms`,
        `${fixed(median(runs.map(({ p99 }) => p99)), 2)} ms`,
        `${fixed(perRound(({ p99 }) => p99, server), 2)}×`,
        `${fixed(median(runs.map(({ max }) => max)), 1)} ms`,
        `${fixed(median(runs.map(({ cpuPerRequestUs }) => cpuPerRequestUs)), 0)} µs`,
        `${fixed(perRound(({ cpuPerRequestUs }) => cpuPerRequestUs, server), 2)}×`,
      ];
    }),
  );
}

async function plateau(): Promise<string> {
  const marks = [25_000, 50_000, 100_000];
  const rows: (string | number)[][] = [];
  for (const server of await startAll()) {
    const rss = [rssMb(server.pid)];
    let sent = 0;
    for (const mark of marks) {
      while (sent < mark) sent += (await wrk(server.url, 1)).requests;
      rss.push(rssMb(server.pid));
    }
    rows.push([server.name, ...rss.map((mb) => `${fixed(mb, 0)} MB`), `${fixed(rss[3]! / rss[1]!, 2)}×`]);
    log(`plateau: ${server.name} ${rss.map((mb) => fixed(mb, 0)).join(" → ")} MB`);
    await server.stop();
  }
  return table(["server", "RSS at start", "after 25k", "after 50k", "after 100k", "100k vs 25k"], rows);
}

/** Creates `count` versions through the API, 50 calls at a time. */
async function fill(url: string, count: number): Promise<void> {
  const client = new RekognitionClient({ endpoint: url, credentials: SIMULATOR_CREDENTIALS, maxAttempts: 1 });
  let next = 0;
  await Promise.all(Array.from({ length: 50 }, async () => {
    while (next < count) await client.createProjectVersion({ ProjectArn, VersionName: `fill-${next++}`, OutputConfig: { S3Bucket: "amzn-s3-demo-bucket" } });
  }));
}

/** The median latency of `count` sequential creates, in ms. */
async function createLatency(url: string, prefix: string, count: number): Promise<number> {
  const client = new RekognitionClient({ endpoint: url, credentials: SIMULATOR_CREDENTIALS, maxAttempts: 1 });
  const latencies = [];
  for (let n = 0; n < count; n++) {
    const started = performance.now();
    await client.createProjectVersion({ ProjectArn, VersionName: `${prefix}-${n}`, OutputConfig: { S3Bucket: "amzn-s3-demo-bucket" } });
    latencies.push(performance.now() - started);
  }
  return median(latencies);
}

async function withState(): Promise<string> {
  const rows: (string | number)[][] = [];
  for (const runtime of RUNTIMES) {
    const [small, large] = [await startOurs(runtime), await startOurs(runtime)];
    await fill(small.url, 100);
    const filling = performance.now();
    await fill(large.url, 50_000);
    log(`${runtime}: 50,000 versions created in ${fixed((performance.now() - filling) / 1000)} s`);
    const named = { ...PROBE, input: { ProjectArn, VersionNames: ["fill-50"] } };
    const describe: Record<string, number[]> = { small: [], large: [] };
    const create: Record<string, number[]> = { small: [], large: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [key, server] of round % 2 ? [["large", large], ["small", small]] as const : [["small", small], ["large", large]] as const) {
        describe[key]!.push((await wrk(server.url, SECONDS, 50, named)).p50);
        create[key]!.push(await createLatency(server.url, `round${round}`, 300));
      }
    }
    const ratio = (values: Record<string, number[]>) => median(values.large!.map((large, round) => large / values.small![round]!));
    rows.push([
      runtime === "bun" ? "Bun" : "Node",
      `${fixed(median(describe.small!), 2)} ms`,
      `${fixed(median(describe.large!), 2)} ms`,
      `${fixed(ratio(describe), 2)}×`,
      `${fixed(median(create.small!), 2)} ms`,
      `${fixed(median(create.large!), 2)} ms`,
      `${fixed(ratio(create), 2)}×`,
    ]);
    await small.stop();
    await large.stop();
  }
  return table([
    "runtime",
    "describe by name, 100 versions (wrk p50, 50 connections)",
    "50,000 versions",
    "ratio",
    "create, 100 versions (sequential, median)",
    "50,000 versions",
    "ratio",
  ], rows);
}

/** Heap per stored version and per journal entry, in process after GC, on Node and Bun (scripts/bench-harness-memory.ts). */
function memory(): string {
  const bundle = join(SCRATCH, "memory.mjs");
  execFileSync(join(ROOT, "node_modules/.bin/esbuild"), [
    join(ROOT, "scripts/bench-harness-memory.ts"),
    "--bundle",
    "--platform=node",
    "--format=esm",
    `--outfile=${bundle}`,
  ], { stdio: "ignore" });
  const rows = [
    ["Node", execFileSync("node", ["--expose-gc", bundle], { encoding: "utf8" })],
    ["Bun", execFileSync(join(ROOT, "node_modules/.bin/bun"), [bundle], { encoding: "utf8" })],
  ].map(([runtime, output]) => {
    const { version, entry } = JSON.parse(output!) as { version: number; entry: number };
    return [runtime!, `${fixed(version / 1024, 2)} KB`, `${fixed(entry / 1024, 2)} KB`];
  });
  return table(["runtime", "heap per stored version (50,000 in the model)", "heap per journal entry (a full journal of 10,000)"], rows);
}

/** The worst latency of sequential API calls while `during` runs (or for `ms` without it). */
async function worstLatency(url: string, during: Promise<unknown> | number): Promise<{ worst: number; calls: number }> {
  let done = false;
  const until = typeof during === "number" ? new Promise((resolve) => setTimeout(resolve, during)) : during;
  void until.then(() => (done = true));
  let worst = 0;
  let calls = 0;
  while (!done) {
    const started = performance.now();
    if ((await call(url, PROBE.operation, PROBE.input)).status !== 200) throw new Error("an API call failed during the journal read");
    worst = Math.max(worst, performance.now() - started);
    calls++;
  }
  return { worst, calls };
}

/** Fetches `url` with curl; resolves with the size of the body, in bytes. */
function curl(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("curl", ["-s", "-o", "/dev/null", "-w", "%{size_download}", url], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("exit", (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`curl exited with ${code}`))));
  });
}

async function journalUnderLoad(): Promise<string> {
  const rows: (string | number)[][] = [];
  for (const runtime of RUNTIMES) {
    const server = await startOurs(runtime);
    await call(server.url, "CreateProjectVersion", { ProjectArn, VersionName: "v1", OutputConfig: { S3Bucket: "amzn-s3-demo-bucket" } });
    for (let sent = 0; sent < 12_000;) sent += (await wrk(server.url, 2)).requests; // a full journal (10,000 entries)
    const timings: Record<string, number[]> = { page: [], full: [], worstDuring: [], worstWithout: [], bytes: [] };
    for (let run = 0; run < 3; run++) {
      let started = performance.now();
      const page = await (await fetch(`${server.url}/__admin/requests?limit=100`)).json() as { requests: unknown[] };
      timings.page!.push(performance.now() - started);
      if (page.requests.length !== 100) throw new Error("a page of 100 was not 100 entries");
      // Read by curl, another process: the bench's own event loop must not be what delays its API calls.
      started = performance.now();
      const reading = curl(`${server.url}/__admin/requests?limit=10000`);
      const during = await worstLatency(server.url, reading);
      const bytes = await reading;
      const fullMs = performance.now() - started;
      timings.full!.push(fullMs);
      timings.bytes!.push(bytes);
      timings.worstDuring!.push(during.worst);
      timings.worstWithout!.push((await worstLatency(server.url, fullMs)).worst);
    }
    rows.push([
      runtime === "bun" ? "Bun" : "Node",
      `${fixed(median(timings.page!), 1)} ms`,
      `${fixed(median(timings.full!), 0)} ms (${fixed(median(timings.bytes!) / 1e6, 1)} MB)`,
      `${fixed(median(timings.worstDuring!), 1)} ms`,
      `${fixed(median(timings.worstWithout!), 1)} ms`,
    ]);
    await server.stop();
  }
  return table([
    "runtime",
    "GET ?limit=100 (full journal)",
    "GET ?limit=10000 (the whole journal)",
    "worst API call while it is read",
    "worst API call, same time, no read",
  ], rows);
}

const header = [
  `- Date: ${new Date().toISOString().slice(0, 10)}; load average at start ${loadavg().map((value) => fixed(value, 2)).join(", ")}`,
  `- Machine: ${cpus()[0]?.model.split(" ")[0] ?? "?"}, ${cpus().length} cores, ${fixed(totalmem() / 2 ** 30)} GiB, Linux ${release()}`,
  `- Runtimes: Bun ${execFileSync(join(ROOT, "node_modules/.bin/bun"), ["--version"], { encoding: "utf8" }).trim()}, Node ${
    execFileSync("node", ["--version"], { encoding: "utf8" }).trim()
  }, ${spawnSync("java", ["-version"], { encoding: "utf8" }).stderr.split("\n")[0]}; wrk ${
    spawnSync("wrk", ["--version"], { encoding: "utf8" }).stdout.split(" ")[1]
  }`,
  `- ${ROUNDS} interleaved rounds of ${SECONDS} s per server; wrk -t2 -c50, the call re-signed each round; the servers and wrk share the 2 cores`,
].join("\n");

const sections: string[] = [];
/** Adds a section of results, printed at once (a later phase that fails leaves the earlier ones on stdout). */
const section = (text: string) => {
  sections.push(text);
  console.log(`${text}\n`);
};
section(header);
/** `--phases a,b`: only these (throughput, startup, plateau, state, journal); all by default. */
const phases = new Set((argument("--phases") ?? "throughput,startup,plateau,state,journal").split(","));
if (phases.has("throughput") || phases.has("startup")) {
  log("throughput");
  const servers = await startAll();
  const answer = (await call(servers[0]!.url, PROBE.operation, PROBE.input)).text;
  if (phases.has("throughput")) {
    section(`#### Throughput, 50 keep-alive connections (medians; ratios are medians of per-round ratios)\n\n${await throughput(servers)}`);
  }
  for (const server of servers) await server.stop();
  log("start-up");
  if (phases.has("startup")) section(`#### Start-up to first answer\n\n${await startup(answer)}`);
}
if (phases.has("plateau")) {
  log("RSS plateau");
  section(`#### RSS while serving (fresh servers)\n\n${await plateau()}`);
}
if (phases.has("state")) {
  log("flat with state");
  section(`#### Flat with state: 100 against 50,000 versions in the project (medians of ${ROUNDS} interleaved rounds)\n\n${await withState()}\n\n${memory()}`);
}
if (phases.has("journal")) {
  log("journal under load");
  section(`#### Reading the journal under load (medians of 3)\n\n${await journalUnderLoad()}`);
}

const results = sections.join("\n\n");
if (process.argv.includes("--write")) {
  const path = join(ROOT, "BENCHMARKS.md");
  const text = readFileSync(path, "utf8");
  const [start, end] = ["<!-- harness-results:start (written by npm run bench:harness -- --write) -->", "<!-- harness-results:end -->"];
  if (!text.includes(start) || !text.includes(end)) throw new Error("BENCHMARKS.md has no harness results markers");
  writeFileSync(path, `${text.slice(0, text.indexOf(start) + start.length)}\n${results}\n${text.slice(text.indexOf(end))}`);
}
