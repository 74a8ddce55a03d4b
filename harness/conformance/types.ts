/**
 * The conformance kit's vocabulary: levels, verdicts, the driver contract's
 * environment, what a client run gives back, a case, and the report
 * (`--json`). Types only.
 *
 * @module
 */
import type { JournalEntry } from "../journal.ts";
import type { ControlPlaneClient } from "./control.ts";

/**
 * How much a case matters. REQUIRED: the service or its documentation demands
 * it (a failure makes the run exit non-zero); RECOMMENDED: what the official
 * AWS SDKs do; ADVISORY: beyond the SDKs.
 */
export type Level = "REQUIRED" | "RECOMMENDED" | "ADVISORY";

/** A case's grade. NOT_APPLICABLE: the case could not be judged (said why in its summary). */
export type Verdict = "PASS" | "FAIL" | "NOT_APPLICABLE";

/** What the driver does: create the version, or create it and wait for its training to end. */
export type DriverAction = "create" | "create-and-wait";

/**
 * The environment a driver runs with (the driver contract, docs/conformance.md).
 * Every value is a string, as environment variables are.
 */
export interface DriverEnvironment {
  /** The server's URL (the simulator's API and nothing else). */
  AWS_ENDPOINT_URL: string;
  /** The same URL, for clients that read the service-specific variable. */
  AWS_ENDPOINT_URL_REKOGNITION: string;
  /** The access key id to sign with. */
  AWS_ACCESS_KEY_ID: string;
  /** The secret key to sign with. */
  AWS_SECRET_ACCESS_KEY: string;
  /** The session token, in `create.session-token` only. */
  AWS_SESSION_TOKEN?: string;
  /** The region to sign for. */
  AWS_REGION: string;
  /** The same region, for clients that read this one. */
  AWS_DEFAULT_REGION: string;
  /** The case's id, e.g. `retry.throttling` (for logs; a driver must not behave differently per case). */
  REKOGNITION_EDGE_CASE: string;
  /** `create`, or `create-and-wait` for the waiter cases. */
  REKOGNITION_EDGE_ACTION: DriverAction;
  /** The project to create the version in. */
  REKOGNITION_EDGE_PROJECT_ARN: string;
  /** The version's name. */
  REKOGNITION_EDGE_VERSION_NAME: string;
  /** The `OutputConfig.S3Bucket` to ask for (OutputConfig is required by the API). */
  REKOGNITION_EDGE_OUTPUT_BUCKET: string;
  /** The case's time limit in seconds: the kit stops the driver then (a waiter's `maxWaitTime`). */
  REKOGNITION_EDGE_TIME_LIMIT_SECONDS: string;
}

/** How a client run ended, as the kit observed it (never as the client claims). */
export interface ClientOutcome {
  /** The exit code; null when the process was killed or never exited. */
  exitCode: number | null;
  /** The signal that ended it, if one did. */
  signal: string | null;
  /** Whether the kit stopped it at the case's time limit. */
  timedOut: boolean;
  /** Wall time from start to end, in milliseconds (the kit's clock). */
  elapsedMs: number;
  /** The end of its standard output (at most the output cap). */
  stdout: string;
  /** The end of its standard error (at most the output cap). */
  stderr: string;
  /** Whether output beyond the cap was dropped. */
  outputCut: boolean;
}

/** The time limit and stop signal of one client run. */
export interface ClientRunContext {
  /** Aborted at the time limit: an in-process client must stop then; a process is killed. */
  signal: AbortSignal;
  /** The time limit, in milliseconds. */
  timeLimitMs: number;
}

/**
 * A client under test: performs the environment's action once. An in-process
 * function resolves (exit 0), resolves with an exit code, or throws (exit 1;
 * its message is the last stderr line); a process adapter resolves with the
 * whole {@link ClientOutcome}.
 */
export type ConformanceClient = (env: DriverEnvironment, context: ClientRunContext) => Promise<ClientOutcome | number | void>;

/** What a case's grader sees: everything observed, nothing the client claimed. */
export interface CaseRun {
  /** How the client ended. */
  outcome: ClientOutcome;
  /** The client's API requests, in arrival order (the journal, emptied before the client started). */
  journal: JournalEntry[];
  /** The versions of the case's project after the run: names and statuses (the server's state). */
  versions: { name: string; status: string }[];
  /** The input the driver was asked to send. */
  asked: { ProjectArn: string; VersionName: string; OutputConfig: { S3Bucket: string } };
  /** The region requests must be signed for. */
  region: string;
  /** The access key id of the session credentials, in `create.session-token`. */
  sessionAccessKeyId?: string;
}

/** A grader's verdict. */
export interface Grade {
  /** PASS, FAIL or NOT_APPLICABLE. */
  verdict: Verdict;
  /** One sentence: what was observed. */
  summary: string;
  /** Case-specific evidence (counts, gaps, headers); the runner adds the journal, exit code and timing. */
  evidence?: Record<string, unknown>;
}

/** What a case's setup can use. */
export interface CaseSetup {
  /** The server's control plane. */
  control: ControlPlaneClient;
  /** The case's project. */
  projectArn: string;
  /** The case's version name. */
  versionName: string;
  /** The bucket the driver asks for. */
  bucket: string;
  /** How long a training takes on the server, in seconds (its health). */
  trainingSeconds: number;
  /** Creates the case's version through the API, signed with the simulator's credentials (for `conflict.name-in-use`). */
  createVersion(): Promise<string>;
}

/** A case of the battery. */
export interface ConformanceCase {
  /** Stable id, e.g. `retry.throttling`. */
  readonly id: string;
  /** How much it matters. */
  readonly level: Level;
  /** What the driver does. */
  readonly action: DriverAction;
  /** The behaviour graded, in one sentence. */
  readonly behaviour: string;
  /** Why it is expected, with sources (documentation pages, specifications, SDK sources, WIRE-SAMPLES findings). */
  readonly why: string;
  /** A shorter time limit than the run's, in seconds (a case whose failure mode is waiting). */
  readonly timeLimitSeconds?: number;
  /** Needs session credentials (`AWS_SESSION_TOKEN`); NOT_APPLICABLE without them. */
  readonly sessionToken?: boolean;
  /** Prepares the server before the client starts (queued answers, faults, skew, an existing version). */
  setup?(setup: CaseSetup): Promise<void>;
  /**
   * Acts on the case's version the moment the client's create commits, before
   * the client can read the answer (the kit delays that answer): the first poll
   * then sees the version in its final state, with no real waiting.
   */
  onVersionCreated?(setup: CaseSetup): Promise<void>;
  /** The verdict, from the journal, the exit code and the timing. */
  grade(run: CaseRun): Grade;
}

/** One case in the report. */
export interface CaseResult {
  /** The case's stable id. */
  id: string;
  /** Its level. */
  level: Level;
  /** Its verdict. */
  verdict: Verdict;
  /** What was observed, in one sentence. */
  summary: string;
  /** The journal lines, exit code, timing and the case's own evidence. */
  evidence: Record<string, unknown>;
}

/** The report (`--json`): stable ids, so other tools can read it. */
export interface ConformanceReport {
  /** Always `rekognition-edge conformance`. */
  tool: "rekognition-edge conformance";
  /** The kit's version (the package's). */
  version: string;
  /** The client graded: its command line, or a name given to an in-process client. */
  client: string;
  /** The cases run, in battery order. */
  cases: CaseResult[];
  /** How many cases got each verdict. */
  totals: Record<Verdict, number>;
}
