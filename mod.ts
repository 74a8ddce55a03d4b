/**
 * rekognition-edge: train Amazon Rekognition Custom Labels models and adapters
 * from any runtime with `fetch` and WebCrypto (Cloudflare Workers, Deno, Bun,
 * Node ≥ 20).
 *
 * @module
 */
export {
  RekognitionClient,
  type CallOptions,
  type CreateProjectVersionOptions,
  type Credentials,
  type CredentialsProvider,
  type RekognitionClientConfig,
  type ResolvedConfig,
  type Transport,
  type WithMetadata,
} from "./src/client.ts";
export { type Clock, systemClock } from "./src/clock.ts";
export { type HmacKey, type Sha256, webCryptoSha256 } from "./src/signer.ts";
export { resolveEndpoint, type EndpointParameters } from "./src/endpoint.ts";
export * from "./src/errors.ts";
export { defineOperation, type Operation } from "./src/operation.ts";
export * from "./src/operations/create-project-version.ts";
export * from "./src/operations/describe-project-versions.ts";
export { checkTraining, type CheckTrainingOptions, type TrainingCheck } from "./src/check-training.ts";
export { paginateProjectVersions } from "./src/paginate.ts";
export { backoffDelay, CLOCK_SKEW_ERROR_TYPES, isRetryable, THROTTLING_ERROR_TYPES } from "./src/retry.ts";
// The shapes' schemas and types, and how schemas are made; not the helpers the schemas are built with.
export {
  type Asset,
  AssetSchema,
  AssetsSchema,
  built,
  type CustomizationFeatureConfig,
  CustomizationFeatureConfigSchema,
  type CustomizationFeatureContentModerationConfig,
  CustomizationFeatureContentModerationConfigSchema,
  EpochSecondsSchema,
  ExtendedPaginationTokenSchema,
  type GroundTruthManifest,
  GroundTruthManifestSchema,
  KmsKeyIdSchema,
  type Lazily,
  lazily,
  type OutputConfig,
  OutputConfigSchema,
  PercentSchema,
  ProjectArnSchema,
  ProjectVersionArnSchema,
  ProjectVersionsPageSizeSchema,
  type S3Object,
  S3BucketSchema,
  S3KeyPrefixSchema,
  S3ObjectNameSchema,
  S3ObjectSchema,
  S3ObjectVersionSchema,
  type TagMap,
  TagKeySchema,
  TagMapSchema,
  TagValueSchema,
  type TestingData,
  TestingDataSchema,
  type TrainingData,
  TrainingDataSchema,
  VersionDescriptionSchema,
  VersionNameSchema,
  VersionNamesSchema,
  WireFloatSchema,
} from "./src/shapes.ts";
export {
  matchAcceptors,
  ModelStartFailedError,
  PROJECT_VERSION_WAITERS,
  ProjectVersionNotFoundError,
  ProjectVersionUnusableError,
  TrainingFailedError,
  WaiterFailureError,
  WaiterTimeoutError,
  waiterDelay,
  waitUntilProjectVersionRunning,
  waitUntilTrainingCompleted,
  type PathComparator,
  type ProjectVersionsDescriber,
  type ProjectVersionTarget,
  type WaiterAcceptor,
  type WaiterDefinition,
  type WaiterOptions,
  type WaiterPoll,
} from "./src/waiters.ts";
