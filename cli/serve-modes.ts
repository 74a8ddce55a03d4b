/**
 * `serve --record DIR` and `serve --replay DIR`: what the server answers with
 * instead of the simulator (a web-standard handler), what it prints first,
 * its request log, and what its control plane shows: health, the journal of
 * the requests the mode answered; reset starts a replay over.
 *
 * @module
 */
import { ChangeFeed, reportedJournal } from "../harness/changes.ts";
import type { ControlPlaneStandIn } from "../harness/control-plane.ts";
import { nearMissOf } from "../harness/dashboard/recordings.ts";
import { indexEntryOf } from "../fixtures/scenarios.ts";
import type { RequestJournal } from "../harness/journal.ts";
import { DEFAULT_IGNORED_MEMBERS } from "../harness/matching.ts";
import type { RequestHandler } from "../harness/node/server.ts";
import { type RecordEvent, RecordingProxy } from "../harness/recorder.ts";
import { readRecordings, recordingFolder } from "../harness/node/recordings.ts";
import { RecordingReplayer, regionOfHost, regionOfRecordings, type ReplayEvent } from "../harness/replay.ts";
import type { AcceptedCredentials } from "../harness/sigv4-verifier.ts";
import { DEMO_ACCOUNT_ID } from "../harness/demo.ts";
import { resolveEndpoint } from "../src/endpoint.ts";
import { ConfigurationError, loadAwsSettings } from "./credentials.ts";

/** What the server serves in a mode. */
export interface ServeMode {
  /** Answers every API request (and journals it). */
  handler: RequestHandler;
  /** Behind the control plane: health, the mode's journal, and a reset that starts the mode over; every other endpoint answers 409. */
  controlPlane: ControlPlaneStandIn;
  /** Printed before listening. */
  banner: string;
}

/** A mode's handler (which journals each request into `journal`, as the simulator does, secrets redacted) and control plane. */
function journaledMode(
  name: "recording" | "replaying",
  handler: RequestHandler,
  { journal, changes, region, restart, dashboard }: {
    journal: RequestJournal;
    changes: ChangeFeed;
    region: string | undefined;
    restart: () => void;
    dashboard: Pick<ControlPlaneStandIn, "recordings" | "closestRecording">;
  },
): Pick<ServeMode, "handler" | "controlPlane"> {
  const controlPlane: ControlPlaneStandIn = {
    ...dashboard,
    subscribe: (listener) => changes.subscribe(listener),
    health: () => ({
      status: "ok",
      service: name === "recording" ? "rekognition-edge recording proxy" : "rekognition-edge replay",
      region: region ?? null,
      time: new Date().toISOString(),
    }),
    reset: () => (journal.clear(), restart(), changes.emit({ type: "reset" })),
    readJournal: (filter) => journal.entries(filter),
    clearRequests: () => journal.clear(),
    refusal: `not while ${name}: this server answers from ${
      name === "recording" ? "the real service" : "recordings"
    }, not the simulator; GET /__admin/requests shows what clients sent`,
  };
  return { handler, controlPlane };
}

/** What both modes share. */
interface ModeOptions {
  /** The folder. */
  dir: string;
  /** The test credentials clients sign with. */
  credentials: readonly AcceptedCredentials[];
  /** A line of the request log. */
  log: (line: string) => void;
  /** Log every request, not only the ones that went wrong. */
  verbose: boolean;
}

/** Options of {@link recordMode}: where the real service is, and where its credentials come from. */
export interface RecordModeOptions extends ModeOptions {
  /** `--upstream`; default the regional endpoint. */
  upstream: string | undefined;
  /** `--region`. */
  region: string | undefined;
  /** `--profile`. */
  profile: string | undefined;
  anonymize: boolean;
  /** Environment variables, home directory and file reader: where the real credentials are found. */
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string | undefined;
  readFile: (path: string) => Promise<string | undefined>;
}

/** The banner's lines of the credentials clients sign with: `  <access key id> / <secret> (session token <token>)`. */
export function credentialLines(credentials: readonly AcceptedCredentials[]): string {
  return credentials.map(({ accessKeyId, secretAccessKey, sessionToken }) =>
    `  ${accessKeyId} / ${secretAccessKey}${sessionToken ? ` (session token ${sessionToken})` : ""}`
  ).join("\n");
}

/**
 * The recording proxy in front of the real service, with the real credentials
 * found as the AWS CLI finds them.
 *
 * @throws {ConfigurationError} no real credentials or region, the test credentials given as the real ones, a bad `--upstream`.
 */
export async function recordMode(options: RecordModeOptions): Promise<ServeMode> {
  const settings = await loadAwsSettings({ env: options.env, profile: options.profile, readFile: options.readFile, homeDir: options.homeDir });
  if (options.upstream !== undefined && !/^https?:\/\/[^/?#]+\/?$/.test(options.upstream)) {
    throw new ConfigurationError(`--upstream must be an http(s) URL without path, query or fragment, got ${JSON.stringify(options.upstream)}`);
  }
  const region = options.region ?? settings.region ?? (options.upstream === undefined ? undefined : regionOfHost(new URL(options.upstream).host));
  if (region === undefined) throw new ConfigurationError("--record needs the real service's region: --region, AWS_REGION, or region in ~/.aws/config");
  const credentials = settings.credentials;
  if (credentials === undefined) {
    throw new ConfigurationError(
      "--record needs the real credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or a profile in ~/.aws/credentials (--profile)",
    );
  }
  if (options.credentials.some(({ accessKeyId }) => accessKeyId === credentials.accessKeyId)) {
    throw new ConfigurationError(
      `the real credentials (${settings.credentialsSource}) are the test credentials ${credentials.accessKeyId}: clients sign with those; give the proxy your real ones (in the server's environment or --profile)`,
    );
  }
  const endpoint = (options.upstream ?? resolveEndpoint({ region })).replace(/\/$/, "");
  const store = await recordingFolder(options.dir);
  const earlier = store.index?.scenarios.length ?? 0;
  const changes = new ChangeFeed();
  const journal = reportedJournal(changes);
  const recorder = new RecordingProxy({
    journal,
    upstream: { region, endpoint, credentials },
    store,
    credentials: options.credentials,
    anonymize: options.anonymize,
    onRecord: (event) => options.log(recordLine(event)),
  });
  const banner = `rekognition-edge recording proxy: CreateProjectVersion and DescribeProjectVersions

Recording into ${options.dir}${earlier > 0 ? ` (after its ${earlier} earlier recordings)` : ""}
Upstream: ${endpoint} (region ${region}), signed with the credentials of ${settings.credentialsSource} (access key ...${credentials.accessKeyId.slice(-4)})
Account ids: ${options.anonymize ? `replaced by ${DEMO_ACCOUNT_ID} (--anonymize)` : "kept (add --anonymize to replace them)"}

Clients sign with (for ${region}):
${credentialLines(options.credentials)}

Every request goes to the real service: what it does (training) is billed.
`;
  const dashboard = { recordings: () => ({ mode: "record" as const, folder: options.dir, recordings: recorder.index.scenarios }) };
  return { ...journaledMode("recording", (request) => recorder.handle(request), { journal, changes, region, restart: () => {}, dashboard }), banner };
}

/** A log line of a recorded request. */
function recordLine(event: RecordEvent): string {
  const outcome = event.file ? `saved ${event.file}` : (event.error ?? "");
  return `${new Date().toISOString()} ${event.operation ?? "-"} ${event.status || "dropped"} ${outcome}`.trimEnd();
}

/** Options of {@link replayMode}. */
export interface ReplayModeOptions extends ModeOptions {
  /** `--replay-ignore`: members left out of matching; default the replayer's. */
  ignoreMembers: readonly string[] | undefined;
  /** `--region`: the region clients must sign for. Default: the recordings' region, if they name one. */
  region: string | undefined;
}

/**
 * The replayer of a recorded folder.
 *
 * @throws {Error} a folder that is not a recorded session (named in the message).
 */
export async function replayMode(options: ReplayModeOptions): Promise<ServeMode> {
  const scenarios = await readRecordings(options.dir);
  const ignoreMembers = options.ignoreMembers ?? DEFAULT_IGNORED_MEMBERS;
  const region = options.region ?? regionOfRecordings(scenarios);
  const changes = new ChangeFeed();
  const journal = reportedJournal(changes);
  const replayer = new RecordingReplayer(scenarios, {
    journal,
    credentials: options.credentials,
    ignoreMembers,
    ...(region === undefined ? {} : { region }),
    onRequest: (event) => {
      if (options.verbose || event.scenario === undefined) options.log(replayLine(event));
    },
  });
  const counts = new Map<string, number>();
  for (const { request } of scenarios) counts.set(request.operation, (counts.get(request.operation) ?? 0) + 1);
  const banner = `rekognition-edge replay: CreateProjectVersion and DescribeProjectVersions from recordings

Replaying ${options.dir}: ${scenarios.length} scenarios (${[...counts].map(([operation, count]) => `${operation} x${count}`).join(", ") || "none"})
Matching: a recording by its operation and whole body (ignored: ${ignoreMembers.join(", ") || "nothing"}), a hand-written
scenario by its trigger; repeated requests get the matching scenarios in order, then the last again
No match: 404 NoMatchingRecordingException naming the closest recording

Clients sign with (${region === undefined ? "any region" : `for ${region}`}):
${credentialLines(options.credentials)}
`;
  return {
    ...journaledMode("replaying", (request) => replayer.handle(request), {
      journal,
      changes,
      region,
      restart: () => replayer.reset(),
      dashboard: {
        recordings: () => ({ mode: "replay", folder: options.dir, recordings: scenarios.map((scenario) => indexEntryOf(scenario)) }),
        closestRecording: (id) => nearMissOf(journal, replayer, id),
      },
    }),
    banner,
  };
}

/** A log line of a replayed request. */
function replayLine(event: ReplayEvent): string {
  const outcome = event.scenario ? `replayed ${event.scenario}` : event.status === 404 ? "no recording matches" : "refused";
  return `${new Date().toISOString()} ${event.operation ?? "-"} ${event.status} ${outcome}`;
}
