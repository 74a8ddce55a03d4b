/**
 * Waiters on DescribeProjectVersions: poll one version until its status says
 * "done" (`waitUntilTrainingCompleted`, `waitUntilProjectVersionRunning`).
 *
 * One engine runs both. A waiter is data ({@link StatusWaiter}): its delays,
 * the statuses that end it in success, and those that end it in failure with
 * their error. Delays follow the Smithy waiter rules (exponential backoff with
 * jitter between `minDelay` and `maxDelay`, a last poll at the deadline).
 *
 * The training waiter differs from the model's (and the official SDK's), which
 * succeeds on TRAINING_COMPLETED only: every status a version reaches after
 * training (RUNNING, STOPPED, COPYING_COMPLETED, …) means training completed,
 * and DELETING and COPYING_FAILED end the wait at once. `waitUntilProjectVersionRunning`
 * reads the statuses as the model's acceptors do (tests/waiters.test.ts checks both against the model).
 *
 * Unlike the official SDK, which keeps polling through any error, errors that
 * cannot get better end the wait at once: only what {@link isRetryable} accepts
 * (throttling, 5xx, 429, network errors and timeouts) is polled through. A
 * MalformedResponseError also ends it: answers are read leniently (unknown
 * members and enum values pass), so a 2xx body that still fails is not
 * Rekognition talking (a proxy's page, a wrong endpoint), and hours of polling
 * would only hide that.
 *
 * @module
 */
import * as v from "valibot";
import type { RekognitionClient } from "./client.ts";
import { type Clock, systemClock } from "./clock.ts";
import { type ResponseMetadata, ValidationError } from "./errors.ts";
import type { ProjectVersionDescription, ProjectVersionStatus } from "./operations/describe-project-versions.ts";
import { isRetryable } from "./retry.ts";
import { lazily, ProjectArnSchema, VersionNameSchema } from "./shapes.ts";
import { clockSetting, functionSetting, isFunction, optionalSetting, parseOrThrow, positiveSeconds } from "./validation.ts";

/** What the waiters need of a client: one DescribeProjectVersions call. */
export type ProjectVersionsDescriber = Pick<RekognitionClient, "describeProjectVersions">;

/**
 * The version a waiter watches (a CreateProjectVersion input will do). The
 * waiter always polls with `VersionNames: [VersionName]`.
 */
export interface ProjectVersionTarget {
  /** The project's ARN. */
  ProjectArn: string;
  /** The version's name (not its ARN). */
  VersionName: string;
}

/** The schema of {@link ProjectVersionTarget}. Other members are ignored, so a CreateProjectVersion input will do. */
export const ProjectVersionTargetSchema = lazily(() => v.object({ ProjectArn: ProjectArnSchema, VersionName: VersionNameSchema }));

/** What a poll's status means to a waiter: the wait succeeds, fails, or goes on (`retry`). */
export type WaiterState = "success" | "failure" | "retry";

/*
 * The delays of the model's waiters, in seconds: `minDelay` as in the model's `smithy.waiters#waitable`
 * trait, `maxDelay` as in the JS SDK (the Smithy default).
 */
const TRAINING_COMPLETED_MIN_DELAY = 120;
const RUNNING_MIN_DELAY = 30;
const SDK_MAX_DELAY = 120;

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** The version reached a status it cannot leave for the one awaited. */
export class WaiterFailureError extends Error {
  /** `WaiterFailureError`, or the name of the subclass: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name: string = "WaiterFailureError";
  /** The waiter, e.g. `ProjectVersionRunning`. */
  declare readonly waiter: string;
  /** The version's description at the failing poll. */
  declare readonly description: ProjectVersionDescription;
  /** `description.Status`. */
  declare readonly Status: string | undefined;
  /** `description.StatusMessage`: the service's reason. */
  declare readonly StatusMessage: string | undefined;

  /** `why` the status ends the wait, when the status alone does not say. */
  constructor(waiter: string, description: ProjectVersionDescription, why?: string) {
    const { Status, StatusMessage } = description;
    super(`${waiter}: the version is ${Status}${why ? ` (${why})` : ""}${StatusMessage ? `: ${StatusMessage}` : ""}`);
    Object.assign(this, { waiter, description, Status, StatusMessage });
  }
}

/** Training ended in TRAINING_FAILED. `StatusMessage` says why (bad manifest, too few labels, …). */
export class TrainingFailedError extends WaiterFailureError {
  /** Always `TrainingFailedError`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "TrainingFailedError";
}

/** The model failed to start (status FAILED). */
export class ModelStartFailedError extends WaiterFailureError {
  /** Always `ModelStartFailedError`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "ModelStartFailedError";
}

/**
 * The version will never have a trained model: it is being deleted (DELETING), or it is a copy
 * that failed (COPYING_FAILED). `Status` says which; the message says why.
 */
export class ProjectVersionUnusableError extends WaiterFailureError {
  /** Always `ProjectVersionUnusableError`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "ProjectVersionUnusableError";

  /** The failure of `waiter` at a DELETING or COPYING_FAILED `description`; the message says which it is. */
  constructor(waiter: string, description: ProjectVersionDescription) {
    const why = description.Status === "DELETING" ? "it is being deleted" : "copying it failed";
    super(waiter, description, `${why}; it will never have a trained model`);
  }
}

/** `maxWaitTime` passed without a success or failure. */
export class WaiterTimeoutError extends Error {
  /** Always `WaiterTimeoutError`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "WaiterTimeoutError";
  /** The waiter, e.g. `ProjectVersionTrainingCompleted`. */
  declare readonly waiter: string;
  /** Polls made. */
  declare readonly attempts: number;
  /** Time waited, in milliseconds. */
  declare readonly elapsedMs: number;
  /** The last description received, if any poll answered. */
  declare readonly lastDescription: ProjectVersionDescription | undefined;
  /** The transient error of the last poll, if it failed (throttling, 5xx, network). */
  declare readonly lastError: unknown;

  /** The timeout of `waiter`, with what it saw: polls made, time waited, the last description or error. */
  constructor(waiter: string, progress: { attempts: number; elapsedMs: number; lastDescription?: ProjectVersionDescription | undefined; lastError?: unknown }) {
    const { attempts, elapsedMs, lastDescription, lastError } = progress;
    const last = lastError === undefined ? `still ${lastDescription?.Status}` : `the last poll failed (${(lastError as Error)?.name})`;
    super(`${waiter}: ${last} after ${Math.round(elapsedMs / 1000)} s and ${attempts} polls`);
    Object.assign(this, { waiter, attempts, elapsedMs, lastDescription, lastError });
  }
}

/** DescribeProjectVersions returned no version of that name: it does not exist (or the project has another). */
export class ProjectVersionNotFoundError extends Error {
  /** Always `ProjectVersionNotFoundError`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "ProjectVersionNotFoundError";
  /** The project searched. */
  declare readonly ProjectArn: string;
  /** The version name not found in it. */
  declare readonly VersionName: string;
  /** Of the DescribeProjectVersions call that found nothing. */
  declare readonly $metadata: ResponseMetadata;

  /** The version `VersionName` of `ProjectArn` was not in the answer whose metadata is `$metadata`. */
  constructor({ ProjectArn, VersionName }: ProjectVersionTarget, $metadata: ResponseMetadata) {
    super(`No version named "${VersionName}" in project ${ProjectArn}`);
    Object.assign(this, { ProjectArn, VersionName, $metadata });
  }
}

// ---------------------------------------------------------------------------
// This library's waiters
// ---------------------------------------------------------------------------

/** The error a failure status rejects with. */
export type WaiterFailureClass = new (waiter: string, description: ProjectVersionDescription) => WaiterFailureError;

/**
 * A waiter of this library, as data: its name, delays in seconds, the statuses
 * that end it in success, and those that end it in failure with their error.
 * Any other status (an unknown one too: enums are open) polls on.
 */
export interface StatusWaiter {
  readonly name: string;
  readonly minDelay: number;
  readonly maxDelay: number;
  readonly success: readonly ProjectVersionStatus[];
  readonly failure: Readonly<Record<string, WaiterFailureClass>>;
}

/**
 * `waitUntilTrainingCompleted` (and `checkTraining`): success once training has
 * completed, that is on TRAINING_COMPLETED and on every status a version reaches
 * only after it (started, running, stopped, failed to start, copied, deprecated,
 * expired); failure on TRAINING_FAILED, and on DELETING and COPYING_FAILED (no
 * trained model will ever exist). TRAINING_IN_PROGRESS, COPYING_IN_PROGRESS and
 * unknown statuses poll on. The official SDK's waiter succeeds on
 * TRAINING_COMPLETED alone, so it polls a version that was started since until
 * its deadline.
 */
export const TRAINING_COMPLETED_WAITER: StatusWaiter = {
  name: "ProjectVersionTrainingCompleted",
  minDelay: TRAINING_COMPLETED_MIN_DELAY,
  maxDelay: SDK_MAX_DELAY,
  success: ["TRAINING_COMPLETED", "STARTING", "RUNNING", "FAILED", "STOPPING", "STOPPED", "COPYING_COMPLETED", "DEPRECATED", "EXPIRED"],
  failure: { TRAINING_FAILED: TrainingFailedError, DELETING: ProjectVersionUnusableError, COPYING_FAILED: ProjectVersionUnusableError },
};

/** `waitUntilProjectVersionRunning`: the model's acceptors (RUNNING succeeds, FAILED fails). */
export const RUNNING_WAITER: StatusWaiter = {
  name: "ProjectVersionRunning",
  minDelay: RUNNING_MIN_DELAY,
  maxDelay: SDK_MAX_DELAY,
  success: ["RUNNING"],
  failure: { FAILED: ModelStartFailedError },
};

/** What `status` means to `waiter`: `success`, `failure`, or `retry` (poll again). */
export function statusState(waiter: StatusWaiter, status: ProjectVersionStatus | undefined): WaiterState {
  if (status === undefined) return "retry";
  return waiter.success.includes(status) ? "success" : Object.hasOwn(waiter.failure, status) ? "failure" : "retry";
}

/** The outcome of one poll of one version. */
export interface VersionPoll {
  state: WaiterState;
  description: ProjectVersionDescription;
}

/**
 * The project ARN and version name of `target` (other members dropped).
 *
 * @throws {ValidationError} `target` is not a project ARN and a version name; nothing is sent.
 */
export function parseTarget(target: ProjectVersionTarget): ProjectVersionTarget {
  return parseOrThrow(ProjectVersionTargetSchema, target, "project version");
}

/**
 * Describes one version and reads its status with `waiter`. Shared by the
 * waiters and `checkTraining`, which check `target` once with {@link parseTarget}.
 *
 * @throws {ProjectVersionNotFoundError} the version does not exist.
 * @throws what `describeProjectVersions` throws.
 */
export async function pollProjectVersion(
  client: ProjectVersionsDescriber,
  waiter: StatusWaiter,
  target: ProjectVersionTarget,
  signal?: AbortSignal,
): Promise<VersionPoll> {
  const { ProjectArn, VersionName } = target;
  const output = await client.describeProjectVersions(
    { ProjectArn, VersionNames: [VersionName] },
    signal ? { signal } : {},
  );
  const description = output.ProjectVersionDescriptions?.[0];
  if (description === undefined) throw new ProjectVersionNotFoundError(target, output.$metadata);
  return { state: statusState(waiter, description.Status), description };
}

// ---------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------

/** What `onPoll` is told after each poll. */
export interface WaiterPoll {
  /** The waiter, e.g. `ProjectVersionTrainingCompleted`. */
  waiter: string;
  /** 1 for the first poll. */
  attempt: number;
  /** Time since the wait began, in milliseconds. */
  elapsedMs: number;
  /** `success` and `failure` end the wait; `retry` means another poll follows (or the wait times out). */
  state: "success" | "failure" | "retry";
  /** The version's description, when the poll was answered. */
  description?: ProjectVersionDescription;
  /** The transient error (throttling, 5xx, network) the poll met instead; the wait goes on. */
  error?: unknown;
  /** When another poll follows: the delay before it, in milliseconds. */
  nextDelayMs?: number;
}

/** Options of a waiter. Times are in seconds, as in the AWS SDK's waiters. */
export interface WaiterOptions {
  /** The longest the wait may take, in seconds. Required, > 0. */
  maxWaitTime: number;
  /** Shortest delay between polls, in seconds (> 0). Default: the waiter's (120 training, 30 running). */
  minDelay?: number;
  /** Longest delay between polls, in seconds (≥ minDelay). Default 120, or `minDelay` when that is larger. */
  maxDelay?: number;
  /** Stops the wait at once, also mid-sleep; the waiter rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Called after every poll, e.g. to show progress. An error it throws ends the wait. */
  onPoll?: (poll: WaiterPoll) => void;
  /** The source of time for delays and the deadline. For tests; the system clock by default. */
  clock?: Clock;
  /** The random source of the jitter, in [0, 1). For tests; `Math.random` by default. */
  random?: () => number;
}

/** The options a waiter shares with `checkTraining`: delays, `signal` and `clock`. */
export const pollingOptionEntries = () => ({
  minDelay: v.optional(positiveSeconds()),
  maxDelay: v.optional(positiveSeconds()),
  signal: optionalSetting<AbortSignal>(
    (value) => typeof (value as AbortSignal)?.aborted === "boolean" && isFunction((value as AbortSignal).addEventListener),
    "must be an AbortSignal",
  ),
  clock: clockSetting(),
});

/** The schema of {@link WaiterOptions}. */
export const WaiterOptionsSchema = lazily(() =>
  v.strictObject({
    maxWaitTime: positiveSeconds(" (the longest the wait may take)"),
    ...pollingOptionEntries(),
    onPoll: functionSetting<(poll: WaiterPoll) => void>(),
    random: functionSetting<() => number>(),
  })
);

/**
 * The delays of `options`, in seconds, with `defaults` for those not given; a
 * default `maxDelay` below the given `minDelay` rises to it.
 *
 * @throws {ValidationError} `minDelay` exceeds `maxDelay`.
 */
export function resolveDelays(
  subject: string,
  options: { minDelay?: number | undefined; maxDelay?: number | undefined },
  defaults: { minDelay: number; maxDelay: number },
): { minDelay: number; maxDelay: number } {
  const minDelay = options.minDelay ?? defaults.minDelay;
  const maxDelay = options.maxDelay ?? Math.max(defaults.maxDelay, minDelay);
  if (minDelay > maxDelay) throw new ValidationError(subject, [{ path: "minDelay", message: `must not exceed maxDelay (${minDelay} > ${maxDelay})` }]);
  return { minDelay, maxDelay };
}

/**
 * The delay before retry number `retry` (1 for the first), in milliseconds,
 * per the Smithy waiter rules: uniform in [minDelay, min(maxDelay, minDelay·2^(retry−1))].
 */
export function waiterDelay(retry: number, minDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** (retry - 1));
  return minDelayMs + random() * (ceiling - minDelayMs);
}

/**
 * Polls one version until `waiter` reads a success status (resolves with the
 * description) or a failure status (rejects with its error), or `maxWaitTime`
 * passes. Transient errors (see {@link isRetryable}) are ridden out; any other
 * error rejects at once.
 */
export async function waitForProjectVersion(
  waiter: StatusWaiter,
  client: ProjectVersionsDescriber,
  target: ProjectVersionTarget,
  options: WaiterOptions,
): Promise<ProjectVersionDescription> {
  const subject = `${waiter.name} waiter options`;
  const settings = parseOrThrow(WaiterOptionsSchema, options, subject);
  const { minDelay, maxDelay } = resolveDelays(subject, settings, waiter);
  const version = parseTarget(target);
  const { signal, onPoll, clock = systemClock, random = Math.random } = settings;
  signal?.throwIfAborted();
  const startedAt = clock.now();
  const deadline = startedAt + settings.maxWaitTime * 1000;
  let lastDescription: ProjectVersionDescription | undefined;
  let lastPoll = false;
  for (let attempt = 1;; attempt++) {
    let poll: WaiterPoll;
    try {
      const { state, description } = await pollProjectVersion(client, waiter, version, signal);
      lastDescription = description;
      poll = { waiter: waiter.name, attempt, elapsedMs: clock.now() - startedAt, state, description };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (!isRetryable(error)) throw error;
      poll = { waiter: waiter.name, attempt, elapsedMs: clock.now() - startedAt, state: "retry", error };
    }
    if (poll.state !== "retry") {
      onPoll?.(poll);
      if (poll.state === "success") return poll.description!;
      throw new waiter.failure[poll.description!.Status!]!(waiter.name, poll.description!);
    }
    const remaining = deadline - clock.now();
    if (!lastPoll && remaining > 0) {
      const delay = waiterDelay(attempt, minDelay * 1000, maxDelay * 1000, random);
      // Smithy: when the delay would leave no more than minDelay, wait out the remaining time and poll a last time at the deadline.
      // That poll is the last even if a clock (or float rounding) leaves a sliver of time after it.
      lastPoll = remaining - delay <= minDelay * 1000;
      poll.nextDelayMs = lastPoll ? remaining : delay;
    }
    onPoll?.(poll);
    if (poll.nextDelayMs === undefined) {
      throw new WaiterTimeoutError(waiter.name, { attempts: attempt, elapsedMs: clock.now() - startedAt, lastDescription, lastError: poll.error });
    }
    await clock.sleep(poll.nextDelayMs, signal);
  }
}

/**
 * Waits until a version's training has completed. Resolves with its
 * description on TRAINING_COMPLETED (with `EvaluationResult`), and on any status
 * a version reaches only after training completed: STARTING, RUNNING, FAILED
 * (to start), STOPPING, STOPPED, COPYING_COMPLETED, DEPRECATED, EXPIRED.
 * Rejects with a {@link TrainingFailedError} on TRAINING_FAILED, and with a
 * {@link ProjectVersionUnusableError} on DELETING and COPYING_FAILED. Polls on
 * TRAINING_IN_PROGRESS, COPYING_IN_PROGRESS and unknown statuses.
 *
 * Unlike the official SDK's `waitUntilProjectVersionTrainingCompleted`, which
 * succeeds on TRAINING_COMPLETED only and so waits out `maxWaitTime` on a version
 * that was started (or stopped, copied…) since.
 *
 * Polls DescribeProjectVersions every 120 s by default (the model's delay).
 * Throttling, 5xx and network errors are ridden out; access, not-found,
 * parameter, validation, credential and malformed-answer errors reject at once.
 *
 * @throws {TrainingFailedError} training failed; `StatusMessage` says why.
 * @throws {ProjectVersionUnusableError} the version is DELETING or COPYING_FAILED.
 * @throws {WaiterTimeoutError} `maxWaitTime` passed first.
 * @throws {ProjectVersionNotFoundError} no version of that name.
 * @throws {ValidationError} bad target or options; nothing was sent.
 * @throws {RekognitionServiceException} an error that cannot get better by waiting.
 *
 * @example
 * ```ts
 * const version = await waitUntilTrainingCompleted(client, { ProjectArn, VersionName: "v1" }, { maxWaitTime: 24 * 3600 });
 * console.log(version.EvaluationResult?.F1Score);
 * ```
 */
export function waitUntilTrainingCompleted(
  client: ProjectVersionsDescriber,
  target: ProjectVersionTarget,
  options: WaiterOptions,
): Promise<ProjectVersionDescription> {
  return waitForProjectVersion(TRAINING_COMPLETED_WAITER, client, target, options);
}

/**
 * Waits until a started version is RUNNING (ready for inference). Rejects with
 * a {@link ModelStartFailedError} on FAILED. Polls every 30 s at first, then
 * backs off to 120 s. Errors as {@link waitUntilTrainingCompleted}.
 */
export function waitUntilProjectVersionRunning(
  client: ProjectVersionsDescriber,
  target: ProjectVersionTarget,
  options: WaiterOptions,
): Promise<ProjectVersionDescription> {
  return waitForProjectVersion(RUNNING_WAITER, client, target, options);
}
