/**
 * `npm run bench`: rekognition-edge side by side with the official
 * `@aws-sdk/client-rekognition` and a raw aws4fetch call, in one run:
 *
 * 1. the gzip -9 size of each peer's minified Worker bundle;
 * 2. cold start of a whole process (import, construct, one call to a loopback
 *    server) on Bun and Node, spawned many times, interleaved;
 * 3. per-call client cost (CPU and wall time) with a canned transport (no
 *    network), and steady calls over loopback, on Bun and Node, in interleaved rounds.
 *
 * Prints markdown tables with ratios to the raw aws4fetch call. With `--write`
 * it also puts them into BENCHMARKS.md (between the results markers).
 * Usage: bun scripts/bench.ts [--write]
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, release, totalmem } from "node:os";
import { ANSWER_HEADERS, CREATED, PEERS } from "./bench-peers.mjs";
import { bundleFloor, bundleForWorkers, gzipShares, ROOT, workerEntries } from "./bench-workers.ts";

const RUNTIMES = { bun: `${ROOT}node_modules/.bin/bun`, node: "node" } as const;
type Runtime = keyof typeof RUNTIMES;
const BASELINE = "aws4fetch (raw)";
const COLD_RUNS = 21;
const CANNED = { rounds: 40, calls: 100 };
const LOOPBACK = { rounds: 20, calls: 25 };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
/** The median of the ratios of paired samples (same run or round), which cancels noise common to both. */
const pairedRatio = (values: number[], baselines: number[]) => `${median(values.map((value, index) => value / baselines[index]!)).toFixed(2)}×`;
const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}×`;
const table = (header: string[], rows: (string | number)[][]) =>
  [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");

/** A loopback server answering every call with a canned CreateProjectVersion success. */
async function startServer(): Promise<{ endpoint: string; close: () => void }> {
  const body = JSON.stringify(CREATED);
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(200, { ...ANSWER_HEADERS, date: new Date().toUTCString(), "content-length": body.length }).end(body));
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** What a child process took: wall time and CPU time (all its threads). */
interface ChildRun {
  stdout: string;
  wallMs: number;
  cpuMs: number;
}

/** Runs a child process to its end; rejects when it fails. */
async function run(runtime: Runtime, args: string[]): Promise<ChildRun> {
  const started = performance.now();
  const child = Bun.spawn([RUNTIMES[runtime], ...args], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text()]);
  const code = await child.exited;
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`${runtime} ${args.join(" ")} exited with ${code}:\n${stderr}`);
  const usage = child.resourceUsage()!;
  return { stdout, wallMs, cpuMs: Number(usage.cpuTime.total) / 1000 };
}

async function bundleSizes(): Promise<string> {
  const sizes = new Map<string, Record<string, number>>();
  for (const entry of workerEntries()) {
    const bundle = await bundleForWorkers(entry.source);
    sizes.set(entry.peer, { ...sizes.get(entry.peer), [entry.variant]: bundle.gzipBytes, [`${entry.variant}Raw`]: bundle.bytes });
  }
  const base = sizes.get(BASELINE)!;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const rows = [...sizes].map(([peer, size]) => [
    peer,
    `${kb(size.create!)} (${kb(size.createRaw!)} min)`,
    ratio(size.create!, base.create!),
    `${kb(size.full!)} (${kb(size.fullRaw!)} min)`,
    ratio(size.full!, base.full!),
  ]);
  const sizeTable = table(["peer", "create only, gzip -9", "vs raw", "create + describe + wait, gzip -9", "vs raw"], rows);
  const full = workerEntries().find(({ peer, variant }) => peer === "rekognition-edge" && variant === "full")!;
  const shares = (await gzipShares(full.source)).map(({ module, minifiedBytes, gzipShare }) => [`\`${module}\``, minifiedBytes, gzipShare]);
  const shareTable = table(["module", "minified bytes", "gzip share (bytes)"], shares);
  return `${sizeTable}\n\nrekognition-edge's create + describe + wait Worker (${sizes.get("rekognition-edge")!
    .full!} B of gzip -9) by module: each module's characters left out of the gzip -9 of the whole (text it shares with others counts once, so the shares add up to less).\n\n${shareTable}`;
}

async function coldStarts(endpoint: string): Promise<string> {
  const rows: string[][] = [];
  for (const runtime of Object.keys(RUNTIMES) as Runtime[]) {
    const subjects = ["none", ...PEERS];
    const runs = new Map(subjects.map((subject) => [subject, [] as ChildRun[]]));
    await run(runtime, ["scripts/bench-cold.mjs", "none"]); // warm the file cache
    for (let index = 0; index < COLD_RUNS; index++) {
      for (const subject of subjects.map((_, at) => subjects[(at + index) % subjects.length]!)) {
        runs.get(subject)!.push(await run(runtime, ["scripts/bench-cold.mjs", subject, endpoint]));
      }
    }
    const of = (subject: string, measure: "wallMs" | "cpuMs") => runs.get(subject)!.map((child) => child[measure]);
    for (const subject of subjects) {
      const label = subject === "none" ? "(empty process)" : subject;
      const versus = `${pairedRatio(of(subject, "wallMs"), of(BASELINE, "wallMs"))} / ${pairedRatio(of(subject, "cpuMs"), of(BASELINE, "cpuMs"))}`;
      rows.push([runtime, label, `${median(of(subject, "wallMs")).toFixed(1)} ms`, `${median(of(subject, "cpuMs")).toFixed(1)} ms`, versus]);
    }
  }
  const header = ["runtime", "peer", "wall", "CPU", "vs raw (wall / CPU)"];
  return `Medians of ${COLD_RUNS} interleaved runs; ratios are medians of the ratios within each run.\n\n${table(header, rows)}`;
}

async function perCall(target: string, { rounds, calls }: { rounds: number; calls: number }): Promise<string> {
  const rows: string[][] = [];
  for (const runtime of Object.keys(RUNTIMES) as Runtime[]) {
    const { stdout } = await run(runtime, ["scripts/bench-calls.mjs", target, String(rounds), String(calls)]);
    const results = JSON.parse(stdout) as Record<string, { wall: number[]; cpu: number[] }>;
    for (const peer of PEERS) {
      const { wall, cpu } = results[peer]!;
      const versus = (other: string) => `${pairedRatio(wall, results[other]!.wall)} / ${pairedRatio(cpu, results[other]!.cpu)}`;
      rows.push([runtime, peer, `${median(wall).toFixed(0)} µs`, `${median(cpu).toFixed(0)} µs`, versus(BASELINE), versus("@aws-sdk/client-rekognition")]);
    }
  }
  const header = ["runtime", "peer", "wall per call", "CPU per call", "vs raw (wall / CPU)", "vs SDK (wall / CPU)"];
  return `${rounds} interleaved rounds of ${calls} calls per peer; medians, and medians of the per-round ratios.\n\n${table(header, rows)}`;
}

function versionOf(pkg: string): string {
  const path = pkg === "rekognition-edge" ? `${ROOT}package.json` : `${ROOT}node_modules/${pkg}/package.json`;
  return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
}

function environment(): string {
  const cpuModel = /model name\s*:\s*(.*)/.exec(existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "")?.[1] ?? cpus()[0]?.model;
  const runtimeVersion = (runtime: Runtime) => execFileSync(RUNTIMES[runtime], ["--version"], { encoding: "utf8" }).trim();
  return [
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${cpuModel}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Linux ${release()}`,
    `- Runtimes: Bun ${runtimeVersion("bun")}, Node ${runtimeVersion("node")}`,
    `- Packages: rekognition-edge ${versionOf("rekognition-edge")}, @aws-sdk/client-rekognition ${versionOf("@aws-sdk/client-rekognition")}, aws4fetch ${
      versionOf("aws4fetch")
    }, valibot ${versionOf("valibot")}, esbuild ${versionOf("esbuild")}`,
  ].join("\n");
}

/** Replaces what lies between the results markers of BENCHMARKS.md (or creates the file). */
function writeResults(results: string): void {
  const path = `${ROOT}BENCHMARKS.md`;
  const [start, end] = ["<!-- results:start (written by npm run bench -- --write) -->", "<!-- results:end -->"];
  const current = existsSync(path) ? readFileSync(path, "utf8") : `# Benchmarks\n\n${start}\n${end}\n`;
  const [before, rest] = current.split(start);
  const after = rest?.split(end)[1];
  if (before === undefined || after === undefined) throw new Error(`BENCHMARKS.md lacks the markers ${start} … ${end}`);
  writeFileSync(path, `${before}${start}\n${results}\n${end}${after}`);
}

const log = (text: string) => console.error(`bench: ${text}`);
log("building dist/ (Node loads rekognition-edge from it)");
execFileSync("node", ["scripts/build.mjs"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
await bundleFloor();
const server = await startServer();
try {
  log("bundle sizes");
  const sizes = await bundleSizes();
  log(`cold starts (${COLD_RUNS} runs per peer and runtime)`);
  const cold = await coldStarts(server.endpoint);
  log("per-call cost, canned transport");
  const canned = await perCall("canned", CANNED);
  log("steady calls over loopback");
  const loopback = await perCall(server.endpoint, LOOPBACK);
  const results = [
    environment(),
    "### Worker bundle size (esbuild --minify for workerd, gzip -9)",
    sizes,
    "### Cold start: a whole process imports, constructs, makes one call over loopback, exits",
    cold,
    "### Per-call client cost, canned transport (no network)",
    canned,
    "### Steady calls over loopback (one client, sequential calls)",
    loopback,
  ].join("\n\n");
  console.log(results);
  if (process.argv.includes("--write")) {
    writeResults(results);
    log("wrote BENCHMARKS.md");
  }
} finally {
  server.close();
}
