/**
 * What the commands share: the global flags, the client (real AWS or the
 * embedded simulator), the wait with progress, the output formats, and how
 * errors are told and which exit code they give.
 *
 * @module
 */
import { RekognitionClient } from "../adapters/node.ts"; // node:crypto hashing: the CLI runs on Node (and Bun)
import type { Credentials } from "../src/client.ts";
import { type Clock, systemClock } from "../src/clock.ts";
import { MalformedResponseError, NetworkError, RekognitionServiceException, ValidationError } from "../src/errors.ts";
import type { Scenario } from "../fixtures/scenarios.ts";
import type { ProjectVersionDescription } from "../src/operations/describe-project-versions.ts";
import { ProjectVersionNotFoundError, type ProjectVersionTarget, WaiterFailureError, WaiterTimeoutError, waitUntilTrainingCompleted } from "../src/waiters.ts";
import { ArgumentError, describeFlags, type FlagSpecs, type ParsedFlags, parseSeconds } from "./args.ts";
import { ConfigurationError, loadAwsSettings } from "./credentials.ts";
import type { CliIO } from "./io.ts";
import { formatDuration, WaitProgress } from "./progress.ts";

/** Exit codes, as the AWS CLI v2 uses them. */
export const EXIT = {
  ok: 0,
  /** Bad arguments or input (the AWS CLI's "command syntax invalid"). */
  usage: 252,
  /** No credentials or region, or a profile that cannot be used. */
  configuration: 253,
  /** The service answered with an error. */
  service: 254,
  /** Anything else: network, timeout, training failed, a malformed answer. */
  other: 255,
} as const;

/** The flags every command takes. */
export const GLOBAL_FLAGS = {
  region: { type: "string", value: "<region>", description: "AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region)" },
  "endpoint-url": { type: "string", value: "<url>", description: "Send requests here instead (else AWS_ENDPOINT_URL_REKOGNITION, AWS_ENDPOINT_URL)" },
  profile: { type: "string", value: "<name>", description: "Profile of ~/.aws/credentials and ~/.aws/config (else AWS_PROFILE, default)" },
  output: { type: "string", value: "json|text", description: "Output format (else AWS_DEFAULT_OUTPUT, the profile's output, json)" },
  simulate: { type: "boolean", description: "Run against the embedded simulator: no AWS account, no cost; output marked SIMULATED" },
  replay: { type: "string", value: "<dir>", description: "With --simulate: answer from a session recorded by serve --record in <dir>" },
  help: { type: "boolean", short: "h", description: "Show this help" },
} as const satisfies FlagSpecs;

/** The flags of commands that can wait for training. */
export const WAIT_FLAGS = {
  wait: { type: "boolean", description: "Wait for training to end, showing progress; print the evaluation result" },
  "max-wait-time": { type: "string", value: "<seconds>", description: "Give up waiting after this long (default 86400, a day)" },
} as const satisfies FlagSpecs;

/** Members of the inputs, and the flag that sets each (to name the flag at fault). */
const FLAG_OF_MEMBER: Record<string, string> = {
  ProjectArn: "--project-arn",
  VersionName: "--version-name",
  OutputConfig: "--output-config",
  TrainingData: "--training-data",
  TestingData: "--testing-data",
  Tags: "--tags",
  KmsKeyId: "--kms-key-id",
  VersionDescription: "--version-description",
  FeatureConfig: "--feature-config",
  VersionNames: "--version-names",
  MaxResults: "--max-results",
  NextToken: "--starting-token",
};

/** Training time of the embedded simulator and the waiter's delays with it, in seconds: `npm start` takes a few seconds. */
export const SIMULATED_TRAINING_SECONDS = 2;
const SIMULATED_POLL_SECONDS = 0.5;
/** The waiter's delay when replaying: recorded answers come in order, whatever the time. */
const REPLAYED_POLL_SECONDS = 0.02;

/** The usage text of a command. */
export function usage(command: string, summary: string, specs: FlagSpecs, examples: string[]): string {
  return `Usage: rekognition-edge ${command} [options]\n\n${summary}\n\nOptions:\n${describeFlags(specs)}\n\nExamples:\n${
    examples.map((line) => `  ${line}`).join("\n")
  }\n`;
}

/** A client and how to talk about it. */
export interface Session {
  client: RekognitionClient;
  output: "json" | "text";
  /** Set with `--simulate`. */
  simulated: boolean;
  /** With `--replay`: the folder and how many recordings it has. */
  replay?: { dir: string; recordings: number };
  /** The source of time of the client, the simulator and the wait. */
  clock: Clock;
  /** Delays of the waiter, in seconds: the model's against AWS, short against the simulator. */
  pollDelays: { minDelay?: number; maxDelay?: number };
}

/** The embedded simulator's Custom Labels demo project (in `region`, default us-east-1): the default `--project-arn` with `--simulate`. */
export async function demoProjectArn(region?: string): Promise<string> {
  return (await import("../harness/simulator.ts")).demoProjects(region).customLabels;
}

/** Reads a file, or undefined when it does not exist. */
export async function readIfExists(io: CliIO, path: string): Promise<string | undefined> {
  try {
    return await io.readFile(path);
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT" || (error as { code?: string }).code === "ENOTDIR") return undefined;
    throw error;
  }
}

/** Reads `file://` paths for argument values; `~/` is the home directory. */
export function fileReader(io: CliIO): (path: string) => Promise<string> {
  return (path) => io.readFile(io.homeDir !== undefined && path.startsWith("~/") ? `${io.homeDir}${path.slice(1)}` : path);
}

/**
 * The recorded session `--replay <dir>` names, read and checked once; undefined without `--replay`.
 *
 * @throws {ArgumentError} `--replay` without `--simulate`, or a folder that is not a recorded session.
 */
export async function recordedSession(flags: ParsedFlags<typeof GLOBAL_FLAGS>, io: CliIO): Promise<Scenario[] | undefined> {
  if (flags.replay === undefined) return undefined;
  if (!flags.simulate) throw new ArgumentError("only with --simulate", "--replay");
  const { loadScenarioFolder } = await import("../harness/replay.ts");
  const read = fileReader(io);
  const dir = flags.replay.replace(/\/+$/, "");
  try {
    return await loadScenarioFolder((file) => read(`${dir}/${file}`));
  } catch (error) {
    throw new ArgumentError(`cannot replay ${flags.replay}: ${(error as Error).message}`, "--replay");
  }
}

/** The body of the first recorded request of `operation`: what a replayed command sends unless flags say otherwise. */
export function recordedInput(recorded: readonly Scenario[], operation: string): Record<string, unknown> | undefined {
  return recorded.find((scenario) => scenario.request.operation === operation && scenario.request.body !== undefined)?.request.body;
}

/**
 * The client the global flags ask for: the embedded simulator with
 * `--simulate` (the recorded session of `--replay`, when given), else AWS with
 * the credentials and region found as the AWS CLI finds them.
 *
 * @throws {ArgumentError} a bad `--output`.
 * @throws {ConfigurationError} no credentials, no region, or an unusable profile.
 */
export async function openSession(flags: ParsedFlags<typeof GLOBAL_FLAGS>, io: CliIO, recorded?: readonly Scenario[]): Promise<Session> {
  const clock = io.clock ?? systemClock;
  const settings = flags.simulate
    ? undefined
    : await loadAwsSettings({ env: io.env, profile: flags.profile, readFile: (path) => readIfExists(io, path), homeDir: io.homeDir });
  const output = flags.output ?? settings?.output ?? "json";
  if (output !== "json" && output !== "text") throw new ArgumentError(`must be json or text, got '${output}'`, "--output");
  if (flags.simulate && recorded !== undefined) {
    const [{ RecordingReplayer, regionOfRecordings }, { SIMULATOR_CREDENTIALS }] = await Promise.all([
      import("../harness/replay.ts"),
      import("../harness/simulator.ts"),
    ]);
    // The client signs for the region of the recordings, as the recorded client did (unless --region says otherwise).
    const region = flags.region ?? regionOfRecordings(recorded) ?? "us-east-1";
    const replayer = new RecordingReplayer(recorded, { clock, region });
    const client = new RekognitionClient({ region, credentials: { ...SIMULATOR_CREDENTIALS }, fetch: replayer.fetch, clock });
    const replay = { dir: flags.replay ?? "", recordings: recorded.length };
    return { client, output, simulated: true, replay, clock, pollDelays: { minDelay: REPLAYED_POLL_SECONDS, maxDelay: REPLAYED_POLL_SECONDS } };
  }
  if (flags.simulate) {
    const { RekognitionSimulator, SIMULATOR_CREDENTIALS } = await import("../harness/simulator.ts");
    const region = flags.region ?? "us-east-1"; // the simulator serves the region the client signs for
    const simulator = new RekognitionSimulator({ clock, trainingSeconds: SIMULATED_TRAINING_SECONDS, seedDemoProjects: true, region });
    const client = new RekognitionClient({ region, credentials: { ...SIMULATOR_CREDENTIALS }, fetch: simulator.fetch, clock });
    return { client, output, simulated: true, clock, pollDelays: { minDelay: SIMULATED_POLL_SECONDS, maxDelay: SIMULATED_POLL_SECONDS } };
  }
  const endpoint = flags["endpoint-url"] ?? io.env.AWS_ENDPOINT_URL_REKOGNITION ?? io.env.AWS_ENDPOINT_URL;
  const region = flags.region ?? settings!.region;
  if (region === undefined && !endpoint) {
    throw new ConfigurationError("You must specify a region: --region, AWS_REGION, or region in ~/.aws/config (or try --simulate)");
  }
  if (!settings!.credentials) {
    throw new ConfigurationError(
      "Unable to locate credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or configure a profile in ~/.aws/credentials (or try --simulate)",
    );
  }
  const credentials: Credentials = settings!.credentials;
  const client = new RekognitionClient({
    credentials,
    clock,
    ...(region === undefined ? {} : { region }),
    ...(endpoint ? { endpoint } : {}),
    ...(io.fetch ? { fetch: io.fetch } : {}),
  });
  return { client, output, simulated: false, clock, pollDelays: {} };
}

/** Says on stderr that nothing here touches AWS. */
export function announceSimulation(io: CliIO, session: Session): void {
  if (session.replay) {
    io.stderr.write(
      `SIMULATED: replaying the session recorded in ${session.replay.dir} (${session.replay.recordings} answers); no AWS account is used and nothing is billed.\n`,
    );
  } else if (session.simulated) {
    io.stderr.write("SIMULATED: running against the embedded Rekognition simulator; no AWS account is used and nothing is billed.\n");
  }
}

/** Writes `value` as the AWS CLI does: indented JSON, Dates as ISO 8601. */
export function printJson(io: CliIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 4)}\n`);
}

/** `s3://bucket/name` of an S3Object, when it has both. */
function s3Url(object: { Bucket?: string | undefined; Name?: string | undefined } | undefined): string | undefined {
  return object?.Bucket && object.Name ? `s3://${object.Bucket}/${object.Name}` : undefined;
}

/** The version name of a version ARN (`…/version/<name>/<timestamp>`). */
export function versionNameOf(arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : /\/version\/([^/]+)\/\d+$/.exec(arn)?.[1];
}

/** A human summary of a version: status, evaluation result, training time. */
export function summarize(description: ProjectVersionDescription, simulated: boolean): string {
  const { EvaluationResult: evaluation } = description;
  const trainingMs = description.CreationTimestamp && description.TrainingEndTimestamp
    ? description.TrainingEndTimestamp.getTime() - description.CreationTimestamp.getTime()
    : undefined;
  const rows: [string, string | undefined][] = [
    ["Status", `${description.Status ?? "unknown"}${simulated ? " (SIMULATED)" : ""}`],
    ["Status message", description.StatusMessage],
    ["Version", description.ProjectVersionArn],
    ["F1 score", evaluation?.F1Score === undefined ? undefined : evaluation.F1Score.toFixed(3)],
    ["Evaluation summary", s3Url(evaluation?.Summary?.S3Object)],
    ["Training time", trainingMs === undefined ? undefined : formatDuration(trainingMs)],
    ["Billable training", description.BillableTrainingTimeInSeconds === undefined ? undefined : `${description.BillableTrainingTimeInSeconds} s`],
  ];
  const shown = rows.filter((row): row is [string, string] => row[1] !== undefined);
  const width = Math.max(...shown.map(([label]) => label.length)) + 2;
  return shown.map(([label, value]) => `${label.padEnd(width)}${value}\n`).join("");
}

/**
 * Waits for training with live progress on stderr; resolves with the final
 * description (or throws what the waiter throws).
 */
export async function waitWithProgress(
  session: Session,
  target: ProjectVersionTarget,
  flags: ParsedFlags<typeof WAIT_FLAGS>,
  io: CliIO,
): Promise<ProjectVersionDescription> {
  const maxWaitTime = flags["max-wait-time"] === undefined ? 86_400 : parseSeconds("--max-wait-time", flags["max-wait-time"]);
  const progress = new WaitProgress(io.stderr, () => session.clock.now());
  io.stderr.write(`Waiting for training of ${target.VersionName} (Ctrl-C stops waiting, not training)\n`);
  const stopTicking = io.stderr.isTTY ? io.every(1000, () => progress.tick()) : () => {};
  try {
    return await waitUntilTrainingCompleted(session.client, target, {
      maxWaitTime,
      ...session.pollDelays,
      clock: session.clock,
      onPoll: (poll) => progress.poll(poll),
    });
  } finally {
    stopTicking();
    progress.finish();
  }
}

/** Prints the end of a wait: the summary (text) or the description (json). */
export function printWaitResult(io: CliIO, session: Session, description: ProjectVersionDescription, extra: Record<string, unknown> = {}): void {
  if (session.output === "json") printJson(io, { ...extra, ProjectVersionDescription: description, ...(session.simulated ? { Simulated: true } : {}) });
  else io.stdout.write(summarize(description, session.simulated));
}

/**
 * Tells an error on stderr (the exception name, message and request id; the
 * flag at fault for bad input) and returns the exit code.
 */
export function reportError(error: unknown, io: CliIO, operation: string): number {
  const write = (text: string) => io.stderr.write(`${text}\n`);
  if (error instanceof ArgumentError) {
    write(`${error.message}\nRun with --help for the options.`);
    return EXIT.usage;
  }
  if (error instanceof ValidationError) {
    for (const { path, message } of error.issues) {
      const flag = FLAG_OF_MEMBER[path.split(/[.[]/)[0]!];
      write(flag ? `${flag}: ${path} ${message}` : `${path || "input"} ${message}`);
    }
    return EXIT.usage;
  }
  if (error instanceof ConfigurationError) {
    write(error.message);
    return EXIT.configuration;
  }
  if (error instanceof RekognitionServiceException) {
    const requestId = error.$metadata.requestId ? ` (request id: ${error.$metadata.requestId})` : "";
    write(`An error occurred (${error.name}) when calling the ${operation} operation: ${error.message || "no message"}${requestId}`);
    return EXIT.service;
  }
  if (error instanceof WaiterFailureError) {
    write(`${error.waiter} failed: ${error.Status}${error.StatusMessage ? `: ${error.StatusMessage}` : ""}`);
    return EXIT.other;
  }
  if (error instanceof WaiterTimeoutError || error instanceof ProjectVersionNotFoundError) {
    write(error.message);
    return EXIT.other;
  }
  if (error instanceof NetworkError || error instanceof MalformedResponseError) {
    const requestId = error.$metadata.requestId ? ` (request id: ${error.$metadata.requestId})` : "";
    write(`${error.name} when calling the ${operation} operation: ${error.message}${requestId}`);
    return EXIT.other;
  }
  write(`${(error as Error)?.name ?? "Error"}: ${(error as Error)?.message ?? String(error)}`);
  return EXIT.other;
}
