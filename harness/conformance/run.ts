/**
 * Running the battery against one server and one client, web-standard: for
 * each case, reset the server through its control plane, set the case up, run
 * the client once with the driver contract's environment and a time limit,
 * then grade from the journal, the exit code and the elapsed time. Starting a
 * server and spawning processes live in `harness/node/conformance.ts`.
 *
 * @module
 */
import { RekognitionClient } from "../../src/client.ts";
import type { Credentials } from "../../src/signer.ts";
import { SIMULATOR_SERVICE } from "../simulator-controls.ts";
import { ControlPlaneClient } from "./control.ts";
import { CASES } from "./cases.ts";
import { CREATE, endingOf, journalLines, lastLine } from "./observe.ts";
import { buildReport } from "./report.ts";
import type {
  CaseResult,
  CaseRun,
  CaseSetup,
  ClientOutcome,
  ConformanceCase,
  ConformanceClient,
  ConformanceReport,
  DriverEnvironment,
  Grade,
} from "./types.ts";

/** The default time limit of a case, in seconds: room for legacy-mode backoff (up to 15 s over 5 attempts) and a slow process start. */
export const DEFAULT_TIMEOUT_PER_CASE_SECONDS = 30;

/** How long the create's answer is held in the waiter cases, so the kit can act first (ms of real time). */
export const WATCH_WINDOW_MS = 400;

/** How often the kit looks for the version while it holds the create's answer (ms). */
const WATCH_INTERVAL_MS = 10;

/** How long the kit waits for a client to stop after its time limit before it gives up on it (ms). */
const STOP_GRACE_MS = 1_000;

/** The project every case creates its version in. */
const PROJECT_NAME = "conformance";

/** The `OutputConfig.S3Bucket` the drivers ask for. */
export const OUTPUT_BUCKET = "conformance-output";

/** What {@link runCases} needs. */
export interface RunCasesOptions {
  /** The server's URL: its API for the client, its control plane for the kit. */
  url: string;
  /** The server's admin token, when it has one. */
  adminToken?: string;
  /** Credentials the server accepts. */
  credentials: Credentials;
  /** Credentials with a session token the server accepts; without them `create.session-token` is NOT_APPLICABLE. */
  sessionCredentials?: Credentials & { sessionToken: string };
  /** The client under test. */
  client: ConformanceClient;
  /** The client's name in the report (its command line). */
  clientName: string;
  /** The cases to run, in order. Default: all. */
  cases?: readonly ConformanceCase[];
  /** The time limit of each case, in seconds (a case may have a shorter one). Default 30. */
  timeoutPerCaseSeconds?: number;
  /** The kit's version, for the report. */
  version: string;
  /** The transport of the kit's own calls (control plane, setup). Default `globalThis.fetch`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Called after each case, e.g. to print its line. */
  onResult?: (result: CaseResult) => void;
}

/** Runs the cases one after the other and returns the report. Throws when the control plane refuses (not a simulator, a wrong token). */
export async function runCases(options: RunCasesOptions): Promise<ConformanceReport> {
  const control = new ControlPlaneClient({
    url: options.url,
    ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
    ...fetchOf(options),
  });
  const health = await control.health();
  if (health.service !== SIMULATOR_SERVICE) {
    throw new Error(
      `${options.url} is not a rekognition-edge simulator (its health says ${
        JSON.stringify(health.service)
      }): a recording or replaying server cannot run the cases`,
    );
  }
  const results: CaseResult[] = [];
  for (const conformanceCase of options.cases ?? CASES) {
    const result = await runCase(conformanceCase, control, health.region, health.trainingSeconds, options);
    results.push(result);
    options.onResult?.(result);
  }
  return buildReport(options.version, options.clientName, results);
}

function fetchOf(options: RunCasesOptions): { fetch?: (input: string, init: RequestInit) => Promise<Response> } {
  return options.fetch === undefined ? {} : { fetch: options.fetch };
}

async function runCase(conformanceCase: ConformanceCase, control: ControlPlaneClient, region: string, trainingSeconds: number, options: RunCasesOptions) {
  const { id, level } = conformanceCase;
  const timeLimitSeconds = timeLimitOf(conformanceCase, options.timeoutPerCaseSeconds);
  const credentials = conformanceCase.sessionToken ? options.sessionCredentials : options.credentials;
  if (credentials === undefined) {
    const summary = "the server's session credentials are unknown (--session-credentials): nothing to sign with";
    return { id, level, verdict: "NOT_APPLICABLE" as const, summary, evidence: {} };
  }
  await control.reset();
  const projectArn = await control.addProject(PROJECT_NAME);
  const versionName = `kit-${id}`;
  const setup: CaseSetup = {
    control,
    projectArn,
    versionName,
    bucket: OUTPUT_BUCKET,
    trainingSeconds,
    createVersion: () => createVersion(options, region, projectArn, versionName),
  };
  await conformanceCase.setup?.(setup);
  if (conformanceCase.onVersionCreated) {
    await control.queue({ operation: CREATE, match: { VersionName: versionName }, respond: { delayMs: WATCH_WINDOW_MS } });
  }
  await control.clearRequests();
  const env = driverEnvironment(conformanceCase, options.url, region, credentials, projectArn, versionName, timeLimitSeconds);
  const watcher = conformanceCase.onVersionCreated ? watchForVersion(setup, conformanceCase.onVersionCreated) : undefined;
  const outcome = await runClient(options.client, env, timeLimitSeconds * 1000);
  const acted = await watcher?.stop();
  const journal = await control.requests();
  const state = await control.state();
  const versions = (state.projects.find((project) => project.ProjectArn === projectArn)?.Versions ?? []).map((version) => ({
    name: String(version.ProjectVersionArn).split("/version/")[1]?.split("/")[0] ?? "",
    status: String(version.Status),
  }));
  const run: CaseRun = {
    outcome,
    journal,
    versions,
    asked: { ProjectArn: projectArn, VersionName: versionName, OutputConfig: { S3Bucket: OUTPUT_BUCKET } },
    region,
    ...(conformanceCase.sessionToken ? { sessionAccessKeyId: credentials.accessKeyId } : {}),
  };
  const grade = acted === "late"
    ? { verdict: "NOT_APPLICABLE" as const, summary: "the kit could not act before the create's answer went out (a busy machine): run the case again" }
    : outcome.timedOut
    ? { verdict: "FAIL" as const, summary: `timed out: stopped at the case's ${timeLimitSeconds} s limit` }
    : safeGrade(conformanceCase, run);
  return { id, level, verdict: grade.verdict, summary: grade.summary, evidence: evidenceOf(run, grade, timeLimitSeconds) };
}

/** A case's time limit in seconds: the run's (default 30), or the case's own when shorter. */
export function timeLimitOf(conformanceCase: Pick<ConformanceCase, "timeLimitSeconds">, timeoutPerCaseSeconds = DEFAULT_TIMEOUT_PER_CASE_SECONDS): number {
  return Math.min(timeoutPerCaseSeconds, conformanceCase.timeLimitSeconds ?? Infinity);
}

/** A grader's verdict; a grader that throws is the kit's bug, reported as a FAIL that says so rather than a lost run. */
function safeGrade(conformanceCase: ConformanceCase, run: CaseRun): Grade {
  try {
    return conformanceCase.grade(run);
  } catch (error) {
    return { verdict: "FAIL", summary: `the kit's grader failed (a bug in the kit): ${(error as Error)?.message ?? error}` };
  }
}

function evidenceOf(run: CaseRun, grade: Grade, timeLimitSeconds: number): Record<string, unknown> {
  const { outcome } = run;
  const stderrLine = lastLine(outcome.stderr);
  return {
    exit: endingOf(outcome),
    exitCode: outcome.exitCode,
    ...(outcome.signal ? { signal: outcome.signal } : {}),
    elapsedMs: Math.round(outcome.elapsedMs),
    timeLimitSeconds,
    journal: journalLines(run.journal),
    ...(stderrLine === undefined ? {} : { lastStderrLine: stderrLine.slice(0, 500) }),
    ...(outcome.outputCut ? { outputCut: true } : {}),
    ...grade.evidence,
  };
}

/** The driver contract's environment for one case. */
function driverEnvironment(
  conformanceCase: ConformanceCase,
  url: string,
  region: string,
  credentials: Credentials,
  projectArn: string,
  versionName: string,
  timeLimitSeconds: number,
): DriverEnvironment {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_ENDPOINT_URL_REKOGNITION: url,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    REKOGNITION_EDGE_CASE: conformanceCase.id,
    REKOGNITION_EDGE_ACTION: conformanceCase.action,
    REKOGNITION_EDGE_PROJECT_ARN: projectArn,
    REKOGNITION_EDGE_VERSION_NAME: versionName,
    REKOGNITION_EDGE_OUTPUT_BUCKET: OUTPUT_BUCKET,
    REKOGNITION_EDGE_TIME_LIMIT_SECONDS: String(timeLimitSeconds),
  };
}

/** Creates the case's version through the API, as any client would (signed with the server's credentials). */
async function createVersion(options: RunCasesOptions, region: string, ProjectArn: string, VersionName: string): Promise<string> {
  const client = new RekognitionClient({ region, endpoint: options.url, credentials: options.credentials, maxAttempts: 1, ...fetchOf(options) });
  const { ProjectVersionArn } = await client.createProjectVersion({ ProjectArn, VersionName, OutputConfig: { S3Bucket: OUTPUT_BUCKET } }, { reconcile: false });
  return ProjectVersionArn!;
}

/**
 * Watches the server's state while the client runs; the moment the case's
 * version exists, runs `act` once and tells whether it was in time: the
 * create's answer (held {@link WATCH_WINDOW_MS}) not yet sent.
 */
function watchForVersion(setup: CaseSetup, act: (setup: CaseSetup) => Promise<void>): { stop(): Promise<"in time" | "late" | "no version"> } {
  let stopped = false;
  const watching = (async (): Promise<"in time" | "late" | "no version"> => {
    while (!stopped) {
      const state = await setup.control.state();
      const project = state.projects.find((candidate) => candidate.ProjectArn === setup.projectArn);
      if (project?.Versions.some((version) => String(version.ProjectVersionArn).includes(`/version/${setup.versionName}/`))) {
        await act(setup);
        const creates = await setup.control.requests({ operation: CREATE, VersionName: setup.versionName });
        // Late when a create of the version was already answered (an entry still being answered has no response yet).
        return creates.some((entry) => entry.response !== undefined) ? "late" : "in time";
      }
      await new Promise((resolve) => setTimeout(resolve, WATCH_INTERVAL_MS));
    }
    return "no version";
  })();
  // Handled when stop() is awaited; marked here so a failure before then is not reported as unhandled.
  watching.catch(() => {});
  return {
    stop: () => {
      stopped = true;
      return watching;
    },
  };
}

/** Runs the client once with a time limit; an in-process client's return or throw becomes an exit code. */
async function runClient(client: ConformanceClient, env: DriverEnvironment, timeLimitMs: number): Promise<ClientOutcome> {
  const limit = new AbortController();
  const startedAt = performance.now();
  const inProcess = (exitCode: number | null, stderr = "", timedOut = false): ClientOutcome => ({
    exitCode,
    signal: null,
    timedOut,
    elapsedMs: performance.now() - startedAt,
    stdout: "",
    stderr,
    outputCut: false,
  });
  const running = client(env, { signal: limit.signal, timeLimitMs }).then(
    (result) => (typeof result === "object" && result !== null ? result : inProcess(result ?? 0)),
    (error) => inProcess(1, `${(error as Error)?.name ?? "Error"}: ${(error as Error)?.message ?? error}`),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeUp = new Promise<"time up">((resolve) => (timer = setTimeout(() => resolve("time up"), timeLimitMs)));
  const first = await Promise.race([running, timeUp]);
  clearTimeout(timer);
  if (first !== "time up") return first;
  limit.abort(new DOMException(`the case's time limit (${timeLimitMs / 1000} s)`, "TimeoutError"));
  // A process adapter kills its process on abort and resolves with the outcome; an in-process client that ignores the signal is left behind.
  const stopped = await Promise.race([running, new Promise<undefined>((resolve) => setTimeout(resolve, STOP_GRACE_MS))]);
  return stopped === undefined ? inProcess(null, "", true) : { ...stopped, timedOut: true };
}
