/**
 * The conformance battery against every example client of examples/conformance/
 * (boto3 in both retry modes, the AWS CLI, the AWS SDK for JavaScript v3,
 * rekognition-edge, a raw aws4fetch call), each as a process per case, as a user
 * runs `rekognition-edge conformance`.
 *
 *   bun scripts/conformance-clients.ts            CI: compares each client's verdicts with
 *                                                 examples/conformance/expected/<client>.json and
 *                                                 ends with "N passed, M failed" (one per client × case)
 *   bun scripts/conformance-clients.ts --write    writes those files and the compatibility table of
 *                                                 docs/conformance.md from the runs
 *   bun scripts/conformance-clients.ts --docs     no runs: rewrites docs/conformance.md's case table and
 *                                                 compatibility table from the cases and the committed files
 *   --only <client>    one client (repeatable)    --reports <dir>   keep each run's JSON report there
 *
 * A client whose runtime is missing (python3 with boto3, aws) counts as failed: CI has them all.
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CASES } from "../harness/conformance/cases.ts";
import { parseExpected } from "../harness/conformance/report.ts";
import type { ConformanceReport, Verdict } from "../harness/conformance/types.ts";
import { commandClient, runConformance } from "../harness/node/conformance.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const EXPECTED_DIR = join(ROOT, "examples/conformance/expected");
const DOCS = join(ROOT, "docs/conformance.md");
const COMPATIBILITY = ["<!-- compatibility:start -->", "<!-- compatibility:end -->"] as const;
const CASE_TABLE = ["<!-- cases:start -->", "<!-- cases:end -->"] as const;

/** An example client: its key (the expected file's name), its column title, its command, and how to tell its runtime is there. */
export interface ExampleClient {
  key: string;
  title: string;
  command: string[];
  version: () => string;
}

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], cwd: ROOT }).trim();
const nodeVersion = () => `Node ${run("node", ["--version"]).replace(/^v/, "")}`;
const packageVersion = (name: string) => JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")).version as string;
const boto3Version = () => run("python3", ["-c", "import boto3, botocore; print(f'boto3 {boto3.__version__}, botocore {botocore.__version__}')"]);

/** The clients, in the table's column order. */
export const EXAMPLE_CLIENTS: readonly ExampleClient[] = [
  { key: "boto3-legacy", title: "boto3 (legacy)", command: ["python3", "examples/conformance/boto3_driver.py", "legacy"], version: boto3Version },
  { key: "boto3-standard", title: "boto3 (standard)", command: ["python3", "examples/conformance/boto3_driver.py", "standard"], version: boto3Version },
  { key: "aws-cli", title: "AWS CLI", command: ["sh", "examples/conformance/aws-cli.sh"], version: () => run("aws", ["--version"]).split(" ")[0]! },
  {
    key: "aws-sdk-js-v3",
    title: "AWS SDK for JavaScript v3",
    command: ["node", "examples/conformance/aws-sdk-js-v3.mjs"],
    version: () => `@aws-sdk/client-rekognition ${packageVersion("@aws-sdk/client-rekognition")}, ${nodeVersion()}`,
  },
  {
    key: "rekognition-edge",
    title: "rekognition-edge",
    command: ["node", "examples/conformance/rekognition-edge.mjs"],
    version: () => `rekognition-edge ${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}, ${nodeVersion()}`,
  },
  {
    key: "aws4fetch",
    title: "aws4fetch (raw)",
    command: ["node", "examples/conformance/aws4fetch.mjs"],
    version: () => `aws4fetch ${packageVersion("aws4fetch")}, ${nodeVersion()}`,
  },
];

/** The expected verdicts of a client, as committed. */
export function readExpected(key: string): Map<string, Verdict> {
  return parseExpected(readFileSync(join(EXPECTED_DIR, `${key}.json`), "utf8"));
}

/** The compatibility table (case × client) of the clients' verdicts. */
export function compatibilityTable(clients: readonly ExampleClient[], verdicts: (key: string) => ReadonlyMap<string, Verdict>): string {
  const cell = (verdict: Verdict | undefined) => (verdict === "NOT_APPLICABLE" ? "N/A" : verdict ?? "–");
  return markdownTable(
    ["case", "level", ...clients.map(({ title }) => title)],
    CASES.map(({ id, level }) => [`\`${id}\``, level, ...clients.map(({ key }) => cell(verdicts(key).get(id)))]),
  );
}

/** The cases as documented: id, level, the behaviour graded, and why (with sources). */
export function caseTable(): string {
  const text = (value: string) => value.replace(/\|/g, "\\|");
  return markdownTable(
    ["id", "level", "behaviour graded", "why (sources)"],
    CASES.map(({ id, level, behaviour, why }) => [`\`${id}\``, level, text(behaviour), text(why)]),
  );
}

function markdownTable(header: string[], rows: string[][]): string {
  return [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** The lines between a pair of markers of `docs`. */
export function between(docs: string, [start, end]: readonly [string, string]): string {
  const [from, to] = [docs.indexOf(start), docs.indexOf(end)];
  if (from === -1 || to === -1) throw new Error(`docs/conformance.md has no ${start} … ${end} markers`);
  return docs.slice(from + start.length, to).trim();
}

function replaceBetween(docs: string, [start, end]: readonly [string, string], content: string): string {
  between(docs, [start, end]);
  return `${docs.slice(0, docs.indexOf(start) + start.length)}\n${content}\n${docs.slice(docs.indexOf(end))}`;
}

/** docs/conformance.md with both tables regenerated (and, after runs, the line saying what was measured). */
function writeDocs(measured?: string): void {
  const docs = readFileSync(DOCS, "utf8");
  const kept = measured ?? between(docs, COMPATIBILITY).split("\n").filter((line) => line.startsWith("Measured ")).join("\n");
  const compatibility = `${compatibilityTable(EXAMPLE_CLIENTS, readExpected)}${kept ? `\n\n${kept}` : ""}`;
  writeFileSync(DOCS, replaceBetween(replaceBetween(docs, CASE_TABLE, caseTable()), COMPATIBILITY, compatibility));
}

/** The markers, for tests. */
export const DOCS_MARKERS = { COMPATIBILITY, CASE_TABLE, DOCS };

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      write: { type: "boolean", default: false },
      docs: { type: "boolean", default: false },
      only: { type: "string", multiple: true },
      reports: { type: "string" },
    },
  });
  if (values.docs) {
    writeDocs();
    console.log("rewrote the tables of docs/conformance.md");
    return 0;
  }
  const clients = EXAMPLE_CLIENTS.filter(({ key }) => !values.only || values.only.includes(key));
  if (clients.length === 0) throw new Error(`--only names no client; the clients are ${EXAMPLE_CLIENTS.map(({ key }) => key).join(", ")}`);
  if (values.reports) mkdirSync(values.reports, { recursive: true });
  let passed = 0;
  let failed = 0;
  const versions: string[] = [];
  for (const client of clients) {
    let version: string;
    try {
      version = client.version();
    } catch (error) {
      console.log(`\n--- ${client.title}: its runtime is missing (${(error as Error).message.split("\n")[0]}): counted as failed`);
      failed++;
      continue;
    }
    versions.push(`${client.title}: ${version}`);
    console.log(`\n--- ${client.title} (${version}): ${client.command.join(" ")}`);
    const startedAt = performance.now();
    const report: ConformanceReport = await runConformance({
      client: commandClient(client.command, { cwd: ROOT }),
      clientName: client.command.join(" "),
      onResult: ({ id, verdict, summary }) => console.log(`${verdict.padEnd(15)}${id.padEnd(28)}${summary}`),
    });
    console.log(`${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
    if (values.reports) writeFileSync(join(values.reports, `${client.key}.json`), `${JSON.stringify(report, null, 2)}\n`);
    if (values.write) {
      const verdicts = Object.fromEntries(report.cases.map(({ id, verdict }) => [id, verdict]));
      writeFileSync(join(EXPECTED_DIR, `${client.key}.json`), `${JSON.stringify(verdicts, null, 2)}\n`);
      continue;
    }
    const expected = readExpected(client.key);
    for (const { id, verdict, summary } of report.cases) {
      if (expected.get(id) === verdict) passed++;
      else {
        failed++;
        console.log(`differs: ${client.key} ${id}: expected ${expected.get(id) ?? "(not listed)"}, got ${verdict}: ${summary}`);
      }
    }
  }
  if (values.write) {
    writeDocs(`Measured ${new Date().toISOString().slice(0, 10)} with ${versions.join("; ")}.`);
    console.log(`\nwrote ${clients.length} expected-verdict files and the tables of docs/conformance.md`);
    return failed === 0 ? 0 : 1;
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) process.exitCode = await main();
