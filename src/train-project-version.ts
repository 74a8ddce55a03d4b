/**
 * Durable training on Cloudflare Workflows: one training (create the version,
 * wait for a training slot, follow it to the end) as the steps of a Workflow
 * instance, safe to replay after a restart and never creating twice.
 *
 * Web-standard only: nothing from `cloudflare:*`. The Workflow's `step` is
 * taken structurally ({@link WorkflowStepLike}), so this runs, and is tested,
 * on any runtime. What the engine does and how this module copes (workers-sdk
 * `packages/workflows-shared`, checked in workerd with miniflare 4.20260426.0):
 *
 * - A finished `step.do` never runs again: a replayed instance gets its stored
 *   result. An interrupted one runs again, so its side effect may happen twice:
 *   the create step recognises a version it created in an earlier try.
 * - Step results are persisted (and cross an RPC boundary): here they are plain
 *   JSON data, the description in its wire form (epoch seconds), re-hydrated
 *   (`Date`s) outside the step. A class instance would not survive.
 * - A sleep is identified by its name and its duration: a duration computed
 *   differently on replay sleeps again. Every duration here derives from stored
 *   step results only (jitter is drawn inside a step).
 * - A step that throws is retried per its config, unless the error is named
 *   `NonRetryableError` (the engine checks `name`, and `message.startsWith`,
 *   because RPC folds a custom name into the message). Permanent errors are
 *   therefore returned from the step as data and thrown outside any step, where
 *   every uncaught error ends the instance at once, without retries.
 *
 * @module
 */
import * as v from "valibot";
import { checkTraining } from "./check-training.ts";
import type { RekognitionClient } from "./client.ts";
import { type Clock, systemClock } from "./clock.ts";
import {
  MalformedResponseError,
  MODELED_EXCEPTIONS,
  RekognitionServiceException,
  type ResponseMetadata,
  ValidationError,
  type ValidationIssue,
} from "./errors.ts";
import { createProjectVersion, type CreateProjectVersionInput } from "./operations/create-project-version.ts";
import { type ProjectVersionDescription, ProjectVersionDescriptionSchema } from "./operations/describe-project-versions.ts";
import { isModeledException } from "./protocol.ts";
import { isRetryableFailure } from "./retry.ts";
import { isPlainObject, lazily } from "./shapes.ts";
import { clockSetting, functionSetting, optionalSetting, parseOrThrow, positiveSeconds } from "./validation.ts";
import {
  ProjectVersionNotFoundError,
  type ProjectVersionTarget,
  resolveDelays,
  TRAINING_COMPLETED_WAITER,
  TrainingFailedError,
  WaiterTimeoutError,
} from "./waiters.ts";

// ---------------------------------------------------------------------------
// What the steps persist
// ---------------------------------------------------------------------------

/** An error a step met, as plain data: rebuilt as its class and thrown outside the step. */
export interface StepErrorData {
  /** The error type, e.g. `AccessDeniedException`, `ProjectVersionNotFoundError`. */
  name: string;
  /** The error's message. */
  message: string;
  /** Set on service exceptions: where the fault lies. */
  $fault?: "client" | "server";
  /** The call's metadata (status, request id, attempts), when known. */
  $metadata?: ResponseMetadata;
  /** The modeled `Code` member of a service exception. */
  Code?: string;
  /** The modeled `Logref` member of a service exception. */
  Logref?: string;
  /** A ValidationError's issues. */
  issues?: ValidationIssue[];
}

/**
 * A `ProjectVersionDescription` as DescribeProjectVersions sends it: timestamps
 * in epoch seconds, non-finite floats as the strings `NaN`, `Infinity`,
 * `-Infinity`. Plain JSON, so it survives any step storage.
 */
export type WireProjectVersionDescription = { [member: string]: JsonValue };

/** A value JSON can hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [member: string]: JsonValue };

/**
 * What the steps of {@link trainProjectVersion} return and the engine stores:
 * plain JSON data only. `at` is when the step ran (epoch ms, the `clock` option's).
 */
export type TrainingStepResult =
  /** `begin`: when the workflow began, and the version of that name that already existed, if any. */
  | { step: "begin"; outcome: "began"; at: number; existingVersionArn: string | null }
  /** `create n`: the version exists, made by this workflow (`reconciled` after a lost answer). */
  | { step: "create"; outcome: "created"; at: number; ProjectVersionArn: string; reconciled: boolean }
  /** `create n`: LimitExceededException; the next try follows a `step.sleep` of `retryAfterMs`. */
  | { step: "create"; outcome: "limit-exceeded"; at: number; retryAfterMs: number; error: StepErrorData }
  /** `check n`: one look with `checkTraining`. */
  | {
    step: "check";
    outcome: "in-progress" | "completed" | "failed";
    at: number;
    /** When to look again, in milliseconds; null once training ended. */
    nextPollAfterMs: number | null;
    description: WireProjectVersionDescription;
  }
  /** Any step: a permanent error, thrown by {@link trainProjectVersion} outside the step. */
  | StepFailure<"begin">
  | StepFailure<"create">
  | StepFailure<"check">;

/** A step's result when it met a permanent error: {@link trainProjectVersion} throws it, rebuilt, outside the step. */
export interface StepFailure<TStep extends string> {
  /** The step: `begin`, `create` or `check`. */
  step: TStep;
  /** A permanent error. */
  outcome: "error";
  /** When the step ran (epoch ms). */
  at: number;
  /** The error, as data. */
  error: StepErrorData;
}

// ---------------------------------------------------------------------------
// The step, structurally
// ---------------------------------------------------------------------------

/** Retries and timeout of one step, as `step.do` takes them (Cloudflare's `WorkflowStepConfig`), passed on as given. */
export interface WorkflowStepConfigLike {
  /**
   * Retries after an attempt throws: `limit` retries, `delay` (ms, `"10 seconds"`,
   * or a function of the failed attempt returning one) growing per `backoff`.
   */
  retries?: {
    limit: number;
    delay: string | number | ((failure: { ctx: unknown; error: Error }) => string | number | Promise<string | number>);
    backoff?: "constant" | "linear" | "exponential";
  };
  /** The longest one attempt may take (ms or `"10 minutes"`). */
  timeout?: string | number;
}

/**
 * The part of a Workflow's `step` that {@link trainProjectVersion} uses.
 * Cloudflare's `WorkflowStep` (the `step` argument of `run`) is one; so is a
 * test double.
 */
export interface WorkflowStepLike {
  /** Runs `callback` once (its result is persisted), or returns the stored result of an earlier run. */
  do<T extends TrainingStepResult>(name: string, callback: () => Promise<T>): Promise<T>;
  /** As above, with the step's retries and timeout. */
  do<T extends TrainingStepResult>(name: string, config: WorkflowStepConfigLike, callback: () => Promise<T>): Promise<T>;
  /** Sleeps `duration` milliseconds without using CPU (or returns at once when that sleep already ended). */
  sleep(name: string, duration: number): Promise<void>;
}

/** What {@link trainProjectVersion} needs of a client: create, and describe (its own look-ups and `checkTraining`'s). */
export type TrainingClient = Pick<RekognitionClient, "createProjectVersion" | "describeProjectVersions">;

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

/** Options of {@link trainProjectVersion}. Times in seconds, as in the waiters. */
export interface TrainProjectVersionOptions {
  /**
   * The longest the whole training may take, waiting for a training slot
   * included, in seconds. Default 172,800 (2 days).
   */
  maxWaitTime?: number;
  /**
   * Shortest wait between two looks at the training, and the first wait for a
   * training slot after LimitExceededException, in seconds. Default 120.
   */
  minDelay?: number;
  /** Longest wait between two looks, or for a training slot, in seconds. Default 900. */
  maxDelay?: number;
  /**
   * Retries and timeout of every step, for what another try may fix
   * (throttling, 5xx, network errors). Default: the engine's (5 retries,
   * exponential, 10-minute timeout).
   */
  stepConfig?: WorkflowStepConfigLike;
  /**
   * What the step names start with. Default `train <VersionName>`. Give one when
   * a workflow trains two versions of the same name (in two projects), or when
   * the VersionName is too long for a step name.
   */
  name?: string;
  /** The source of the current time. For tests; the system clock by default. */
  clock?: Clock;
  /** The random source of the jitter, in [0, 1). For tests; `Math.random` by default. */
  random?: () => number;
}

/** The engine's limit on a step name's length. */
const MAX_STEP_NAME_LENGTH = 256;
/** The longest suffix of a step name here. */
const LONGEST_SUFFIX = ": wait for a training slot 99999";
/** The longest single `step.sleep` the engine accepts: 365 days, in seconds. */
const MAX_SLEEP_SECONDS = 365 * 24 * 3600;
/** Default `maxWaitTime`: a day of queueing for a slot plus a day of training. */
const DEFAULT_MAX_WAIT_TIME = 2 * 24 * 3600;

const OptionsSchema = lazily(() =>
  v.strictObject({
    maxWaitTime: v.optional(positiveSeconds()),
    minDelay: v.optional(positiveSeconds("", MAX_SLEEP_SECONDS)),
    maxDelay: v.optional(positiveSeconds("", MAX_SLEEP_SECONDS)),
    stepConfig: optionalSetting<WorkflowStepConfigLike>(isPlainObject, "must be a step config object ({ retries?, timeout? })"),
    name: v.optional(
      v.pipe(
        v.string(),
        v.minLength(1, "must not be empty"),
        // deno-lint-ignore no-control-regex -- the engine refuses control characters in step names
        v.check((name) => !/[\u0000-\u001F]/.test(name), "must not contain control characters"),
        v.maxLength(
          MAX_STEP_NAME_LENGTH - LONGEST_SUFFIX.length,
          `must be at most ${MAX_STEP_NAME_LENGTH - LONGEST_SUFFIX.length} characters (step names are at most ${MAX_STEP_NAME_LENGTH})`,
        ),
      ),
    ),
    clock: clockSetting(),
    random: functionSetting<() => number>(),
  })
);

/** The step names of one training (see {@link trainingStepNames}). */
export interface TrainingStepNames {
  /** `<prefix>: begin` */
  begin: string;
  /** `<prefix>: create <attempt>`, attempt 1 first. */
  create(attempt: number): string;
  /** `<prefix>: wait for a training slot <attempt>` (a sleep), after create `attempt` met LimitExceededException. */
  slot(attempt: number): string;
  /** `<prefix>: wait <poll>` (a sleep), before check `poll`. */
  wait(poll: number): string;
  /** `<prefix>: check <poll>`, poll 1 first. */
  check(poll: number): string;
}

/**
 * The names of the steps {@link trainProjectVersion} runs for `prefix` (its
 * `name` option, `train <VersionName>` by default): deterministic, and unique
 * within the workflow for one prefix. For tests that mock or await a step.
 */
export function trainingStepNames(prefix: string): TrainingStepNames {
  return {
    begin: `${prefix}: begin`,
    create: (attempt: number) => `${prefix}: create ${attempt}`,
    slot: (attempt: number) => `${prefix}: wait for a training slot ${attempt}`,
    wait: (poll: number) => `${prefix}: wait ${poll}`,
    check: (poll: number) => `${prefix}: check ${poll}`,
  };
}

// ---------------------------------------------------------------------------
// The helper
// ---------------------------------------------------------------------------

const WAITER = TRAINING_COMPLETED_WAITER.name;

/**
 * Trains one version as durable steps of a Cloudflare Workflow: call it from a
 * `WorkflowEntrypoint`'s `run` with its `step`. Resolves with the version's
 * description once training completes; rejects when it fails or cannot go on.
 *
 * Steps, named `<name>: …` (`name` defaults to `train <VersionName>`):
 * 1. `begin`: the time the workflow began, and whether a version of that name
 *    already exists (one DescribeProjectVersions).
 * 2. `create 1`, `create 2`, …: CreateProjectVersion. Safe when the step runs
 *    again (a lost answer, an engine restart after the create committed): a
 *    ResourceInUseException for a version that did not exist at `begin` and
 *    was created after it is this workflow's own, and training goes on. A
 *    version that existed before is a real conflict: the exception is thrown.
 *    A LimitExceededException (too many trainings at once) is waited out with
 *    `step.sleep`s (`wait for a training slot n`) backing off from `minDelay`
 *    to `maxDelay`, with jitter.
 * 3. `wait n` (`step.sleep`) then `check n` (`checkTraining`), until training
 *    ends; each wait is `checkTraining`'s `nextPollAfterMs` (a tenth of the
 *    training time so far, between `minDelay` and `maxDelay`).
 *
 * With the defaults a day of training takes 120 steps (sleeps do not count
 * toward the engine's step limit, 1,024 on the free plan), and a day of
 * waiting for a slot at most about 195 more (README, "Durable training on
 * Cloudflare Workflows").
 *
 * Throttling, 5xx and network errors are thrown inside the step, so the step's
 * retry config (`stepConfig`) retries them. Other errors end the workflow at
 * once: the step returns them as data and they are thrown outside any step
 * (an uncaught error there ends the instance, without retries).
 *
 * @throws {TrainingFailedError} training failed; `StatusMessage` says why.
 * @throws {ProjectVersionUnusableError} the version is being deleted (DELETING), or is a copy that failed (COPYING_FAILED).
 * @throws {WaiterTimeoutError} `maxWaitTime` passed (still training, or still no slot: `lastError`).
 * @throws {ResourceInUseException} a version of that name existed before the workflow began.
 * @throws {ValidationError} bad input or options; no step ran, nothing was sent.
 * @throws {RekognitionServiceException} a permanent error (access, project not found, invalid parameter…).
 * @throws {ProjectVersionNotFoundError} the version vanished while training.
 *
 * @example
 * ```ts
 * import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
 * import { RekognitionClient } from "rekognition-edge";
 * import { trainProjectVersion } from "rekognition-edge/workflows";
 *
 * export class TrainingWorkflow extends WorkflowEntrypoint<Env, { VersionName: string }> {
 *   async run(event: WorkflowEvent<{ VersionName: string }>, step: WorkflowStep) {
 *     const client = new RekognitionClient({ region: "us-east-1", credentials: { accessKeyId: this.env.AWS_ACCESS_KEY_ID, secretAccessKey: this.env.AWS_SECRET_ACCESS_KEY } });
 *     const version = await trainProjectVersion(step, client, {
 *       ProjectArn: this.env.PROJECT_ARN, VersionName: event.payload.VersionName, OutputConfig: { S3Bucket: "my-bucket" },
 *     });
 *     return { ProjectVersionArn: version.ProjectVersionArn, F1Score: version.EvaluationResult?.F1Score };
 *   }
 * }
 * ```
 */
export async function trainProjectVersion(
  step: WorkflowStepLike,
  client: TrainingClient,
  input: CreateProjectVersionInput,
  options: TrainProjectVersionOptions = {},
): Promise<ProjectVersionDescription> {
  const subject = "trainProjectVersion options";
  const settings = parseOrThrow(OptionsSchema, options, subject);
  const { minDelay, maxDelay } = resolveDelays(subject, settings, { minDelay: 120, maxDelay: 900 });
  parseOrThrow(createProjectVersion.input, input, `${createProjectVersion.name} input`);
  const prefix = settings.name ?? `train ${input.VersionName}`;
  if (prefix.length + LONGEST_SUFFIX.length > MAX_STEP_NAME_LENGTH) {
    throw new ValidationError(subject, [{
      path: "name",
      message: `is needed: "train <VersionName>" is too long for a step name (at most ${MAX_STEP_NAME_LENGTH} characters)`,
    }]);
  }
  const { clock = systemClock, random = Math.random, stepConfig } = settings;
  const target: ProjectVersionTarget = { ProjectArn: input.ProjectArn, VersionName: input.VersionName };
  const names = trainingStepNames(prefix);
  const run = <T extends TrainingStepResult>(name: string, callback: () => Promise<T>): Promise<T> =>
    stepConfig === undefined ? step.do(name, callback) : step.do(name, stepConfig, callback);

  const begin = await run(names.begin, () => beginTraining(client, target, clock));
  if (begin.outcome === "error") throw rebuildError(begin.error, target);
  const deadline = begin.at + (settings.maxWaitTime ?? DEFAULT_MAX_WAIT_TIME) * 1000;
  const timeout = (progress: { attempts: number; at: number; lastDescription?: ProjectVersionDescription; lastError?: unknown }) =>
    new WaiterTimeoutError(WAITER, { ...progress, elapsedMs: progress.at - begin.at });

  // Create the version, waiting out LimitExceededException.
  let lastAt: number;
  for (let attempt = 1;; attempt++) {
    const backoff = { attempt, minDelayMs: minDelay * 1000, maxDelayMs: maxDelay * 1000, random };
    const created = await run(names.create(attempt), () => createVersion(client, input, begin.existingVersionArn, begin.at, backoff, clock));
    if (created.outcome === "created") {
      lastAt = created.at;
      break;
    }
    if (created.outcome === "error") throw rebuildError(created.error, target);
    const remaining = deadline - created.at;
    if (remaining <= 0) throw timeout({ attempts: attempt, at: created.at, lastError: rebuildError(created.error, target) });
    await step.sleep(names.slot(attempt), Math.round(Math.min(created.retryAfterMs, remaining)));
  }

  // Follow the training: sleep, then look once.
  let delayMs = minDelay * 1000;
  let lastDescription: ProjectVersionDescription | undefined;
  for (let poll = 1;; poll++) {
    const remaining = deadline - lastAt;
    if (remaining <= 0) throw timeout({ attempts: poll - 1, at: lastAt, ...(lastDescription ? { lastDescription } : {}) });
    await step.sleep(names.wait(poll), Math.round(Math.min(delayMs, remaining)));
    const check = await run(names.check(poll), () => checkOnce(client, target, { minDelay, maxDelay, clock }));
    if (check.outcome === "error") throw rebuildError(check.error, target);
    const description = fromWire(check.description);
    if (check.outcome === "completed") return description;
    if (check.outcome === "failed") {
      // As the training waiter: TrainingFailedError, or ProjectVersionUnusableError (DELETING, COPYING_FAILED).
      const { failure } = TRAINING_COMPLETED_WAITER;
      const Failure = description.Status !== undefined && Object.hasOwn(failure, description.Status) ? failure[description.Status]! : TrainingFailedError;
      throw new Failure(WAITER, description);
    }
    lastDescription = description;
    lastAt = check.at;
    delayMs = check.nextPollAfterMs ?? minDelay * 1000;
  }
}

// ---------------------------------------------------------------------------
// The steps' bodies
// ---------------------------------------------------------------------------

type Result<TStep extends TrainingStepResult["step"], TOutcome extends TrainingStepResult["outcome"]> = Extract<
  TrainingStepResult,
  { step: TStep; outcome: TOutcome }
>;

/** The first step: when the workflow began, and the version of that name that already exists, if any. */
async function beginTraining(
  client: TrainingClient,
  { ProjectArn, VersionName }: ProjectVersionTarget,
  clock: Clock,
): Promise<Result<"begin", "began" | "error">> {
  const at = clock.now();
  try {
    const { ProjectVersionDescriptions = [] } = await client.describeProjectVersions({ ProjectArn, VersionNames: [VersionName] });
    const existing = ProjectVersionDescriptions.find((description) => description.ProjectVersionArn !== undefined);
    return { step: "begin", outcome: "began", at, existingVersionArn: existing?.ProjectVersionArn ?? null };
  } catch (error) {
    return { step: "begin", outcome: "error", at, error: permanentOrThrow(error) };
  }
}

/** How long to wait for a training slot: see {@link slotWaitMs}. */
export interface SlotBackoff {
  /** 1 for the first create. */
  attempt: number;
  minDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

/**
 * One CreateProjectVersion, recognising this workflow's own version after a lost answer or a rerun of
 * the step: one made at or after `begin` (the client judges by the service's clock) when none existed then.
 */
async function createVersion(
  client: TrainingClient,
  input: CreateProjectVersionInput,
  existingVersionArn: string | null,
  beganAt: number,
  backoff: SlotBackoff,
  clock: Clock,
): Promise<Result<"create", TrainingStepResult["outcome"]>> {
  // A version that existed at `begin` is a real conflict, however recent: nothing to look up.
  const reconcile = existingVersionArn === null && { since: beganAt };
  try {
    const { ProjectVersionArn, $metadata } = await client.createProjectVersion(input, { reconcile });
    return { step: "create", outcome: "created", at: clock.now(), ProjectVersionArn, reconciled: $metadata.reconciled === true };
  } catch (error) {
    const data = toErrorData(error);
    if (data.name === "LimitExceededException") {
      return { step: "create", outcome: "limit-exceeded", at: clock.now(), retryAfterMs: slotWaitMs(backoff), error: data };
    }
    return { step: "create", outcome: "error", at: clock.now(), error: permanentOrThrow(error) };
  }
}

/**
 * The wait for a training slot before create number `attempt + 1`, in ms:
 * between half the ceiling and the ceiling `min(maxDelay, minDelay·2^(attempt−1))`,
 * never below `minDelay`. Not the waiters' full jitter down to `minDelay`: a
 * slot frees when some training ends, minutes to hours away, and every wait
 * costs two steps of the workflow's budget.
 */
export function slotWaitMs({ attempt, minDelayMs, maxDelayMs, random }: SlotBackoff): number {
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** (attempt - 1));
  return Math.round(Math.max(minDelayMs, ceiling / 2 + (random() * ceiling) / 2));
}

/** One look with `checkTraining`, as plain data. */
async function checkOnce(
  client: TrainingClient,
  target: ProjectVersionTarget,
  options: { minDelay: number; maxDelay: number; clock: Clock },
): Promise<Result<"check", TrainingStepResult["outcome"]>> {
  try {
    const { state, description, nextPollAfterMs } = await checkTraining(client, target, options);
    return { step: "check", outcome: state, at: options.clock.now(), nextPollAfterMs, description: toWire(description) };
  } catch (error) {
    return { step: "check", outcome: "error", at: options.clock.now(), error: permanentOrThrow(error) };
  }
}

// ---------------------------------------------------------------------------
// Errors and descriptions as data
// ---------------------------------------------------------------------------

/** `error` as data, when it is permanent; a transient error is thrown again, for the step's retries. */
function permanentOrThrow(error: unknown): StepErrorData {
  const data = toErrorData(error);
  // From the error's data: the caller's client may come from another copy of the classes than this
  // module's (the package's Bun build of its main entry is self-contained).
  if (isRetryableFailure(data)) throw error;
  return data;
}

/** The members of an error that say what it was, as plain JSON data. */
function toErrorData(error: unknown): StepErrorData {
  if (typeof error !== "object" || error === null) return { name: "Error", message: String(error) };
  const { name, message, $fault, $metadata, Code, Logref, issues } = error as Record<string, unknown>;
  const data: StepErrorData = { name: typeof name === "string" ? name : "Error", message: typeof message === "string" ? message : String(error) };
  if ($fault === "client" || $fault === "server") data.$fault = $fault;
  if (isPlainObject($metadata)) data.$metadata = JSON.parse(JSON.stringify($metadata)) as ResponseMetadata;
  if (typeof Code === "string") data.Code = Code;
  if (typeof Logref === "string") data.Logref = Logref;
  if (Array.isArray(issues)) data.issues = JSON.parse(JSON.stringify(issues)) as ValidationIssue[];
  return data;
}

/** The error `data` describes, as its class (this module's copy of it). */
function rebuildError(data: StepErrorData, target: ProjectVersionTarget): Error {
  const $metadata = data.$metadata ?? { attempts: 0, totalRetryDelayMs: 0 };
  if (data.$fault !== undefined) {
    const options = {
      message: data.message,
      $metadata,
      ...(data.Code === undefined ? {} : { Code: data.Code }),
      ...(data.Logref === undefined ? {} : { Logref: data.Logref }),
    };
    return isModeledException(data.name)
      ? new MODELED_EXCEPTIONS[data.name](options)
      : new RekognitionServiceException({ ...options, name: data.name, $fault: data.$fault });
  }
  let error: Error;
  if (data.name === "ProjectVersionNotFoundError") error = new ProjectVersionNotFoundError(target, $metadata);
  else if (data.name === "MalformedResponseError") error = new MalformedResponseError(data.message, { $metadata });
  else if (data.name === "ValidationError") error = new ValidationError("input", data.issues ?? []);
  else {
    error = new Error(data.message);
    error.name = data.name;
  }
  error.message = data.message;
  return error;
}

/** A description in its wire form: plain JSON data. */
export function toWire(description: ProjectVersionDescription): WireProjectVersionDescription {
  const text = JSON.stringify(description, function (this: Record<string, unknown>, key, value: unknown) {
    const original = this[key];
    if (original instanceof Date) return original.getTime() / 1000;
    if (typeof value === "number" && !Number.isFinite(value)) return String(value);
    return value;
  });
  return JSON.parse(text) as WireProjectVersionDescription;
}

/** A description from its wire form, as the client returns it (`Date`s, numbers). */
export function fromWire(wire: WireProjectVersionDescription): ProjectVersionDescription {
  return v.parse(ProjectVersionDescriptionSchema, wire);
}
