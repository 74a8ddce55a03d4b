/**
 * Type tests of rekognition-edge/workflows. Checked by `tsc --noEmit`, not run.
 *
 * Cloudflare's own types are not a dependency, so `WorkflowStep` is declared
 * here as @cloudflare/workers-types declares it (generic `do` constrained by
 * `Rpc.Serializable`, a context argument and rollback options, `sleep` taking
 * `WorkflowSleepDuration`): the real `step` must be accepted as it is.
 */
import type { ProjectVersionDescription, RekognitionClient } from "../mod.ts";
import type {
  StepErrorData,
  TrainingClient,
  TrainingStepNames,
  trainingStepNames,
  TrainingStepResult,
  trainProjectVersion,
  TrainProjectVersionOptions,
  WorkflowStepConfigLike,
  WorkflowStepLike,
} from "../workflows.ts";
import type { Equal, Expect } from "./type-helpers.ts";

// --- @cloudflare/workers-types, as declared there (abridged to what matters) ---
type BaseType = void | undefined | null | boolean | number | bigint | string | Date | Error;
type Serializable<T> =
  | BaseType
  | Map<T extends Map<infer U, unknown> ? Serializable<U> : never, T extends Map<unknown, infer U> ? Serializable<U> : never>
  | Set<T extends Set<infer U> ? Serializable<U> : never>
  | ReadonlyArray<T extends ReadonlyArray<infer U> ? Serializable<U> : never>
  | { [K in keyof T]: K extends number | string ? Serializable<T[K]> : never };
type WorkflowDurationLabel = "second" | "minute" | "hour" | "day" | "week" | "month" | "year";
type WorkflowSleepDuration = `${number} ${WorkflowDurationLabel}${"s" | ""}` | number;
type WorkflowDelayDuration = WorkflowSleepDuration;
type WorkflowTimeoutDuration = WorkflowSleepDuration;
type WorkflowBackoff = "constant" | "linear" | "exponential";
type WorkflowStepConfig = {
  retries?: { limit: number; delay: WorkflowDelayDuration | number; backoff?: WorkflowBackoff };
  timeout?: WorkflowTimeoutDuration | number;
};
type WorkflowStepContext = { step: { name: string; count: number }; attempt: number; config: WorkflowStepConfig };
type WorkflowStepRollbackOptions<T> = { rollback: (context: { output: T | undefined }) => Promise<void>; rollbackConfig?: WorkflowStepConfig };
declare abstract class WorkflowStep {
  do<T extends Serializable<T>>(name: string, callback: (ctx: WorkflowStepContext) => Promise<T>, rollbackOptions?: WorkflowStepRollbackOptions<T>): Promise<T>;
  do<T extends Serializable<T>>(
    name: string,
    config: WorkflowStepConfig,
    callback: (ctx: WorkflowStepContext) => Promise<T>,
    rollbackOptions?: WorkflowStepRollbackOptions<T>,
  ): Promise<T>;
  sleep: (name: string, duration: WorkflowSleepDuration) => Promise<void>;
  sleepUntil: (name: string, timestamp: Date | number) => Promise<void>;
  waitForEvent<T>(
    name: string,
    options: { type: string; timeout?: WorkflowTimeoutDuration | number },
  ): Promise<{ payload: Readonly<T>; timestamp: Date; type: string }>;
}
// ---

/** Depths left, for recursive checks of recursive types. */
type Prev = [never, 0, 1, 2, 3, 4, 5, 6, 7];
/** Whether T is plain JSON data down to depth D: no Date, Map, Set, function or class instance that JSON would turn into something else. */
type IsPlainData<T, D extends number = 8> = [D] extends [never] ? true
  : T extends null | undefined | boolean | number | string ? true
  : T extends Date | Map<unknown, unknown> | Set<unknown> | ((...args: never[]) => unknown) ? false
  : T extends readonly (infer U)[] ? IsPlainData<U, Prev[D]>
  : T extends object ? false extends { [K in keyof T]-?: IsPlainData<T[K], Prev[D]> }[keyof T] ? false
    : true
  : false;

export type Tests = [
  // Cloudflare's step is a WorkflowStepLike, and a config written for it is a stepConfig.
  Expect<WorkflowStep extends WorkflowStepLike ? true : false>,
  Expect<WorkflowStepConfig extends WorkflowStepConfigLike ? true : false>,
  // The client does.
  Expect<RekognitionClient extends TrainingClient ? true : false>,
  // Resolves with the description, Dates and all; options are all optional.
  Expect<Equal<Awaited<ReturnType<typeof trainProjectVersion>>, ProjectVersionDescription>>,
  Expect<Equal<Parameters<typeof trainProjectVersion>[3], TrainProjectVersionOptions | undefined>>,
  Expect<Record<never, never> extends TrainProjectVersionOptions ? true : false>,
  Expect<Equal<TrainProjectVersionOptions["maxWaitTime"], number | undefined>>,
  // Step results are plain JSON data, which any Workflows storage keeps as it is (a Date would not stay one everywhere).
  Expect<Equal<IsPlainData<TrainingStepResult>, true>>,
  Expect<Equal<IsPlainData<ProjectVersionDescription>, false>>, // the check can fail: a description has Dates
  Expect<Equal<TrainingStepResult["step"], "begin" | "create" | "check">>,
  Expect<Equal<Extract<TrainingStepResult, { outcome: "error" }>["error"], StepErrorData>>,
  // Step names are functions of the prefix.
  Expect<Equal<ReturnType<typeof trainingStepNames>, TrainingStepNames>>,
  Expect<Equal<ReturnType<TrainingStepNames["create"]>, string>>,
];

declare const step: WorkflowStep;
declare const client: RekognitionClient;
const input = { ProjectArn: "arn", VersionName: "v1", OutputConfig: { S3Bucket: "b" } };
export const withDefaults = (train: typeof trainProjectVersion) => train(step, client, input);
export const withOptions = (train: typeof trainProjectVersion) =>
  train(step, client, input, {
    maxWaitTime: 86_400,
    minDelay: 60,
    maxDelay: 600,
    stepConfig: { retries: { limit: 3, delay: "10 seconds", backoff: "exponential" }, timeout: "5 minutes" },
  });
// @ts-expect-error: a step without sleep is not a Workflow step
export const noSleep = (train: typeof trainProjectVersion) => train({ do: step.do.bind(step) }, client, input);
// @ts-expect-error: the input is a CreateProjectVersion input (OutputConfig is required)
export const noOutput = (train: typeof trainProjectVersion) => train(step, client, { ProjectArn: "arn", VersionName: "v1" });
// @ts-expect-error: delays are numbers of seconds
export const stringDelay = (train: typeof trainProjectVersion) => train(step, client, input, { minDelay: "2 minutes" });
