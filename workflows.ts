/**
 * rekognition-edge/workflows: train Rekognition Custom Labels versions as
 * durable Cloudflare Workflows, with {@link trainProjectVersion}.
 *
 * Web-standard only (no `cloudflare:*` import, no Node built-in): the Workflow's
 * `step` is taken structurally, so the helper also runs under a test double.
 *
 * The errors it throws are `rekognition-edge`'s classes (`TrainingFailedError`,
 * `WaiterTimeoutError`, the service exceptions): import them from there. The
 * entries share one copy of them on every runtime, so `instanceof` holds.
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
// The main entry's types that its signatures mention, so that this entry documents itself (`deno doc --lint`).
export type {
  Asset,
  CallOptions,
  Clock,
  CreateProjectVersionInput,
  CreateProjectVersionOptions,
  CreateProjectVersionOutput,
  CUSTOMIZATION_FEATURES,
  CustomizationFeature,
  CustomizationFeatureConfig,
  CustomizationFeatureContentModerationConfig,
  DescribeProjectVersionsInput,
  DescribeProjectVersionsOutput,
  EvaluationResult,
  GroundTruthManifest,
  Operation,
  OutputConfig,
  PROJECT_VERSION_STATUSES,
  ProjectVersionDescription,
  ProjectVersionStatus,
  RekognitionClient,
  ResolvedConfig,
  ResponseMetadata,
  S3Object,
  TagMap,
  TestingData,
  TestingDataResult,
  TrainingData,
  TrainingDataResult,
  ValidationData,
  ValidationIssue,
  WithMetadata,
} from "./mod.ts";
