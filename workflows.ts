/**
 * rekognition-edge/workflows: train Rekognition Custom Labels versions as
 * durable Cloudflare Workflows, with {@link trainProjectVersion}.
 *
 * Web-standard only (no `cloudflare:*` import, no Node built-in): the Workflow's
 * `step` is taken structurally, so the helper also runs under a test double.
 *
 * The errors it throws are re-exported here. Import the classes you test with
 * `instanceof` from this entry: the package's entries are built separately, so
 * `rekognition-edge`'s copy of a class is not this entry's (or compare `name`).
 *
 * @module
 */
export {
  trainingStepNames,
  trainProjectVersion,
  type StepErrorData,
  type StepFailure,
  type JsonValue,
  type TrainingClient,
  type TrainingStepNames,
  type TrainingStepResult,
  type TrainProjectVersionOptions,
  type WireProjectVersionDescription,
  type WorkflowStepConfigLike,
  type WorkflowStepLike,
} from "./src/workflows.ts";
export * from "./src/errors.ts";
export { ProjectVersionNotFoundError, TrainingFailedError, WaiterFailureError, WaiterTimeoutError } from "./src/waiters.ts";
