/**
 * rekognition-edge: train Amazon Rekognition Custom Labels models and adapters
 * from any runtime with `fetch` and WebCrypto (Cloudflare Workers, Deno, Bun,
 * Node ≥ 20).
 *
 * @module
 */
export {
  type CallOptions,
  type CreateProjectVersionOptions,
  type Credentials,
  type CredentialsProvider,
  RekognitionClient,
  type RekognitionClientConfig,
  type ResolvedConfig,
  type Transport,
  type WithMetadata,
} from "./src/client.ts";
export { type Clock, systemClock } from "./src/clock.ts";
export { type HmacKey, type Sha256, webCryptoSha256 } from "./src/signer.ts";
export { type EndpointParameters, resolveEndpoint } from "./src/endpoint.ts";
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
  S3BucketSchema,
  S3KeyPrefixSchema,
  type S3Object,
  S3ObjectNameSchema,
  S3ObjectSchema,
  S3ObjectVersionSchema,
  TagKeySchema,
  type TagMap,
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
  type PathComparator,
  PROJECT_VERSION_WAITERS,
  ProjectVersionNotFoundError,
  type ProjectVersionsDescriber,
  type ProjectVersionTarget,
  ProjectVersionUnusableError,
  TrainingFailedError,
  type WaiterAcceptor,
  type WaiterDefinition,
  waiterDelay,
  WaiterFailureError,
  type WaiterOptions,
  type WaiterPoll,
  WaiterTimeoutError,
  waitUntilProjectVersionRunning,
  waitUntilTrainingCompleted,
} from "./src/waiters.ts";
