/**
 * The waiter cases (action `create-and-wait`). The SDKs' waiters sleep in real
 * time between polls (120 s for training) and the kit cannot move a child's
 * clock, so each case puts the version in its final state the moment the create
 * commits, before the client can read the create's answer (the kit delays that
 * answer and acts meanwhile): a client that polls at once, as the SDKs' waiters
 * do, finishes in no real time; a client that never polls fails.
 *
 * @module
 */
import { answeredOk, createAttempts, endingOf, exitedOk, exitedWithError, plural, pollsOfVersion } from "./observe.ts";
import { CREATE_API, WAITERS } from "./sources.ts";
import type { CaseRun, ConformanceCase, Grade } from "./types.ts";

/** How many polls `wait.failed` allows: the one that sees TRAINING_FAILED, and one more. */
export const MAX_POLLS_AFTER_FAILURE = 2;

/** The time limit of `wait.already-trained`, in seconds: a waiter that does not stop on RUNNING sleeps 120 s, so the case ends it here. */
export const ALREADY_TRAINED_TIME_LIMIT_SECONDS = 6;

/** The create answered 200 and the client read at least one poll of its version: else a FAIL saying which is missing. */
function createdAndPolled(run: CaseRun): { polls: number } | Grade {
  const created = createAttempts(run).some(answeredOk);
  const polls = pollsOfVersion(run).filter(answeredOk).length;
  if (!created) return { verdict: "FAIL", summary: `no CreateProjectVersion answered 200; ${endingOf(run.outcome)}`, evidence: { polls } };
  if (polls === 0) {
    return { verdict: "FAIL", summary: `never polled DescribeProjectVersions for its version; ${endingOf(run.outcome)}`, evidence: { polls } };
  }
  return { polls };
}

export const waitCompleted: ConformanceCase = {
  id: "wait.completed",
  level: "REQUIRED",
  action: "create-and-wait",
  behaviour: "Create, then wait: polls DescribeProjectVersions for this version and exits 0 once training has completed (the kit completes it " +
    "before the first poll by moving the training clock; no real half-hour).",
  why: `${CREATE_API}: "You can get the current status by calling DescribeProjectVersions. Training completed successfully if the value of the ` +
    `Status field is TRAINING_COMPLETED"; ${WAITERS}.`,
  async onVersionCreated({ control, trainingSeconds }) {
    await control.advanceClock(trainingSeconds + 1);
  },
  grade(run) {
    const polled = createdAndPolled(run);
    if ("verdict" in polled) return polled;
    if (!exitedOk(run.outcome)) return { verdict: "FAIL", summary: `training completed but ${endingOf(run.outcome)}`, evidence: polled };
    return { verdict: "PASS", summary: `${plural(polled.polls, "poll")}, saw TRAINING_COMPLETED; exit 0`, evidence: polled };
  },
};

export const waitFailed: ConformanceCase = {
  id: "wait.failed",
  level: "REQUIRED",
  action: "create-and-wait",
  behaviour: `Training ends TRAINING_FAILED (before the first poll): the client exits non-zero within ${MAX_POLLS_AFTER_FAILURE} polls.`,
  why: `${WAITERS} (TRAINING_FAILED is the waiter's failure state: it stops at once); ${CREATE_API}.`,
  async onVersionCreated({ control, projectArn, versionName }) {
    await control.setVersionStatus({ ProjectArn: projectArn, VersionName: versionName, Status: "TRAINING_FAILED" });
  },
  grade(run) {
    const polled = createdAndPolled(run);
    if ("verdict" in polled) return polled;
    if (exitedOk(run.outcome)) return { verdict: "FAIL", summary: "reported success for a version whose training failed", evidence: polled };
    if (polled.polls > MAX_POLLS_AFTER_FAILURE) {
      return { verdict: "FAIL", summary: `kept polling after TRAINING_FAILED: ${plural(polled.polls, "poll")}`, evidence: polled };
    }
    if (!exitedWithError(run.outcome)) return { verdict: "FAIL", summary: `did not end with an error exit: ${endingOf(run.outcome)}`, evidence: polled };
    return { verdict: "PASS", summary: `${plural(polled.polls, "poll")}, stopped on TRAINING_FAILED; ${endingOf(run.outcome)}`, evidence: polled };
  },
};

export const waitAlreadyTrained: ConformanceCase = {
  id: "wait.already-trained",
  level: "ADVISORY",
  action: "create-and-wait",
  timeLimitSeconds: ALREADY_TRAINED_TIME_LIMIT_SECONDS,
  behaviour: "The version is RUNNING before the first poll (someone started it): training has completed, so the client exits 0.",
  why: `Beyond the SDKs: their waiters succeed on TRAINING_COMPLETED only and wait until their timeout (${WAITERS}); the kit ends them at ` +
    `${ALREADY_TRAINED_TIME_LIMIT_SECONDS} s. Every status after training (RUNNING, STOPPED, …) means training completed (${CREATE_API}).`,
  async onVersionCreated({ control, projectArn, versionName }) {
    await control.setVersionStatus({ ProjectArn: projectArn, VersionName: versionName, Status: "RUNNING" });
  },
  grade(run) {
    const polled = createdAndPolled(run);
    if ("verdict" in polled) return polled;
    if (!exitedOk(run.outcome)) return { verdict: "FAIL", summary: `did not accept RUNNING as trained: ${endingOf(run.outcome)}`, evidence: polled };
    return { verdict: "PASS", summary: `${plural(polled.polls, "poll")}, accepted RUNNING as trained; exit 0`, evidence: polled };
  },
};
