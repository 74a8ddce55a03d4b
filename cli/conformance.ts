/**
 * `rekognition-edge conformance [options] -- <client command…>`: grades any
 * Rekognition client with the conformance battery (docs/conformance.md). It
 * starts its own simulator (or drives `--server URL`), runs the command once
 * per case with the driver contract's environment, and prints a verdict per
 * case; `--json`, `--junit`, `--html` write reports, `--expect` compares with
 * known verdicts. Exit 0 when no REQUIRED case fails (with `--expect`: when
 * every verdict is the expected one), 1 otherwise, 2 for bad usage.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { CASES } from "../harness/conformance/cases.ts";
import { differences, exitCodeOf, resultLine, totalsLine } from "../harness/conformance/report.ts";
import { DEFAULT_TIMEOUT_PER_CASE_SECONDS } from "../harness/conformance/run.ts";
import type { Verdict } from "../harness/conformance/types.ts";
import {
  commandClient,
  CONFORMANCE_KIT_VERSION,
  type ConformanceServer,
  readExpectedVerdicts,
  runConformance,
  writeReportFiles,
} from "../harness/node/conformance.ts";
import { type CliIO, processIO } from "./io.ts";
import { parseSeconds } from "./args.ts";

/** Where `--admin-token` is read from when not given (command lines show in `ps`); the same variable as `serve`'s. */
const ADMIN_TOKEN_VARIABLE = "REKOGNITION_EDGE_ADMIN_TOKEN";

const HELP = `Usage: rekognition-edge conformance [options] -- <client command…>

Grades a Rekognition client (any language) with the conformance battery: for each
case it resets a simulator, sets the case up (queued answers, faults, clock skew,
statuses), runs the command once with the driver contract's environment
(AWS_ENDPOINT_URL, credentials, REKOGNITION_EDGE_ACTION, …; docs/conformance.md)
and grades it from the server's journal, the exit code and the time taken.

Options:
  --cases <glob>                  Only the cases whose id matches (* and ?; comma-separated
                                  or repeated), e.g. 'retry.*'
  --json <file>                   Write the report as JSON
  --junit <file>                  Write JUnit XML (FAIL: failure, NOT_APPLICABLE: skipped)
  --html <file>                   Write one self-contained HTML page
  --timeout-per-case <seconds>    Each case's time limit. Default ${DEFAULT_TIMEOUT_PER_CASE_SECONDS}
  --expect <file>                 Expected verdicts ({"<case id>": "PASS"|"FAIL"|"NOT_APPLICABLE"} or
                                  a --json report): exit 1 only where a verdict differs
  --server <url>                  Grade against this running simulator (reset before each case)
  --admin-token <token>           Its control plane's token (else ${ADMIN_TOKEN_VARIABLE})
  --session-credentials <id:secret:token>
                                  Session credentials that server accepts (serve --credentials),
                                  for create.session-token
  --list                          List the cases and exit
  -h, --help                      Show this help

Exit: 0 when no REQUIRED case fails (with --expect: every verdict as expected), 1 otherwise,
2 for bad usage (a missing command is reported before any case runs).

Example:
  rekognition-edge conformance --json report.json -- python3 examples/conformance/boto3_driver.py standard`;

/** `a b 'c d'`: a command line as a shell would read it back. */
function commandLine(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(" ");
}

function parseSessionCredentials(text: string): NonNullable<ConformanceServer["sessionCredentials"]> {
  const [accessKeyId, secretAccessKey, ...token] = text.split(":");
  if (!accessKeyId || !secretAccessKey || token.length === 0) {
    throw new Error("--session-credentials must be <access key id>:<secret access key>:<session token>");
  }
  return { accessKeyId, secretAccessKey, sessionToken: token.join(":") };
}

/** Runs `conformance` with `args`; returns the exit code. */
export default async function conformanceCommand(args: string[], io: CliIO = processIO()): Promise<number> {
  const separator = args.indexOf("--");
  const [optionArgs, command] = separator === -1 ? [args, []] : [args.slice(0, separator), args.slice(separator + 1)];
  let run: Parameters<typeof runConformance>[0];
  let files: { json?: string; junit?: string; html?: string };
  let expected: Map<string, Verdict> | undefined;
  try {
    const { values } = parseArgs({
      args: optionArgs,
      options: {
        cases: { type: "string", multiple: true },
        json: { type: "string" },
        junit: { type: "string" },
        html: { type: "string" },
        "timeout-per-case": { type: "string" },
        expect: { type: "string" },
        server: { type: "string" },
        "admin-token": { type: "string" },
        "session-credentials": { type: "string" },
        list: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) return (io.stdout.write(`${HELP}\n`), 0);
    if (values.list) {
      for (const { id, level, behaviour } of CASES) io.stdout.write(`${id.padEnd(28)}${level.padEnd(13)}${behaviour}\n`);
      return 0;
    }
    const adminToken = values["admin-token"] ?? (io.env[ADMIN_TOKEN_VARIABLE] || undefined);
    for (const flag of ["admin-token", "session-credentials"] as const) {
      if (values[flag] !== undefined && values.server === undefined) throw new Error(`--${flag} goes with --server`);
    }
    if (values.server !== undefined && !URL.canParse(values.server)) throw new Error(`--server must be a URL, got ${JSON.stringify(values.server)}`);
    // Checked before any case runs: the command, then the expected verdicts.
    const client = commandClient(command);
    expected = values.expect === undefined ? undefined : readExpectedVerdicts(values.expect);
    files = { ...(values.json ? { json: values.json } : {}), ...(values.junit ? { junit: values.junit } : {}), ...(values.html ? { html: values.html } : {}) };
    run = {
      client,
      clientName: commandLine(command),
      ...(values.cases ? { cases: values.cases } : {}),
      ...(values["timeout-per-case"] === undefined ? {} : { timeoutPerCaseSeconds: parseSeconds("--timeout-per-case", values["timeout-per-case"]) }),
      ...(values.server === undefined ? {} : {
        server: {
          url: values.server,
          ...(adminToken === undefined ? {} : { adminToken }),
          ...(values["session-credentials"] === undefined ? {} : { sessionCredentials: parseSessionCredentials(values["session-credentials"]) }),
        },
      }),
    };
  } catch (error) {
    io.stderr.write(`rekognition-edge conformance: ${(error as Error).message}\n\nRun 'rekognition-edge conformance --help' for the options.\n`);
    return 2;
  }
  io.stdout.write(`rekognition-edge conformance ${CONFORMANCE_KIT_VERSION}: ${run.clientName}\n`);
  let report;
  try {
    report = await runConformance({ ...run, onResult: (result) => io.stdout.write(`${resultLine(result)}\n`) });
  } catch (error) {
    io.stderr.write(`rekognition-edge conformance: ${(error as Error).message}\n`);
    return 2;
  }
  io.stdout.write(`${totalsLine(report)}\n`);
  writeReportFiles(report, files);
  if (expected) {
    const differing = differences(report, expected);
    for (const { id, expected: wanted, actual } of differing) io.stdout.write(`differs from the expected verdicts: ${id}: expected ${wanted}, got ${actual}\n`);
    if (differing.length === 0) io.stdout.write(`every verdict as expected (${comparedCases(run)})\n`);
  }
  return exitCodeOf(report, expected);
}

/** The cases compared, for the closing line. */
function comparedCases(run: Parameters<typeof runConformance>[0]): string {
  return run.cases ? `cases ${run.cases.join(",")}` : "all cases";
}
