/**
 * `rekognition-edge serve`: the simulator as a local server any AWS client can
 * point its endpoint at, with a control plane under `/__admin/` any language
 * can drive. Runs under Node ≥ 20 and Bun; stops on SIGINT/SIGTERM.
 *
 * @module
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { isLoopback, startServer } from "../harness/node/server.ts";
import type { AcceptedCredentials } from "../harness/sigv4-verifier.ts";
import { demoProjects, LOST_ANSWER_PREFIX, RekognitionSimulator, SIMULATOR_CREDENTIALS, TRAINING_FAILED_PREFIX } from "../harness/simulator.ts";
import { readIfExists } from "./common.ts";
import { processIO } from "./io.ts";
import type { Command } from "./command.ts";
import { credentialLines, recordMode, replayMode, type ServeMode } from "./serve-modes.ts";

const DEFAULT_PORT = 4599;
const DEFAULT_TRAINING_SECONDS = 3;
/** Where `--admin-token` is read from when not given on the command line (which other users can see in `ps`). */
const ADMIN_TOKEN_VARIABLE = "REKOGNITION_EDGE_ADMIN_TOKEN";

const HELP = `Usage: rekognition-edge serve [options]

Serves a simulated Amazon Rekognition (CreateProjectVersion, DescribeProjectVersions)
for the AWS SDKs, boto3, the AWS CLI or any client: point its endpoint at the printed URL.
Its control plane (JSON, no SigV4) is on the same port under /__admin/: reset, state,
projects, version statuses, clocks, the request journal, queued answers and faults.

Options:
  --port <port>                     Port to listen on (0 picks a free one). Default ${DEFAULT_PORT}.
  --host <address>                  Address to listen on. Default 127.0.0.1. Another address than
                                    loopback needs --admin-token or --no-admin.
  --region <region>                 The service's region: requests must be signed for it, projects
                                    live in it. Default us-east-1.
  --training-seconds <n>            How long simulated training takes, in real seconds. Default ${DEFAULT_TRAINING_SECONDS}.
  --max-concurrent-trainings <n>    At most n versions in training; more: LimitExceededException.
  --seed <n>                        Repeatable request ids, Logrefs, ARN times, F1 scores, page tokens.
  --credentials <id:secret>         Also accept these credentials (repeatable; id:secret:token for a session token).
  --admin-token <token>             Require "Authorization: Bearer <token>" on /__admin/ (else 401).
                                    Also read from ${ADMIN_TOKEN_VARIABLE}.
  --no-admin                        No control plane: /__admin/ answers like any other path.
  --verbose                         Log every request.
  -h, --help                        Show this help.

Record a real session, replay it (fixtures/scenarios/README.md):
  --record <dir>                    Be a recording proxy: verify each request (the credentials above),
                                    sign it again with the real credentials (AWS_ACCESS_KEY_ID,
                                    AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, or --profile), send it to
                                    the real service, answer unchanged, save it in <dir> as a scenario.
                                    Loopback only.
  --upstream <url>                  With --record: where to send. Default: Rekognition in --region
                                    (else AWS_REGION or the profile's region).
  --profile <name>                  With --record: the profile of ~/.aws/credentials and ~/.aws/config.
  --anonymize                       With --record: account ids become the demo account's (111122223333).
  --replay <dir>                    Answer from the recordings in <dir> (of --record, or any scenario folder).
  --replay-ignore <member>          With --replay: leave this member out of matching (repeatable; a name
                                    or a dotted path). Default: ClientRequestToken.

Control plane (curl -s http://127.0.0.1:${DEFAULT_PORT}/__admin/health):
  GET /__admin/health   POST /__admin/reset   GET /__admin/state   POST /__admin/projects
  POST /__admin/versions/status   POST /__admin/clock/advance   POST /__admin/clock/skew
  GET|DELETE /__admin/requests   POST|GET|DELETE /__admin/responses

Stop with Ctrl-C (SIGINT) or SIGTERM.`;

function parseCredentials(text: string): AcceptedCredentials {
  const [accessKeyId, secretAccessKey, ...token] = text.split(":");
  if (!accessKeyId || !secretAccessKey) {
    throw new Error(`--credentials must be <access key id>:<secret access key>[:<session token>], got ${JSON.stringify(text)}`);
  }
  return token.length > 0 ? { accessKeyId, secretAccessKey, sessionToken: token.join(":") } : { accessKeyId, secretAccessKey };
}

function parseNumber(text: string, name: string, integer: boolean, min = 0): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < min || (integer && !Number.isSafeInteger(value))) {
    throw new Error(`--${name} must be ${integer ? "an integer" : "a number"} ≥ ${min}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** How the control plane is reachable, for the banner. */
const CONTROL = {
  open: "on, at /__admin/ (no token: loopback only)",
  token: "on, at /__admin/; every request needs Authorization: Bearer <the admin token>",
  off: "off (--no-admin)",
} as const;

/** What the server prints before it listens: how to reach the demo projects and the control plane. Never the admin token. */
function banner(simulator: RekognitionSimulator, credentials: readonly AcceptedCredentials[], admin: keyof typeof CONTROL): string {
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

/** The flags of serve. */
type ServeFlags = {
  host?: string | undefined;
  record?: string | undefined;
  upstream?: string | undefined;
  profile?: string | undefined;
  anonymize?: boolean | undefined;
  replay?: string | undefined;
  "replay-ignore"?: string[] | undefined;
  region?: string | undefined;
  verbose?: boolean | undefined;
  "training-seconds"?: string | undefined;
  "max-concurrent-trainings"?: string | undefined;
  seed?: string | undefined;
};

/** Refuses flags that mean nothing together: a mode's flags without it, simulator flags with a mode. */
function checkModeFlags(flags: ServeFlags): void {
  if (flags.record !== undefined && flags.replay !== undefined) throw new Error("--record and --replay exclude each other");
  for (const flag of ["upstream", "profile", "anonymize"] as const) {
    if (flags[flag] && flags.record === undefined) throw new Error(`--${flag} goes with --record`);
  }
  if (flags["replay-ignore"] && flags.replay === undefined) throw new Error("--replay-ignore goes with --replay");
  if (flags.record === undefined && flags.replay === undefined) return;
  // The proxy signs with real credentials whatever a client signed with the public test ones: beyond
  // loopback it would let anyone who reaches it call Rekognition, billed, in the recording account.
  if (flags.record !== undefined && !isLoopback(flags.host ?? "127.0.0.1")) {
    throw new Error(`--record listens on loopback only (not ${flags.host}): it re-signs every call with your real credentials`);
  }
  for (const flag of ["training-seconds", "max-concurrent-trainings", "seed"] as const) {
    if (flags[flag] !== undefined) throw new Error(`--${flag} is the simulator's: it means nothing with --${flags.record === undefined ? "replay" : "record"}`);
  }
}

/** The mode the flags ask for: recording, replaying, or none (the simulator). */
async function modeOf(flags: ServeFlags, credentials: readonly AcceptedCredentials[]): Promise<ServeMode | undefined> {
  const log = (line: string) => console.log(line);
  const verbose = flags.verbose ?? false;
  if (flags.record !== undefined) {
    const io = processIO();
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

/** Runs the server until SIGINT or SIGTERM; returns the exit code. */
export const serve: Command = async (args) => {
  let options;
  let port: number;
  let simulator: RekognitionSimulator;
  let credentials: AcceptedCredentials[];
  let adminToken: string | undefined;
  try {
    ({ values: options } = parseArgs({
      args,
      options: {
        port: { type: "string" },
        host: { type: "string", default: "127.0.0.1" },
        region: { type: "string" },
        "training-seconds": { type: "string" },
        "max-concurrent-trainings": { type: "string" },
        seed: { type: "string" },
        credentials: { type: "string", multiple: true },
        "admin-token": { type: "string" },
        "no-admin": { type: "boolean", default: false },
        record: { type: "string" },
        upstream: { type: "string" },
        profile: { type: "string" },
        anonymize: { type: "boolean", default: false },
        replay: { type: "string" },
        "replay-ignore": { type: "string", multiple: true },
        verbose: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
    if (options.help) {
      console.log(HELP);
      return 0;
    }
    port = options.port === undefined ? DEFAULT_PORT : parseNumber(options.port, "port", true);
    credentials = [SIMULATOR_CREDENTIALS, ...(options.credentials ?? []).map(parseCredentials)];
    adminToken = options["admin-token"] ?? (process.env[ADMIN_TOKEN_VARIABLE] || undefined);
    if (adminToken !== undefined && adminToken.trim() === "") throw new Error("--admin-token must not be empty");
    if (adminToken !== undefined && options["no-admin"]) throw new Error("--admin-token and --no-admin exclude each other");
    if (adminToken === undefined && !options["no-admin"] && !isLoopback(options.host)) {
      throw new Error(
        `refusing to listen on ${options.host} with an open control plane: anyone who reaches it could read the request journal and change the state.\n` +
          `Give --admin-token <token> (then every /__admin/ request needs Authorization: Bearer <token>), or --no-admin.`,
      );
    }
    checkModeFlags(options);
    simulator = new RekognitionSimulator({
      trainingSeconds: options["training-seconds"] === undefined
        ? DEFAULT_TRAINING_SECONDS
        : parseNumber(options["training-seconds"], "training-seconds", false),
      credentials,
      ...(options.region === undefined ? {} : { region: options.region }),
      ...(options.seed === undefined ? {} : { seed: parseNumber(options.seed, "seed", true) }),
      ...(options["max-concurrent-trainings"] === undefined
        ? {}
        : { maxConcurrentTrainings: parseNumber(options["max-concurrent-trainings"], "max-concurrent-trainings", true, 1) }),
      ...(options.verbose
        ? {
          onRequest: (event) =>
            console.log(
              `${new Date().toISOString()} ${event.method} ${event.operation ?? "-"} ${event.status || "dropped"}${event.fault ? ` ${event.fault}` : ""} ${
                event.requestId ?? ""
              }`,
            ),
        }
        : {}),
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }

  let mode: ServeMode | undefined;
  try {
    mode = await modeOf(options, credentials);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  const admin = options["no-admin"] ? "off" : adminToken === undefined ? "open" : "token";
  let server;
  try {
    server = await startServer({
      port,
      hostname: options.host,
      simulator,
      ...(mode ? { handler: mode.handler, controlPlane: mode.controlPlane } : {}),
      admin: !options["no-admin"],
      ...(adminToken === undefined ? {} : { adminToken }),
    });
  } catch (error) {
    console.error(`cannot listen on ${options.host}:${port}: ${(error as Error).message}`);
    return 1;
  }
  console.log(
    mode
      ? `${mode.banner}Control plane: ${CONTROL[admin]}; GET /__admin/requests is the journal, POST /__admin/reset starts over.\n`
      : banner(simulator, credentials, admin),
  );
  console.log(`listening on ${server.url}`);

  // The listeners are never removed: a second signal (npx and the terminal
  // both forward Ctrl-C) must not interrupt the close. They do not keep the process alive.
  const signal = await new Promise<string>((resolve) => {
    process.on("SIGINT", resolve);
    process.on("SIGTERM", resolve);
  });
  await server.close();
  console.log(`${signal}: stopped`);
  return 0;
};
