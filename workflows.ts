/**
 * rekognition-edge/workflows: train Rekognition Custom Labels versions as
 * durable Cloudflare Workflows, with {@link trainProjectVersion}.
 *
 * Web-standard only (no `cloudflare:*` import, no Node built-in): the Workflow's
 * `step` is taken structurally, so the helper also runs under a test double.
 *
 * The errors it throws are `rekognition-edge`'s classes (`TrainingFailedError`,
 * `WaiterTimeoutError`, the service exceptions): import them from there. The
 * entries share one copy of them, except under Bun, whose build of
 * `rekognition-edge` is self-contained: there, compare `error.name`.
 *
 * @module
 */
export {
  type JsonValue,
  type StepErrorData,
  type StepFailure,
  type TrainingClient,
  type TrainingStepNames,
  trainingStepNames,
  type TrainingStepResult,
  trainProjectVersion,
  type TrainProjectVersionOptions,
  type WireProjectVersionDescription,
  type WorkflowStepConfigLike,
  type WorkflowStepLike,
} from "./src/train-project-version.ts";
// The types its signatures mention (the client, its inputs, descriptions, errors), so that this entry documents itself.
export type * from "./mod.ts";
