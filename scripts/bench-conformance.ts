/**
 * How long the whole conformance battery takes (issue 19's budgets: against
 * boto3 ≤ 60 s on 2 cores, against rekognition-edge in-process ≤ 5 s), and
 * where the time goes: the clients' own time per case (process start, their
 * backoff, the 6-s limit of wait.already-trained) against the kit's (reset,
 * setup, journal, grading). Each battery runs `--runs` times (default 3); the
 * table gives the median and the slowest.
 *
 * Usage: bun scripts/bench-conformance.ts [--runs N] [--write]   (--write: into BENCHMARKS.md, between its conformance markers)
 *
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { ConformanceClient, ConformanceReport } from "../harness/conformance/types.ts";
import { commandClient, runConformance } from "../harness/node/conformance.ts";
import { rekognitionEdge } from "../examples/conformance/in-process.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const MARKERS = ["<!-- conformance:start -->", "<!-- conformance:end -->"] as const;

const BATTERIES: { name: string; budget?: number; client: () => ConformanceClient }[] = [
  {
    name: "boto3, legacy mode (botocore's default)",
    budget: 60,
    client: () => commandClient(["python3", "examples/conformance/boto3_driver.py", "legacy"], { cwd: ROOT }),
  },
  { name: "boto3, standard mode", budget: 60, client: () => commandClient(["python3", "examples/conformance/boto3_driver.py", "standard"], { cwd: ROOT }) },
  {
    name: "AWS SDK for JavaScript v3 (a Node process per case)",
    client: () => commandClient(["node", "examples/conformance/aws-sdk-js-v3.mjs"], { cwd: ROOT }),
  },
  { name: "rekognition-edge in-process", budget: 5, client: () => rekognitionEdge },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { runs: { type: "string", default: "3" }, write: { type: "boolean", default: false } },
  });
  const runs = Number(values.runs);
  const load = loadavg()[0]!.toFixed(2);
  const rows: string[][] = [];
  for (const battery of BATTERIES) {
    const walls: number[] = [];
    const clients: number[] = [];
    let last: ConformanceReport | undefined;
    for (let run = 0; run < runs; run++) {
      const startedAt = performance.now();
      last = await runConformance({ client: battery.client(), clientName: battery.name });
      walls.push(performance.now() - startedAt);
      clients.push(last.cases.reduce((sum, { evidence }) => sum + (evidence.elapsedMs as number), 0));
      console.log(`${battery.name}: run ${run + 1}: ${seconds(walls.at(-1)!)} (clients ${seconds(clients.at(-1)!)})`);
    }
    const slowest = Math.max(...walls);
    const budget = battery.budget === undefined ? "–" : `≤ ${battery.budget} s: ${slowest <= battery.budget * 1000 ? "met" : "**not met**"}`;
    const { PASS, FAIL, NOT_APPLICABLE } = last!.totals;
    rows.push([
      battery.name,
      seconds(median(walls)),
      seconds(slowest),
      seconds(median(clients)),
      seconds(median(walls.map((wall, index) => wall - clients[index]!))),
      `${PASS}/${FAIL}/${NOT_APPLICABLE}`,
      budget,
    ]);
  }
  const header = ["battery (19 cases)", "median", "slowest", "clients' own time", "the kit's time", "PASS/FAIL/N/A", "budget (issue 19)"];
  const table = [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
  const context = `${runs} runs each, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), ` +
    `load average ${load} at the start (other work shares the machine).`;
  const section = `${table}\n\n${context}`;
  console.log(`\n${section}`);
  if (values.write) {
    const file = join(ROOT, "BENCHMARKS.md");
    const text = readFileSync(file, "utf8");
    const [start, end] = [text.indexOf(MARKERS[0]), text.indexOf(MARKERS[1])];
    if (start === -1 || end === -1) throw new Error(`BENCHMARKS.md has no ${MARKERS.join(" … ")} markers`);
    writeFileSync(file, `${text.slice(0, start + MARKERS[0].length)}\n${section}\n${text.slice(end)}`);
    console.log("\nwrote BENCHMARKS.md");
  }
}

await main();
