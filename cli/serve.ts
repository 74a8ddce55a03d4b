/**
 * `rekognition-edge serve`: the simulator as a local server any AWS client can
 * point its endpoint at. Runs under Node ≥ 20 and Bun; stops on SIGINT/SIGTERM.
 *
 * @module
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { startServer } from "../fixtures/node-server.ts";
import type { AcceptedCredentials } from "../fixtures/sigv4-verifier.ts";
import {
  DEMO_PROJECTS,
  LOST_ANSWER_PREFIX,
  RekognitionSimulator,
  SIMULATOR_CREDENTIALS,
  TRAINING_FAILED_PREFIX,
} from "../fixtures/simulator.ts";
import type { Command } from "./main.ts";

const DEFAULT_PORT = 4599;
const DEFAULT_TRAINING_SECONDS = 3;

const HELP = `Usage: rekognition-edge serve [options]

Serves a simulated Amazon Rekognition (CreateProjectVersion, DescribeProjectVersions)
for the AWS SDKs, boto3, the AWS CLI or any client: point its endpoint at the printed URL.

Options:
  --port <port>              Port to listen on (0 picks a free one). Default ${DEFAULT_PORT}.
  --host <address>           Address to listen on. Default 127.0.0.1.
  --training-seconds <n>     How long simulated training takes, in real seconds. Default ${DEFAULT_TRAINING_SECONDS}.
  --credentials <id:secret>  Also accept these credentials (repeatable; id:secret:token for a session token).
  --verbose                  Log every request.
  -h, --help                 Show this help.

Stop with Ctrl-C (SIGINT) or SIGTERM.`;

function parseCredentials(text: string): AcceptedCredentials {
  const [accessKeyId, secretAccessKey, ...token] = text.split(":");
  if (!accessKeyId || !secretAccessKey) throw new Error(`--credentials must be <access key id>:<secret access key>[:<session token>], got ${JSON.stringify(text)}`);
  return token.length > 0 ? { accessKeyId, secretAccessKey, sessionToken: token.join(":") } : { accessKeyId, secretAccessKey };
}

function parseNumber(text: string, name: string, integer: boolean): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} must be ${integer ? "an integer" : "a number"} ≥ 0, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** What the server prints before it listens: how to reach the demo projects. */
function banner(credentials: readonly AcceptedCredentials[], trainingSeconds: number): string {
  return `rekognition-edge simulator: CreateProjectVersion and DescribeProjectVersions

Demo projects:
  ${DEMO_PROJECTS.customLabels}  (CUSTOM_LABELS, no datasets)
  ${DEMO_PROJECTS.moderation}  (CONTENT_MODERATION, no datasets)
  ${DEMO_PROJECTS.withDatasets}  (CUSTOM_LABELS, has datasets)

Accepted credentials (any region):
${credentials.map(({ accessKeyId, secretAccessKey, sessionToken }) => `  ${accessKeyId} / ${secretAccessKey}${sessionToken ? ` (session token ${sessionToken})` : ""}`).join("\n")}

Training takes ${trainingSeconds} s. Triggers: VersionName fixture-<ExceptionName> (e.g. fixture-ThrottlingException)
returns that exception; ${TRAINING_FAILED_PREFIX}… fails training; ${LOST_ANSWER_PREFIX}… creates the version and drops the connection.
`;
}

/** Runs the server until SIGINT or SIGTERM; returns the exit code. */
export const serve: Command = async (args) => {
  let options;
  let port: number;
  let trainingSeconds: number;
  let credentials: AcceptedCredentials[];
  try {
    ({ values: options } = parseArgs({
      args,
      options: {
        port: { type: "string" },
        host: { type: "string", default: "127.0.0.1" },
        "training-seconds": { type: "string" },
        credentials: { type: "string", multiple: true },
        verbose: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
    port = options.port === undefined ? DEFAULT_PORT : parseNumber(options.port, "port", true);
    trainingSeconds = options["training-seconds"] === undefined ? DEFAULT_TRAINING_SECONDS : parseNumber(options["training-seconds"], "training-seconds", false);
    credentials = [SIMULATOR_CREDENTIALS, ...(options.credentials ?? []).map(parseCredentials)];
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (options.help) {
    console.log(HELP);
    return 0;
  }

  const simulator = new RekognitionSimulator({
    trainingSeconds,
    credentials,
    ...(options.verbose
      ? { onRequest: (event) => console.log(`${new Date().toISOString()} ${event.method} ${event.operation ?? "-"} ${event.status || "dropped"} ${event.requestId ?? ""}`) }
      : {}),
  });
  let server;
  try {
    server = await startServer({ port, hostname: options.host, simulator });
  } catch (error) {
    console.error(`cannot listen on ${options.host}:${port}: ${(error as Error).message}`);
    return 1;
  }
  console.log(banner(credentials, trainingSeconds));
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
