/**
 * What `npm run bench:harness` drives: the servers (`rekognition-edge serve` on Node and on Bun, WireMock 3.13.2
 * standalone from the npm package `wiremock` on Java 17, one stub mapping), a request signed for them, the load
 * generator (wrk, Debian's `wrk` package, with a Lua script that sends that request on every connection), and what a
 * process costs (CPU time and RSS from /proc). Linux only, like wrk.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsV4Signer } from "aws4fetch";
import { SIMULATOR_CREDENTIALS } from "../harness/demo.ts";

export const ROOT = new URL("..", import.meta.url).pathname;
export const SCRATCH = mkdtempSync(join(tmpdir(), "rekognition-edge-bench-harness-"));
const WIREMOCK_JAR = join(ROOT, "node_modules/wiremock/build/wiremock-standalone-3.13.2.jar");

/** A server under test. */
export interface BenchServer {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Ms from spawn to its first 200 answer to the signed call. */
  readonly startupMs: number;
  stop(): Promise<void>;
}

/** A free loopback port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A request signed now (valid 5 minutes) for `url`, as the AWS SDKs sign it. */
export async function signed(url: string, operation: string, input: unknown): Promise<{ headers: Record<string, string>; body: string }> {
  const body = JSON.stringify(input);
  const signer = new AwsV4Signer({
    url: `${url}/`,
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `RekognitionService.${operation}` },
    body,
    accessKeyId: SIMULATOR_CREDENTIALS.accessKeyId,
    secretAccessKey: SIMULATOR_CREDENTIALS.secretAccessKey,
    service: "rekognition",
    region: "us-east-1",
  });
  const { headers } = await signer.sign();
  const plain: Record<string, string> = {};
  headers.forEach((value, name) => (plain[name] = value));
  return { headers: plain, body };
}

/** Sends a signed call; its status and text. */
export async function call(url: string, operation: string, input: unknown): Promise<{ status: number; text: string }> {
  const { headers, body } = await signed(url, operation, input);
  const response = await fetch(`${url}/`, { method: "POST", headers, body });
  return { status: response.status, text: await response.text() };
}

/** Polls until the signed call answers 200; the ms it took from `started`. */
async function firstAnswer(url: string, probe: { operation: string; input: unknown }, started: number, child: ChildProcess): Promise<number> {
  const deadline = started + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    try {
      if ((await call(url, probe.operation, probe.input)).status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${url}: no answer within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Every server started and not yet stopped: killed when the bench exits, even on a failure. */
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

function stopper(child: ChildProcess): () => Promise<void> {
  running.add(child);
  child.once("exit", () => running.delete(child));
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    });
}

/** The probe every server answers: the call the throughput rounds send. */
export const PROBE = {
  operation: "DescribeProjectVersions",
  input: { ProjectArn: "arn:aws:rekognition:us-east-1:111122223333:project/demo-custom-labels/1700000000000", VersionNames: ["v1"] },
};

/** `rekognition-edge serve` (the built CLI, as `npx` and `bunx` run it) on a runtime; its first answer timed from the spawn. */
export async function startOurs(runtime: "node" | "bun", extraArgs: string[] = []): Promise<BenchServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const executable = runtime === "bun" ? join(ROOT, "node_modules/.bin/bun") : process.env.NODE ?? "node";
  const started = performance.now();
  const child = spawn(executable, [join(ROOT, "dist/cli.js"), "serve", "--port", String(port), ...extraArgs], { stdio: ["ignore", "ignore", "inherit"] });
  const stop = stopper(child);
  const startupMs = await firstAnswer(url, PROBE, started, child);
  return { name: `rekognition-edge serve (${runtime === "bun" ? "Bun" : "Node"})`, url, pid: child.pid!, startupMs, stop };
}

/** WireMock standalone (java -jar, defaults: its request journal on) with one stub: `answer` to the probe's operation. */
export async function startWireMock(answer: string): Promise<BenchServer> {
  const root = join(SCRATCH, "wiremock");
  mkdirSync(join(root, "mappings"), { recursive: true });
  const mapping = {
    request: { method: "POST", url: "/", headers: { "X-Amz-Target": { equalTo: `RekognitionService.${PROBE.operation}` } } },
    response: {
      status: 200,
      headers: { "Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "00000000-0000-4000-8000-000000000000" },
      body: answer,
    },
  };
  writeFileSync(join(root, "mappings", "describe.json"), JSON.stringify(mapping));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn("java", ["-jar", WIREMOCK_JAR, "--port", String(port), "--bind-address", "127.0.0.1", "--root-dir", root, "--disable-banner"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = stopper(child);
  const startupMs = await firstAnswer(url, PROBE, started, child);
  return { name: "WireMock 3.13.2", url, pid: child.pid!, startupMs, stop };
}

/** What one wrk run measured. */
export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  /** Latency percentiles and max, in ms. */
  p50: number;
  p99: number;
  max: number;
  /** Socket errors, timeouts and answers other than 2xx/3xx. */
  errors: number;
}

/** A Lua script for wrk that sends this signed call on every request, and prints wrk's summary as JSON. */
function wrkScript(call: { headers: Record<string, string>; body: string }): string {
  const lua = (text: string) => JSON.stringify(text); // a JSON string is a valid Lua string for these characters
  const headers = Object.entries(call.headers).filter(([name]) => name !== "host").map(([name, value]) => `wrk.headers[${lua(name)}] = ${lua(value)}`);
  const file = join(SCRATCH, `wrk-${Math.random().toString(36).slice(2)}.lua`);
  writeFileSync(
    file,
    [
      'wrk.method = "POST"',
      `wrk.body = ${lua(call.body)}`,
      ...headers,
      "done = function(summary, latency, requests)",
      "  local e = summary.errors",
      '  io.write(string.format("\\nRESULT {\\"requests\\":%d,\\"us\\":%d,\\"p50\\":%d,\\"p99\\":%d,\\"max\\":%d,\\"errors\\":%d}\\n",',
      "    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,",
      "    e.connect + e.read + e.write + e.status + e.timeout))",
      "end",
    ].join("\n"),
  );
  return file;
}

/** Runs wrk against `url` with the signed probe (`connections` keep-alive connections, 2 threads) for `seconds`. */
export async function wrk(url: string, seconds: number, connections = 50, probe: { operation: string; input: unknown } = PROBE): Promise<WrkResult> {
  const script = wrkScript(await signed(url, probe.operation, probe.input));
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn("wrk", ["-t2", `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "-s", script, `${url}/`], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let text = "";
    child.stdout!.on("data", (chunk) => (text += chunk));
    child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}:\n${text}`))));
  });
  const match = /^RESULT (.+)$/m.exec(output);
  if (!match) throw new Error(`no result from wrk:\n${output}`);
  const result = JSON.parse(match[1]!) as { requests: number; us: number; p50: number; p99: number; max: number; errors: number };
  return {
    requests: result.requests,
    seconds: result.us / 1e6,
    rps: result.requests / (result.us / 1e6),
    p50: result.p50 / 1000,
    p99: result.p99 / 1000,
    max: result.max / 1000,
    errors: result.errors,
  };
}

/** CPU time (user + system, all threads) a process has used, in ms. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime and stime, fields 14 and 15, in ticks of 1/100 s
}

/** Resident memory of a process, in MB. */
export function rssMb(pid: number): number {
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  return kb / 1024;
}
