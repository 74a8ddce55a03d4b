/**
 * Type tests of the training lifecycle exports: waiters, paginator,
 * checkTraining. Checked by `tsc --noEmit`, not run.
 */
import type {
  checkTraining,
  DescribeProjectVersionsOutput,
  paginateProjectVersions,
  ProjectVersionDescription,
  ProjectVersionUnusableError,
  TrainingCheck,
  TrainingFailedError,
  WaiterFailureError,
  WaiterOptions,
  WaiterPoll,
  WaiterTimeoutError,
  waitUntilProjectVersionRunning,
  waitUntilTrainingCompleted,
  WithMetadata,
} from "../mod.ts";

import type { Equal, Expect } from "./type-helpers.ts";

type InProgress = Extract<TrainingCheck, { state: "in-progress" }>;
type Ended = Exclude<TrainingCheck, { state: "in-progress" }>;

export type Tests = [
  // Waiters resolve with the description; their target is a project ARN and a version name.
  Expect<Equal<Awaited<ReturnType<typeof waitUntilTrainingCompleted>>, ProjectVersionDescription>>,
  Expect<Equal<Awaited<ReturnType<typeof waitUntilProjectVersionRunning>>, ProjectVersionDescription>>,
  Expect<Equal<Parameters<typeof waitUntilTrainingCompleted>[1], { ProjectArn: string; VersionName: string }>>,
  // maxWaitTime is required; the rest optional.
  Expect<Equal<WaiterOptions["maxWaitTime"], number>>,
  Expect<Equal<Record<never, never> extends WaiterOptions ? true : false, false>>,
  Expect<Equal<{ maxWaitTime: number } extends WaiterOptions ? true : false, true>>,
  Expect<Equal<Parameters<NonNullable<WaiterOptions["onPoll"]>>[0], WaiterPoll>>,
  // Typed errors.
  Expect<Equal<TrainingFailedError["name"], "TrainingFailedError">>,
  Expect<Equal<TrainingFailedError["description"], ProjectVersionDescription>>,
  Expect<Equal<TrainingFailedError["StatusMessage"], string | undefined>>,
  Expect<TrainingFailedError extends WaiterFailureError ? true : false>,
  Expect<Equal<ProjectVersionUnusableError["name"], "ProjectVersionUnusableError">>,
  Expect<Equal<ProjectVersionUnusableError["description"], ProjectVersionDescription>>,
  Expect<Equal<ConstructorParameters<typeof ProjectVersionUnusableError>, [string, ProjectVersionDescription]>>,
  Expect<ProjectVersionUnusableError extends WaiterFailureError ? true : false>,
  Expect<Equal<WaiterTimeoutError["lastDescription"], ProjectVersionDescription | undefined>>,
  // checkTraining: a union discriminated by state; only in-progress has a number of ms.
  Expect<Equal<Awaited<ReturnType<typeof checkTraining>>, TrainingCheck>>,
  Expect<Equal<TrainingCheck["state"], "in-progress" | "completed" | "failed">>,
  Expect<Equal<InProgress["nextPollAfterMs"], number>>,
  Expect<Equal<Ended["nextPollAfterMs"], null>>,
  Expect<Equal<TrainingCheck["description"], ProjectVersionDescription>>,
  // The paginator yields whole pages with metadata.
  Expect<Equal<ReturnType<typeof paginateProjectVersions>, AsyncGenerator<WithMetadata<DescribeProjectVersionsOutput>, void, undefined>>>,
];

// Narrowing works as a user would write it.
export function nextAlarm(check: TrainingCheck, now: number): number | undefined {
  if (check.state === "in-progress") return now + check.nextPollAfterMs;
  // @ts-expect-error: an ended check has no delay to add
  return now + check.nextPollAfterMs;
}

// A CreateProjectVersion input will do as a target (extra members are fine for a variable).
declare const client: Parameters<typeof waitUntilTrainingCompleted>[0];
const input = { ProjectArn: "arn", VersionName: "v1", OutputConfig: { S3Bucket: "b" } };
export const waiting = (waitUntil: typeof waitUntilTrainingCompleted) => waitUntil(client, input, { maxWaitTime: 60 });
// @ts-expect-error: maxWaitTime is required
export const missing = (waitUntil: typeof waitUntilTrainingCompleted) => waitUntil(client, input, {});
