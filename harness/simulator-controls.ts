/**
 * The simulator's admin facade: one method per control-plane endpoint
 * (`/__admin/…`, control-plane.ts), same name and meaning, so TypeScript
 * tests can skip HTTP; and the change notifications. It holds the parts a
 * simulator is made of (the model, the journal, the queued answers and their
 * delays) and builds them from the options; {@link RekognitionSimulator}
 * adds the request pipeline and the fetch adapter on top.
 *
 * @module
 */
import type { Clock } from "../src/clock.ts";
import { type AddProjectInput, checkedInput, type VersionStatusChange } from "./admin-input.ts";
import { ChangeFeed, type ChangeListener, reportedJournal } from "./changes.ts";
import { SIMULATOR_CREDENTIALS } from "./demo.ts";
import type { Fault } from "./faults.ts";
import type { JournalEntry, JournalFilter, JournalQuery } from "./journal.ts";
import { type PendingResponse, type QueuedResponse, QueuedResponseSchema, ResponseQueue } from "./response-queue.ts";
import { type ClockState, ServiceModel, type SimulatedVersionInfo, type SimulatorState } from "./service-model.ts";
import type { AcceptedCredentials, SigV4Hashing } from "./sigv4-verifier.ts";
import { Delays, type SimulatorParts } from "./simulator-pipeline.ts";

/** What `GET /__admin/health` names the simulator (`service`): how a tool tells it from a recording or replaying server. */
export const SIMULATOR_SERVICE = "rekognition-edge simulator";

/** One answered request, for logs. */
export interface SimulatorEvent {
  /** The request's method. */
  method: string;
  /** The operation named by `X-Amz-Target`, when there is one. */
  operation?: string;
  /** The status sent, or 0 when the answer was dropped. */
  status: number;
  /** The `x-amzn-RequestId` answered, if any. */
  requestId?: string;
  /** The transport fault injected, if any. */
  fault?: Fault;
}

/** Options of {@link RekognitionSimulator}. */
export interface SimulatorOptions {
  /** The clock under the service's: training time and SigV4 time checks use it. Default: the system clock. */
  clock?: Clock;
  /** How long simulated training takes on that clock, in seconds (fractions allowed). Default 3. */
  trainingSeconds?: number;
  /**
   * The accepted credentials. Default `[SIMULATOR_CREDENTIALS]`. With `sessionToken`,
   * requests must carry it; with `expiresAt` (epoch ms), later requests get ExpiredTokenException.
   */
  credentials?: AcceptedCredentials[];
  /** Start (and {@link SimulatorControls.reset}) with the three demo projects. Default true. */
  seedDemoProjects?: boolean;
  /** The service's region: requests must be signed for it, projects live in it. Default `us-east-1`. */
  region?: string;
  /** The account projects belong to. Default `111122223333`. */
  accountId?: string;
  /** Makes every generated value (request ids, Logrefs, ARN times, F1 scores, page tokens) repeat from run to run. */
  seed?: number;
  /** At most this many versions in TRAINING_IN_PROGRESS; a create beyond gets LimitExceededException. Default: no limit. */
  maxConcurrentTrainings?: number;
  /** Called after every answer (for request logs). */
  onRequest?: (event: SimulatorEvent) => void;
  /**
   * Synchronous SHA-256 and HMAC for the signature check (`nativeHashing()` of `rekognition-edge/harness/node`, which
   * `startServer` and `rekognition-edge serve` use). Default WebCrypto, any runtime.
   */
  hashing?: SigV4Hashing;
}

/** What the simulator runs with (`GET /__admin/health`). */
export interface SimulatorHealth {
  /** Always `ok`: it answered. */
  status: "ok";
  /** What answers: `rekognition-edge simulator`. */
  service: string;
  /** The service's region. */
  region: string;
  /** The account of its projects. */
  accountId: string;
  /** How long a training takes, in seconds. */
  trainingSeconds: number;
  /** The cap on versions in training, or null for none. */
  maxConcurrentTrainings: number | null;
  /** The seed of its generated values, or null for none. */
  seed: number | null;
  /** The service's time (ISO 8601). */
  time: string;
}

/** The parts of a simulator, for the pipeline that {@link RekognitionSimulator} builds over them (assigned below). */
let partsOf: (controls: SimulatorControls) => SimulatorParts;

/** The parts of a simulator: for simulator.ts only (the parts stay private to everyone else). */
export function simulatorParts(controls: SimulatorControls): SimulatorParts {
  return partsOf(controls);
}

/**
 * What the control plane drives: a simulator's state, journal and queued
 * answers, one method per endpoint. {@link RekognitionSimulator} is the one
 * to construct.
 */
export abstract class SimulatorControls {
  /** The service's region: requests must be signed for it. */
  readonly region: string;
  /** The account its projects belong to. */
  readonly accountId: string;
  readonly #parts: SimulatorParts;
  readonly #changes = new ChangeFeed();

  static {
    partsOf = (controls) => controls.#parts;
  }

  /** The parts, from the options (a RangeError for a bad one). */
  constructor(options: SimulatorOptions) {
    const changes = this.#changes;
    const model = new ServiceModel({
      clock: options.clock,
      trainingSeconds: options.trainingSeconds,
      seedDemoProjects: options.seedDemoProjects,
      region: options.region,
      accountId: options.accountId,
      seed: options.seed,
      maxConcurrentTrainings: options.maxConcurrentTrainings,
      onChange: (what) => changes.emit({ type: "state", what }),
    });
    const journal = reportedJournal(changes);
    const queue = new ResponseQueue(() => changes.emit({ type: "state", what: "responses" }));
    // Checked even when there are none: then every request is refused.
    const credentials = [...(options.credentials ?? [SIMULATOR_CREDENTIALS])];
    this.#parts = { model, journal, queue, delays: new Delays(), credentials, hashing: options.hashing };
    this.region = model.region;
    this.accountId = model.accountId;
  }

  /** How long training of versions created from now on takes, in seconds. */
  get trainingSeconds(): number {
    return this.#parts.model.trainingSeconds;
  }

  set trainingSeconds(seconds: number) {
    this.#parts.model.trainingSeconds = seconds;
  }

  /** The seed of its generated values, if one was given. */
  get seed(): number | undefined {
    return this.#parts.model.random.seed;
  }

  /** The cap on versions in training, if any. */
  get maxConcurrentTrainings(): number | undefined {
    return this.#parts.model.maxConcurrentTrainings;
  }

  /** The service's clock, epoch ms: the clock given plus the skew ({@link setClockSkew}). */
  now(): number {
    return this.#parts.model.now();
  }

  /**
   * Calls `listener` with every change from now on (journal entries arriving
   * and answered, the journal emptied, state changes, resets), synchronously,
   * as data (changes.ts); returns the function that stops it.
   */
  subscribe(listener: ChangeListener): () => void {
    return this.#changes.subscribe(listener);
  }

  /** `GET /__admin/health`: what the simulator runs with. */
  health(): SimulatorHealth {
    return {
      status: "ok",
      service: SIMULATOR_SERVICE,
      region: this.region,
      accountId: this.accountId,
      trainingSeconds: this.trainingSeconds,
      maxConcurrentTrainings: this.maxConcurrentTrainings ?? null,
      seed: this.seed ?? null,
      time: new Date(this.now()).toISOString(),
    };
  }

  /**
   * `POST /__admin/reset`: back to the start: the demo projects (if it started
   * with them), no versions, an empty journal, no queued answers, the clocks
   * as given (no skew, not advanced), the seeded values from their start.
   * The configuration (region, credentials, training time, limits) stays.
   * A request still waiting out a queued answer's `delayMs` gets no answer
   * (its connection closes): that answer belongs to the world before the reset.
   */
  reset(): void {
    const { delays, model, journal, queue } = this.#parts;
    delays.cutAll();
    model.reset();
    journal.clear();
    queue.clear();
    this.#changes.emit({ type: "reset" });
  }

  /** `GET /__admin/state`: every project and its versions (newest first, as DescribeProjectVersions would show them), and the clocks. */
  state(): SimulatorState {
    return this.#parts.model.state();
  }

  /**
   * `POST /__admin/projects`: adds a project in the simulator's region and
   * account (feature CUSTOM_LABELS and no datasets unless told).
   * Throws `ControlPlaneError` 400 for a bad name, 409 for a name in use.
   */
  addProject(project: AddProjectInput): { ProjectArn: string } {
    return this.#parts.model.addProject(project);
  }

  /**
   * `POST /__admin/versions/status`: sets a version's status to any value
   * (RUNNING, FAILED, DEPRECATED, EXPIRED, or one outside the enum); it stays
   * there. Returns the version's description. Throws `ControlPlaneError`
   * 404 for an unknown project or version.
   */
  setVersionStatus(change: VersionStatusChange): { ProjectVersionDescription: Record<string, unknown> } {
    return this.#parts.model.setVersionStatus(change);
  }

  /** `POST /__admin/clock/advance`: moves the training clock ahead; versions finish as if that time had passed. */
  advanceClock(seconds: number): ClockState {
    return this.#parts.model.advanceClock(seconds);
  }

  /**
   * `POST /__admin/clock/skew`: sets how far the service's clock is from the
   * clock given (negative: behind). Signature checks and `Date` headers
   * follow it, so a client's clock-skew correction can be tested.
   */
  setClockSkew(seconds: number): ClockState {
    return this.#parts.model.setClockSkew(seconds);
  }

  /**
   * The journal, oldest first (the latest 10,000 requests; session tokens `[REDACTED]`): copies of the matching
   * entries, all of them unless `limit` says how many; `after` an entry's id, the ones after it. What
   * `GET /__admin/requests` answers, without its default page. Throws `JournalCursorError` for an `after` the
   * journal does not hold.
   */
  requests(query: JournalQuery = {}): JournalEntry[] {
    return this.#parts.journal.list(query);
  }

  /**
   * The journal's matching entries, oldest first, each built when the iteration reaches it (not copies: read only),
   * e.g. to page through a full journal, or resume after the last entry a listener saw (`after`). What
   * `GET /__admin/requests` writes, in slices.
   */
  readJournal(filter: JournalFilter = {}): Iterable<JournalEntry> {
    return this.#parts.journal.entries(filter);
  }

  /** `DELETE /__admin/requests`: empties the journal; returns how many requests it held. */
  clearRequests(): number {
    return this.#parts.journal.clear();
  }

  /**
   * `POST /__admin/responses`: queues an answer for the next matching,
   * correctly signed request; returns its id. Throws `ControlPlaneError`
   * 400 for a bad spec.
   */
  queueResponse(queued: QueuedResponse): string {
    const id = this.#parts.model.random.uuid();
    this.#parts.queue.add(id, checkedInput(QueuedResponseSchema, queued));
    return id;
  }

  /** `GET /__admin/responses`: the queued answers not used up yet, oldest first. */
  pendingResponses(): PendingResponse[] {
    return this.#parts.queue.pending();
  }

  /**
   * `DELETE /__admin/responses`: drops every queued answer; returns how many
   * there were. A request still waiting out a queued answer's `delayMs` gets
   * no answer (its connection closes), rather than that answer late.
   */
  clearResponses(): number {
    this.#parts.delays.cutAll();
    return this.#parts.queue.clear();
  }

  /**
   * `DELETE /__admin/responses?id=…`: drops the queued answer `id` (as
   * `queueResponse` returned it), the others kept; false when none pending
   * has that id (used up, dropped, or never queued). A request already
   * answered by it, or waiting out its `delayMs`, is not affected.
   */
  removeResponse(id: string): boolean {
    return this.#parts.queue.remove(id);
  }

  /**
   * Makes the next CreateProjectVersion (only one named `versionName`, if
   * given) be carried out and then lose its answer, as when the connection
   * drops after the service acted: `simulator.fetch` rejects with a TypeError,
   * `simulator.handle` returns `Response.error()` (MSW turns it into a network
   * error, the server closes the connection without answering). A retry then
   * meets ResourceInUseException for a version that exists: the case a client
   * must reconcile. `times` (default 1) loses that many answers. The same as
   * queueing `{ operation: "CreateProjectVersion", respond: { fault: "LOST_ANSWER" } }`;
   * any client can also use VersionName `fixture-LostAnswer…`.
   */
  loseNextAnswer(options: { versionName?: string; times?: number } = {}): void {
    this.queueResponse({
      operation: "CreateProjectVersion",
      ...(options.versionName === undefined ? {} : { match: { VersionName: options.versionName } }),
      times: options.times ?? 1,
      respond: { fault: "LOST_ANSWER" },
    });
  }

  /** The versions of a project, newest first, with their status now. */
  versions(projectArn: string): SimulatedVersionInfo[] {
    return this.#parts.model.versions(projectArn);
  }
}
