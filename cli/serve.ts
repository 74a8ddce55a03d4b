/**
 * `rekognition-edge serve`: the simulator as a local server any AWS client can
 * point its endpoint at, with a control plane under `/__admin/` any language
 * can drive. Runs under Node ≥ 20 and Bun; stops on SIGINT/SIGTERM. Like the
 * other commands it takes its flags as {@link FlagSpecs} and its runtime as a
 * {@link CliIO}, so tests run it in process. Its exit codes are a server's,
 * not the AWS CLI's: 2 bad flags, 1 cannot start, 0 stopped.
 *
 * @module
 */
import { allowedHostName, controlPlaneExposure, isLoopback, LOOPBACK_HOST_NAMES, servedHostNames } from "../harness/host-check.ts";
import { DASHBOARD_PATH } from "../harness/dashboard/routes.ts";
import { nativeHashing } from "../harness/node/hashing.ts";
import type { RunningServer } from "../harness/local-server.ts";
import { startServer } from "../harness/node/start.ts";
import type { AcceptedCredentials } from "../harness/sigv4-verifier.ts";
import { demoProjects, LOST_ANSWER_PREFIX, RekognitionSimulator, SIMULATOR_CREDENTIALS, TRAINING_FAILED_PREFIX } from "../harness/simulator.ts";
import { ArgumentError, describeFlags, type FlagSpecs, type ParsedFlags, parseFlags } from "./args.ts";
import { readIfExists } from "./common.ts";
import { type CliIO, processIO } from "./io.ts";
import { credentialLines, recordMode, replayMode, type ServeMode } from "./serve-modes.ts";

const DEFAULT_PORT = 4599;
const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_TRAINING_SECONDS = 3;
/** Where `--admin-token` is read from when not given on the command line (which other users can see in `ps`). */
const ADMIN_TOKEN_VARIABLE = "REKOGNITION_EDGE_ADMIN_TOKEN";
/** Exit codes: a server's, not the AWS CLI's (serve calls no AWS operation). */
const EXIT = { stopped: 0, cannotStart: 1, usage: 2 } as const;

/** The server's and the simulator's flags. */
const SERVER_FLAGS = {
  port: { type: "string", value: "<port>", description: `Port to listen on (0 picks a free one). Default ${DEFAULT_PORT}.` },
  host: {
    type: "string",
    value: "<address>",
    description: `Address to listen on. Default ${DEFAULT_HOST}. Another address than\nloopback needs --admin-token or --no-admin.`,
  },
  "allowed-host": {
    type: "list",
    value: "<name>",
    description:
      `Also answer to this Host name or address (repeatable): a docker-compose\nservice, or this machine's name or IP with --host 0.0.0.0. Without it,\nonly ${
        LOOPBACK_HOST_NAMES.join(", ")
      } and the --host address\n(any port); another Host gets 421, a guard against DNS rebinding.`,
  },
  region: { type: "string", value: "<region>", description: "The service's region: requests must be signed for it, projects\nlive in it. Default us-east-1." },
  "training-seconds": { type: "string", value: "<n>", description: `How long simulated training takes, in real seconds. Default ${DEFAULT_TRAINING_SECONDS}.` },
  "max-concurrent-trainings": { type: "string", value: "<n>", description: "At most n versions in training; more: LimitExceededException." },
  seed: { type: "string", value: "<n>", description: "Repeatable request ids, Logrefs, ARN times, F1 scores, page tokens." },
  credentials: { type: "list", value: "<id:secret>", description: "Also accept these credentials (repeatable; id:secret:token for a session token)." },
  "admin-token": {
    type: "string",
    value: "<token>",
    description:
      `Require "Authorization: Bearer <token>" on /__admin/ (else 401).\nAlso read from ${ADMIN_TOKEN_VARIABLE}; set but empty there, serve\nrefuses to start (unset it for no token).`,
  },
  "no-admin": { type: "boolean", description: "No control plane: /__admin/ answers like any other path." },
  verbose: { type: "boolean", description: "Log every request." },
  help: { type: "boolean", short: "h", description: "Show this help." },
} as const satisfies FlagSpecs;

/** The flags of `--record` and `--replay`. */
const MODE_FLAGS = {
  record: {
    type: "string",
    value: "<dir>",
    description:
      "Be a recording proxy: verify each request (the credentials above),\nsign it again with the real credentials (AWS_ACCESS_KEY_ID,\nAWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, or --profile), send it to\nthe real service, answer unchanged, save it in <dir> as a scenario.\nLoopback only.",
  },
  upstream: {
    type: "string",
    value: "<url>",
    description: "With --record: where to send. Default: Rekognition in --region\n(else AWS_REGION or the profile's region).",
  },
  profile: { type: "string", value: "<name>", description: "With --record: the profile of ~/.aws/credentials and ~/.aws/config." },
  anonymize: { type: "boolean", description: "With --record: account ids become the demo account's (111122223333)." },
  replay: { type: "string", value: "<dir>", description: "Answer from the recordings in <dir> (of --record, or any scenario folder)." },
  "replay-ignore": {
    type: "list",
    value: "<member>",
    description: "With --replay: leave this member out of matching (repeatable; a name\nor a dotted path). Default: ClientRequestToken.",
  },
} as const satisfies FlagSpecs;

const FLAGS = { ...SERVER_FLAGS, ...MODE_FLAGS } as const;
type Flags = ParsedFlags<typeof FLAGS>;

const HELP = `Usage: rekognition-edge serve [options]

Serves a simulated Amazon Rekognition (CreateProjectVersion, DescribeProjectVersions)
for the AWS SDKs, boto3, the AWS CLI or any client: point its endpoint at the printed URL.
Its control plane (JSON, no SigV4) is on the same port under /__admin/: reset, state,
projects, version statuses, clocks, the request journal, queued answers and faults.

Options:
${describeFlags(SERVER_FLAGS)}

Record a real session, replay it (fixtures/scenarios/README.md):
${describeFlags(MODE_FLAGS)}

Control plane (curl -s http://127.0.0.1:${DEFAULT_PORT}/__admin/health):
  GET /__admin/health   POST /__admin/reset   GET /__admin/state   POST /__admin/projects
  POST /__admin/versions/status   POST /__admin/clock/advance   POST /__admin/clock/skew
  GET|DELETE /__admin/requests   POST|GET|DELETE /__admin/responses   GET /__admin/events (SSE)
  Every POST takes Content-Type: application/json (curl -H 'Content-Type: application/json').
  The dashboard, in a browser: http://127.0.0.1:${DEFAULT_PORT}${DASHBOARD_PATH} (the live journal, state and queued answers).

No web page can drive it: a Host it does not answer to gets a 421, a request from a web page
of another origin a 403, and no answer grants CORS (docs/security.md).

Stop with Ctrl-C (SIGINT) or SIGTERM.`;

/** Runs the server until SIGINT or SIGTERM (`io.untilStopped`); returns the exit code. */
export async function serve(args: string[], io: CliIO = processIO()): Promise<number> {
  const prepared = prepare(args, io);
  if (typeof prepared === "number") return prepared;
  const started = await start(prepared, io);
  if (typeof started === "number") return started;
  const signal = await (io.untilStopped?.() ?? new Promise<string>(() => {}));
  await started.close();
  io.stdout.write(`${signal}: stopped\n`);
  return EXIT.stopped;
}

/** What serve runs with: its flags, checked, and what they make. */
interface ServePlan {
  flags: Flags;
  port: number;
  hostname: string;
  allowedHosts: string[];
  credentials: AcceptedCredentials[];
  adminToken: string | undefined;
  simulator: RekognitionSimulator;
}

/** The plan of `args`, or the exit code when there is nothing to run (`--help`; bad flags, told on stderr with the help). */
function prepare(args: string[], io: CliIO): ServePlan | number {
  try {
    const flags = parseFlags(args, FLAGS);
    if (flags.help) return (io.stdout.write(`${HELP}\n`), EXIT.stopped);
    const hostname = flags.host ?? DEFAULT_HOST;
    const adminToken = adminTokenOf(flags, io.env);
    checkControlPlaneExposure(hostname, flags, adminToken);
    checkModeFlags(flags);
    const credentials = [SIMULATOR_CREDENTIALS, ...(flags.credentials ?? []).map(parseCredentials)];
    const allowedHosts = (flags["allowed-host"] ?? []).map(allowedHostOf);
    const port = flags.port === undefined ? DEFAULT_PORT : parseNumber(flags.port, "port", true);
    return { flags, port, hostname, allowedHosts, credentials, adminToken, simulator: simulatorOf(flags, credentials, logTo(io)) };
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    return EXIT.usage;
  }
}

/** Starts the mode (or the simulator) and the server, and says how to reach it; the exit code when it cannot. */
async function start(plan: ServePlan, io: CliIO): Promise<RunningServer | number> {
  let mode: ServeMode | undefined;
  try {
    mode = await modeAskedFor(plan.flags, plan.credentials, io);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n`);
    return EXIT.cannotStart;
  }
  let server: RunningServer;
  try {
    server = await startServer({
      port: plan.port,
      hostname: plan.hostname,
      simulator: plan.simulator,
      ...(mode ? { handler: mode.handler, controlPlane: mode.controlPlane } : {}),
      admin: !plan.flags["no-admin"],
      allowedHosts: plan.allowedHosts,
      ...(plan.adminToken === undefined ? {} : { adminToken: plan.adminToken }),
    });
  } catch (error) {
    io.stderr.write(`cannot listen on ${plan.hostname}:${plan.port}: ${(error as Error).message}\n`);
    return EXIT.cannotStart;
  }
  const admin = plan.flags["no-admin"] ? "off" : plan.adminToken === undefined ? "open" : "token";
  const control = mode
    ? `${mode.banner}Control plane: ${CONTROL[admin]}; GET /__admin/requests is the journal, POST /__admin/reset starts over.\n`
    : simulatorBanner(plan.simulator, plan.credentials, admin);
  io.stdout.write(`${control}${hostsLine(plan.hostname, plan.allowedHosts)}\n`);
  // "listening on" stays the last line: scripts wait for it.
  if (admin !== "off") io.stdout.write(`dashboard: ${server.url}${DASHBOARD_PATH}${admin === "token" ? " (it asks for the admin token)" : ""}\n`);
  io.stdout.write(`listening on ${server.url}\n`);
  return server;
}

/**
 * The admin token: `--admin-token`, else `REKOGNITION_EDGE_ADMIN_TOKEN`. Set
 * but empty (or blank) in the environment is refused rather than read as "no
 * token": a variable that is set means a token was meant (a secret missing in
 * CI, `${TOKEN}` unset in a compose file), and starting with an open control
 * plane then would be the surprise. Unset means none, as before.
 */
function adminTokenOf(flags: Flags, env: CliIO["env"]): string | undefined {
  if (flags["admin-token"] !== undefined) return flags["admin-token"];
  const fromEnv = env[ADMIN_TOKEN_VARIABLE];
  if (fromEnv !== undefined && fromEnv.trim() === "") {
    throw new ArgumentError(
      `${ADMIN_TOKEN_VARIABLE} is set but empty: give it a token, or unset it (env -u ${ADMIN_TOKEN_VARIABLE}) for a control plane without one`,
    );
  }
  return fromEnv;
}

/** The harness's rule of where a control plane may listen (host-check.ts), in the words of serve's flags. */
function checkControlPlaneExposure(hostname: string, flags: Flags, adminToken: string | undefined): void {
  const exposure = controlPlaneExposure({ hostname, admin: !flags["no-admin"], adminToken });
  if (exposure === "empty-token") throw new ArgumentError("--admin-token must not be empty");
  if (adminToken !== undefined && flags["no-admin"]) throw new ArgumentError("--admin-token and --no-admin exclude each other");
  if (exposure === "open-beyond-loopback") {
    throw new ArgumentError(
      `refusing to listen on ${hostname} with an open control plane: anyone who reaches it could read the request journal and change the state.\n` +
        `Give --admin-token <token> (then every /__admin/ request needs Authorization: Bearer <token>), or --no-admin.`,
    );
  }
}

/** Refuses flags that mean nothing together: a mode's flags without it, simulator flags with a mode. */
function checkModeFlags(flags: Flags): void {
  if (flags.record !== undefined && flags.replay !== undefined) throw new ArgumentError("--record and --replay exclude each other");
  for (const flag of ["upstream", "profile", "anonymize"] as const) {
    if (flags[flag] && flags.record === undefined) throw new ArgumentError(`--${flag} goes with --record`);
  }
  if (flags["replay-ignore"] && flags.replay === undefined) throw new ArgumentError("--replay-ignore goes with --replay");
  if (flags.record === undefined && flags.replay === undefined) return;
  // The proxy signs with real credentials whatever a client signed with the public test ones: beyond
  // loopback it would let anyone who reaches it call Rekognition, billed, in the recording account.
  if (flags.record !== undefined && !isLoopback(flags.host ?? DEFAULT_HOST)) {
    throw new ArgumentError(`--record listens on loopback only (not ${flags.host}): it re-signs every call with your real credentials`);
  }
  for (const flag of ["training-seconds", "max-concurrent-trainings", "seed"] as const) {
    if (flags[flag] !== undefined) {
      throw new ArgumentError(`--${flag} is the simulator's: it means nothing with --${flags.record === undefined ? "replay" : "record"}`);
    }
  }
}

function parseCredentials(text: string): AcceptedCredentials {
  const [accessKeyId, secretAccessKey, ...token] = text.split(":");
  if (!accessKeyId || !secretAccessKey) {
    throw new ArgumentError(`--credentials must be <access key id>:<secret access key>[:<session token>], got ${JSON.stringify(text)}`);
  }
  return token.length > 0 ? { accessKeyId, secretAccessKey, sessionToken: token.join(":") } : { accessKeyId, secretAccessKey };
}

function allowedHostOf(name: string): string {
  try {
    return allowedHostName(name);
  } catch (error) {
    throw new ArgumentError((error as Error).message, "--allowed-host");
  }
}

function parseNumber(text: string, name: string, integer: boolean, min = 0): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < min || (integer && !Number.isSafeInteger(value))) {
    throw new ArgumentError(`--${name} must be ${integer ? "an integer" : "a number"} ≥ ${min}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** A line of serve's log on stdout. */
function logTo(io: CliIO): (line: string) => void {
  return (line) => io.stdout.write(`${line}\n`);
}

/** The simulator the flags describe (also built beside a mode: it checks `--region`, and the server reports it). */
function simulatorOf(flags: Flags, credentials: AcceptedCredentials[], log: (line: string) => void): RekognitionSimulator {
  const trainingSeconds = flags["training-seconds"] === undefined
    ? DEFAULT_TRAINING_SECONDS
    : parseNumber(flags["training-seconds"], "training-seconds", false);
  const maxConcurrent = flags["max-concurrent-trainings"];
  return new RekognitionSimulator({
    trainingSeconds,
    credentials,
    hashing: nativeHashing(),
    ...(flags.region === undefined ? {} : { region: flags.region }),
    ...(flags.seed === undefined ? {} : { seed: parseNumber(flags.seed, "seed", true) }),
    ...(maxConcurrent === undefined ? {} : { maxConcurrentTrainings: parseNumber(maxConcurrent, "max-concurrent-trainings", true, 1) }),
    ...(flags.verbose
      ? {
        onRequest: (event) =>
          log(
            `${new Date().toISOString()} ${event.method} ${event.operation ?? "-"} ${event.status || "dropped"}${event.fault ? ` ${event.fault}` : ""} ${
              event.requestId ?? ""
            }`,
          ),
      }
      : {}),
  });
}

/** The mode the flags ask for: recording, replaying, or none (the simulator). */
async function modeAskedFor(flags: Flags, credentials: readonly AcceptedCredentials[], io: CliIO): Promise<ServeMode | undefined> {
  const log = logTo(io);
  const verbose = flags.verbose ?? false;
  if (flags.record !== undefined) {
    return recordMode({
      dir: flags.record,
      upstream: flags.upstream,
      region: flags.region,
      profile: flags.profile,
      anonymize: flags.anonymize ?? false,
      credentials,
      log,
      verbose,
      env: io.env,
      homeDir: io.homeDir,
      readFile: (path) => readIfExists(io, path),
    });
  }
  if (flags.replay !== undefined) {
    return replayMode({ dir: flags.replay, ignoreMembers: flags["replay-ignore"], region: flags.region, credentials, log, verbose });
  }
  return undefined;
}

/** How the control plane is reachable, for the banner. */
const CONTROL = {
  open: "on, at /__admin/ (no token: loopback only)",
  token: "on, at /__admin/; every request needs Authorization: Bearer <the admin token>",
  off: "off (--no-admin)",
} as const;

/** The banner's line of the `Host` names the server answers to; on every interface, how other machines get in. */
function hostsLine(hostname: string, allowedHosts: readonly string[]): string {
  const names = [...LOOPBACK_HOST_NAMES, ...servedHostNames(hostname, allowedHosts)];
  const line = `Host names: ${[...new Set(names)].join(", ")}, at any port; another gets 421 (--allowed-host adds one).`;
  const everywhere = servedHostNames(hostname).length === 0 && !isLoopback(hostname);
  return everywhere ? `${line}\nOn every interface: clients elsewhere use this machine's name or IP; list those with --allowed-host.\n` : `${line}\n`;
}

/** What the simulator prints before it listens: how to reach the demo projects and the control plane. Never the admin token. */
function simulatorBanner(simulator: RekognitionSimulator, credentials: readonly AcceptedCredentials[], admin: keyof typeof CONTROL): string {
  const demo = demoProjects(simulator.region, simulator.accountId);
  const control = CONTROL[admin];
  return `rekognition-edge simulator: CreateProjectVersion and DescribeProjectVersions

Region ${simulator.region}, account ${simulator.accountId}. Demo projects:
  ${demo.customLabels}  (CUSTOM_LABELS, no datasets)
  ${demo.moderation}  (CONTENT_MODERATION, no datasets)
  ${demo.withDatasets}  (CUSTOM_LABELS, has datasets)

Accepted credentials (sign for ${simulator.region}):
${credentialLines(credentials)}

Training takes ${simulator.trainingSeconds} s${simulator.maxConcurrentTrainings === undefined ? "" : `; at most ${simulator.maxConcurrentTrainings} at once`}${
    simulator.seed === undefined ? "" : `; seed ${simulator.seed}`
  }. Triggers: VersionName fixture-<ExceptionName> (e.g. fixture-ThrottlingException)
returns that exception; ${TRAINING_FAILED_PREFIX}… fails training; ${LOST_ANSWER_PREFIX}… creates the version and drops the connection.
Control plane: ${control}.
`;
}
