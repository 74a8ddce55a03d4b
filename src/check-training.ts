/**
 * One look at a training job, for runtimes that cannot block for hours
 * (Workers cron triggers, Workflows, Durable Object alarms): poll once, store
 * nothing, and say when to look again.
 *
 * @module
 */
import * as v from "valibot";
import { type Clock, systemClock } from "./clock.ts";
import type { ProjectVersionDescription } from "./operations/describe-project-versions.ts";
import { parseOrThrow } from "./validation.ts";
import { lazily } from "./shapes.ts";
import {
  parseTarget,
  pollingOptionEntries,
  pollProjectVersion,
  type ProjectVersionsDescriber,
  type ProjectVersionTarget,
  resolveDelays,
  TRAINING_COMPLETED_WAITER,
} from "./waiters.ts";

/**
 * The outcome of {@link checkTraining}: the state of training, read from the
 * version's status as `waitUntilTrainingCompleted` reads it.
 */
export type TrainingCheck =
  | {
    /** Not ended yet: TRAINING_IN_PROGRESS, COPYING_IN_PROGRESS, or a status unknown to this library. */
    state: "in-progress";
    description: ProjectVersionDescription;
    /** When to look again, in milliseconds from now. */
    nextPollAfterMs: number;
  }
  | {
    /**
     * Training has completed: TRAINING_COMPLETED, or a status a version reaches only after it (STARTING,
     * RUNNING, FAILED to start, STOPPING, STOPPED, COPYING_COMPLETED, DEPRECATED, EXPIRED).
     * `description.EvaluationResult` holds the F1 score; `description.Status` says where the version is now.
     */
    state: "completed";
    description: ProjectVersionDescription;
    /** Nothing more to wait for. */
    nextPollAfterMs: null;
  }
  | {
    /**
     * Training will never complete: TRAINING_FAILED (`description.StatusMessage` says why), or DELETING
     * (the version is being deleted) or COPYING_FAILED (a copy that failed). `description.Status` says which.
     */
    state: "failed";
    description: ProjectVersionDescription;
    /** Nothing more to wait for. */
    nextPollAfterMs: null;
  };

/** Options of {@link checkTraining}. */
export interface CheckTrainingOptions {
  /** Aborts the call. */
  signal?: AbortSignal;
  /** Shortest `nextPollAfterMs`, in seconds. Default 120 (the model's training waiter delay). */
  minDelay?: number;
  /** Longest `nextPollAfterMs`, in seconds. Default 900 (15 minutes). */
  maxDelay?: number;
  /** The source of the current time. For tests; the system clock by default. */
  clock?: Clock;
}

/** The share of the training time so far to wait before the next look. */
const POLL_FRACTION = 0.1;

const CheckTrainingOptionsSchema = lazily(() => v.strictObject(pollingOptionEntries()));

const STATES = { success: "completed", failure: "failed", retry: "in-progress" } as const;

/**
 * Describes a version once and says whether its training ended: `completed`
 * also for a version started, stopped or copied since (the official SDK's waiter
 * knows only TRAINING_COMPLETED), `failed` also for DELETING and COPYING_FAILED
 * (see {@link TrainingCheck}).
 *
 * `nextPollAfterMs` grows with the time since training started
 * (`CreationTimestamp`): a tenth of it, between `minDelay` (2 min) and
 * `maxDelay` (15 min). Training takes 30 minutes to a day, so the end is
 * noticed within about 10% of the training time, with few calls early on
 * wasted on a job that cannot be done yet.
 *
 * @throws {ProjectVersionNotFoundError} no version of that name.
 * @throws what `describeProjectVersions` throws; {@link isRetryable} tells whether a later look may succeed.
 *
 * @example
 * ```ts
 * const check = await checkTraining(client, { ProjectArn, VersionName: "v1" });
 * if (check.state === "in-progress") await storage.setAlarm(Date.now() + check.nextPollAfterMs);
 * ```
 */
export async function checkTraining(
  client: ProjectVersionsDescriber,
  target: ProjectVersionTarget,
  options: CheckTrainingOptions = {},
): Promise<TrainingCheck> {
  const subject = "checkTraining options";
  const { signal, clock = systemClock, ...delays } = parseOrThrow(CheckTrainingOptionsSchema, options, subject);
  const { minDelay, maxDelay } = resolveDelays(subject, delays, { minDelay: 120, maxDelay: 900 });
  const { state, description } = await pollProjectVersion(client, TRAINING_COMPLETED_WAITER, parseTarget(target), signal);
  const checkState = STATES[state];
  if (checkState !== "in-progress") return { state: checkState, description, nextPollAfterMs: null };
  const started = description.CreationTimestamp?.getTime();
  const trainedMs = started === undefined || Number.isNaN(started) ? 0 : Math.max(0, clock.now() - started);
  const nextPollAfterMs = Math.round(Math.min(maxDelay * 1000, Math.max(minDelay * 1000, trainedMs * POLL_FRACTION)));
  return { state: "in-progress", description, nextPollAfterMs };
}
