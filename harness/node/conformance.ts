/**
 * The conformance kit's Node-API parts: {@link runConformance} (starts its own
 * simulator on a free loopback port unless given a running one), the client
 * as a child process ({@link commandClient}: the driver contract's environment,
 * a time limit that kills the process group, an output cap), and the report
 * files. The cases, the grading and the renderings are web-standard
 * (`harness/conformance/`).
 *
 * @module
 */
import { spawn } from "node:child_process";
import { accessSync, constants, readFileSync, statSync, writeFileSync } from "node:fs";
import { devNull } from "node:os";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import process from "node:process";
import type { Credentials } from "../../src/signer.ts";
import { selectCases } from "../conformance/cases.ts";
import { parseExpected, renderHtml, renderJUnit } from "../conformance/report.ts";
import { DEFAULT_TIMEOUT_PER_CASE_SECONDS, runCases } from "../conformance/run.ts";
import type { CaseResult, ClientOutcome, ConformanceClient, ConformanceReport, Verdict } from "../conformance/types.ts";
import { RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../simulator.ts";
import { startNodeServer } from "./server.ts";

/** The kit's version: the package's (a test keeps them equal). */
export const CONFORMANCE_KIT_VERSION = "0.1.0";

/** The temporary credentials the kit's own simulator accepts, for `create.session-token` (AWS's documentation examples). */
export const CONFORMANCE_SESSION_CREDENTIALS = {
  accessKeyId: "ASIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
  sessionToken: "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI",
} as const;

/** How much of each output stream the kit keeps from a client process: its last 64 KiB. */
export const OUTPUT_CAP_BYTES = 64 * 1024;

/** A running simulator to grade against instead of the kit's own (`--server`). */
export interface ConformanceServer {
  /** Its URL, e.g. `http://127.0.0.1:4599`. The kit resets it before each case: use one no one else is using. */
  url: string;
  /** Its control plane's admin token, when it has one. */
  adminToken?: string;
  /** Temporary credentials it accepts (`serve --credentials id:secret:token`); without them `create.session-token` is NOT_APPLICABLE. */
  sessionCredentials?: Credentials & { sessionToken: string };
}

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** The client under test: an in-process function, or {@link commandClient} for a command. */
  client: ConformanceClient;
  /** Its name in the report. Default `in-process client`. */
  clientName?: string;
  /** Only the cases whose id matches one of these globs (`*`, `?`; comma-separated allowed). Default: every case. */
  cases?: readonly string[];
  /** Each case's time limit, in seconds. Default 30 (a case may have a shorter one). */
  timeoutPerCaseSeconds?: number;
  /** A running simulator; default: the kit starts its own on a free loopback port and closes it after. */
  server?: ConformanceServer;
  /** Called after each case, e.g. to print its line. */
  onResult?: (result: CaseResult) => void;
}

/**
 * Grades a client with the whole battery (or the chosen cases) and returns
 * the report. The verdicts come from the server's journal, the client's exit
 * code and the time taken, never from what the client says.
 *
 * @example
 * ```ts
 * const report = await runConformance({
 *   clientName: "my client",
 *   client: async (env) => {
 *     const client = new RekognitionClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: {
 *       accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN } });
 *     await client.createProjectVersion({ ProjectArn: env.REKOGNITION_EDGE_PROJECT_ARN, VersionName: env.REKOGNITION_EDGE_VERSION_NAME,
 *       OutputConfig: { S3Bucket: env.REKOGNITION_EDGE_OUTPUT_BUCKET } });
 *   },
 *   cases: ["create.*", "retry.*"],
 * });
 * console.log(report.totals);
 * ```
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const timeoutPerCaseSeconds = options.timeoutPerCaseSeconds ?? DEFAULT_TIMEOUT_PER_CASE_SECONDS;
  if (!(Number.isFinite(timeoutPerCaseSeconds) && timeoutPerCaseSeconds > 0)) {
    throw new RangeError(`timeoutPerCaseSeconds must be a number of seconds > 0, got ${timeoutPerCaseSeconds}`);
  }
  const cases = selectCases(options.cases ?? []);
  const own = options.server
    ? undefined
    : await startNodeServer({ simulator: new RekognitionSimulator({ credentials: [SIMULATOR_CREDENTIALS, CONFORMANCE_SESSION_CREDENTIALS] }) });
  const server: ConformanceServer = options.server ?? { url: own!.url, sessionCredentials: CONFORMANCE_SESSION_CREDENTIALS };
  try {
    return await runCases({
      url: server.url,
      ...(server.adminToken === undefined ? {} : { adminToken: server.adminToken }),
      credentials: SIMULATOR_CREDENTIALS,
      ...(server.sessionCredentials === undefined ? {} : { sessionCredentials: server.sessionCredentials }),
      client: options.client,
      clientName: options.clientName ?? "in-process client",
      cases,
      timeoutPerCaseSeconds,
      version: CONFORMANCE_KIT_VERSION,
      ...(options.onResult ? { onResult: options.onResult } : {}),
    });
  } finally {
    await own?.close();
  }
}

/** The command's executable: a path (checked) or a name found on `PATH`; undefined when there is none it can run. */
export function findExecutable(command: string, path: string = process.env.PATH ?? "", cwd: string = process.cwd()): string | undefined {
  const runnable = (file: string) => {
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (command.includes("/") || isAbsolute(command)) return runnable(resolve(cwd, command)) ? resolve(cwd, command) : undefined;
  return path.split(delimiter).filter(Boolean).map((dir) => join(dir, command)).find(runnable);
}

/** Options of {@link commandClient}. */
export interface CommandClientOptions {
  /** Where the command runs. Default: the current directory. */
  cwd?: string;
  /** How much of each output stream to keep (its end). Default {@link OUTPUT_CAP_BYTES}. */
  outputCapBytes?: number;
}

/**
 * A client that runs `argv` once per case as a child process, with the driver
 * contract's environment on top of this process's environment without its
 * `AWS_*` and `REKOGNITION_EDGE_*` variables (and with `AWS_CONFIG_FILE`,
 * `AWS_SHARED_CREDENTIALS_FILE` the null device), so a developer's profile
 * or admin token never reaches it. At the time limit its process group is
 * killed. Throws at once when the command cannot be found.
 */
export function commandClient(argv: readonly string[], options: CommandClientOptions = {}): ConformanceClient {
  const [command, ...args] = argv;
  if (command === undefined || command === "") throw new Error("no client command: give it after --, e.g. -- python3 driver.py");
  const cwd = options.cwd ?? process.cwd();
  const executable = findExecutable(command, process.env.PATH, cwd);
  if (executable === undefined) {
    throw new Error(`client command not found: ${command}${command.includes("/") ? " (no such executable file)" : " (not on PATH)"}`);
  }
  const cap = options.outputCapBytes ?? OUTPUT_CAP_BYTES;
  return (env, { signal }) =>
    new Promise<ClientOutcome>((done) => {
      const inherited = Object.entries(process.env).filter(([name, value]) => value !== undefined && !/^(AWS_|REKOGNITION_EDGE_)/i.test(name));
      const startedAt = performance.now();
      const group = process.platform !== "win32";
      const child = spawn(executable, args, {
        cwd,
        env: { ...Object.fromEntries(inherited), AWS_CONFIG_FILE: devNull, AWS_SHARED_CREDENTIALS_FILE: devNull, AWS_EC2_METADATA_DISABLED: "true", ...env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: group,
      });
      const stdout = new OutputTail(cap);
      const stderr = new OutputTail(cap);
      child.stdout!.on("data", (chunk: Uint8Array) => stdout.add(chunk));
      child.stderr!.on("data", (chunk: Uint8Array) => stderr.add(chunk));
      let exit: { code: number | null; signal: string | null; elapsedMs: number } | undefined;
      let spawnError: string | undefined;
      const killGroup = () => {
        try {
          if (group && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
          else child.kill("SIGKILL");
        } catch { /* already gone */ }
      };
      const onAbort = () => killGroup();
      signal.addEventListener("abort", onAbort, { once: true });
      child.on("error", (error) => (spawnError = error.message));
      child.on("exit", (code, exitSignal) => {
        exit = { code, signal: exitSignal, elapsedMs: performance.now() - startedAt };
        // Whatever it left running (holding the pipes open) ends with the case.
        setTimeout(killGroup, 100).unref?.();
      });
      child.on("close", (code, exitSignal) => {
        signal.removeEventListener("abort", onAbort);
        const ended = exit ?? { code, signal: exitSignal, elapsedMs: performance.now() - startedAt };
        done({
          exitCode: ended.code,
          signal: ended.signal,
          timedOut: signal.aborted,
          elapsedMs: ended.elapsedMs,
          stdout: stdout.text(),
          stderr: spawnError === undefined ? stderr.text() : `${stderr.text()}could not start ${command}: ${spawnError}\n`,
          outputCut: stdout.cut || stderr.cut,
        });
      });
    });
}

/** The last `cap` bytes of a stream, and whether more came. */
class OutputTail {
  #chunks: Uint8Array[] = [];
  #kept = 0;
  /** Whether bytes were dropped. */
  cut = false;

  constructor(readonly cap: number) {}

  add(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#kept += chunk.byteLength;
    // Whole chunks leave from the front while the rest still holds `cap` bytes, then the first is trimmed to fit.
    while (this.#chunks.length > 1 && this.#kept - this.#chunks[0]!.byteLength >= this.cap) {
      this.#kept -= this.#chunks.shift()!.byteLength;
      this.cut = true;
    }
    if (this.#kept > this.cap) {
      this.#chunks[0] = this.#chunks[0]!.subarray(this.#kept - this.cap);
      this.#kept = this.cap;
      this.cut = true;
    }
  }

  text(): string {
    const bytes = new Uint8Array(this.#kept);
    let at = 0;
    for (const chunk of this.#chunks) bytes.set(chunk, (at += chunk.byteLength) - chunk.byteLength);
    return new TextDecoder().decode(bytes);
  }
}

/** Writes the report files asked for. */
export function writeReportFiles(report: ConformanceReport, files: { json?: string; junit?: string; html?: string }): void {
  if (files.json) writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  if (files.junit) writeFileSync(files.junit, renderJUnit(report));
  if (files.html) writeFileSync(files.html, renderHtml(report));
}

/** Expected verdicts from a file (`--expect`): a JSON object of case id to verdict, or a report. */
export function readExpectedVerdicts(file: string): Map<string, Verdict> {
  return parseExpected(readFileSync(file, "utf8"));
}
