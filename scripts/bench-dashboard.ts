/**
 * Ten open dashboards do not slow the API: the request rate of
 * `rekognition-edge serve` under wrk (one pre-signed DescribeProjectVersions,
 * keep-alive connections), with no event-stream subscriber and with ten
 * (`GET /__admin/events`, each read by curl to the end, as any tool reads it), in
 * interleaved rounds on the same server; the ratio of the medians is the
 * figure (BENCHMARKS.md). Needs wrk (`apt-get install -y wrk`), curl and dist/
 * (`npm run build`).
 *
 * Usage: bun scripts/bench-dashboard.ts [--runtime node|bun] [--rounds 5] [--seconds 5] [--connections 50] [--subscribers 10]
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEMO_PROJECTS } from "../harness/simulator.ts";
import { wrk } from "./bench-harness-servers.ts";

const { values } = parseArgs({
  options: {
    runtime: { type: "string", default: "node" },
    rounds: { type: "string", default: "5" },
    seconds: { type: "string", default: "5" },
    connections: { type: "string", default: "50" },
    subscribers: { type: "string", default: "10" },
  },
});
const root = fileURLToPath(new URL("..", import.meta.url));
const rounds = Number(values.rounds);
const subscribers = Number(values.subscribers);

/** The server, in a process of its own, on a port it picks. */
async function startServe(): Promise<{ url: string; stop(): void }> {
  // What `npx rekognition-edge serve` and `bunx rekognition-edge serve` run.
  const command = [values.runtime === "bun" ? join(root, "node_modules/.bin/bun") : "node", join(root, "dist/cli.js")];
  const [bin, ...args] = command;
  const child = spawn(bin!, [...args, "serve", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let printed = "";
    child.stdout!.on("data", (chunk) => {
      printed += chunk;
      const found = /^listening on (\S+)$/m.exec(printed)?.[1];
      if (found) resolve(found);
    });
    child.once("exit", () => reject(new Error(`serve exited:\n${printed}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

/** The call wrk sends: one DescribeProjectVersions, signed anew for each run (the simulator accepts a signature for 5 minutes). */
const PROBE = { operation: "DescribeProjectVersions", input: { ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: ["bench"] } };

/** Requests per second, and how many answers were errors or not 2xx, of one wrk run (not blocking: the subscribers read meanwhile). */
async function run(url: string): Promise<{ rate: number; errors: number }> {
  const { rps, errors } = await wrk(url, Number(values.seconds), Number(values.connections), PROBE);
  return { rate: rps, errors };
}

/**
 * `count` event streams read by curl (`curl -sN`, as any tool reads them; separate processes, so the bench's own
 * event loop does not stand in for a browser's), each for `seconds`; resolves, once they have ended, with the bytes
 * each read. A stream the server dropped ends early: curl then exits with another code than its time limit's (28).
 */
function subscribe(url: string, count: number, seconds: number): Promise<number[]> {
  return Promise.all(Array.from({ length: count }, () => {
    const curl = spawn("curl", ["-sN", "--max-time", String(seconds), "-o", "/dev/null", "-w", "%{size_download}", `${url}/__admin/events`], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    curl.stdout!.on("data", (chunk) => (out += chunk));
    return new Promise<number>((resolve, reject) =>
      curl.once("exit", (code) => (code === 28 ? resolve(Number(out)) : reject(new Error(`a subscriber ended early (curl exit ${code})`))))
    );
  }));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const server = await startServe();
try {
  const without: number[] = [];
  const withSubscribers: number[] = [];
  let streamed = 0;
  // A warm-up fills the journal to its limit, as a long session would.
  await run(server.url);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ["without", "with"] : ["with", "without"];
    for (const kind of order) {
      if (kind === "without") {
        without.push((await run(server.url)).rate);
        continue;
      }
      const streams = subscribe(server.url, subscribers, Number(values.seconds) + 2);
      await new Promise((resolve) => setTimeout(resolve, 500)); // connected
      const { rate, errors } = await run(server.url);
      if (errors > 0) throw new Error(`${errors} answers were not 2xx`);
      streamed += (await streams).reduce((sum, bytes) => sum + bytes, 0);
      withSubscribers.push(rate);
    }
    console.log(`round ${round + 1}: ${without.at(-1)!.toFixed(0)} req/s without, ${withSubscribers.at(-1)!.toFixed(0)} req/s with ${subscribers} subscribers`);
  }
  const ratio = median(withSubscribers) / median(without);
  console.log(
    `\n${values.runtime}: median ${median(without).toFixed(0)} req/s without subscribers, ${median(withSubscribers).toFixed(0)} req/s with ${subscribers} (${
      (ratio * 100).toFixed(1)
    } %); ${(streamed / 1e6).toFixed(0)} MB of events streamed to the subscribers`,
  );
} finally {
  server.stop();
}
