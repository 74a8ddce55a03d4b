/**
 * rekognition-edge: train Amazon Rekognition Custom Labels models and adapters
 * from any runtime with `fetch` and WebCrypto (Cloudflare Workers, Deno, Bun,
 * Node ≥ 20).
 *
 * Every export is listed here by name, and docs/client.md#what-rekognition-edge-exports
 * says what each group is for.
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
export {
  AccessDeniedException,
  CallError,
  type Fault,
  InternalServerError,
  InvalidPaginationTokenException,
  InvalidParameterException,
  LimitExceededException,
  MalformedResponseError,
  NetworkError,
  ProvisionedThroughputExceededException,
  RekognitionServiceException,
  RequestTimeoutError,
  ResourceInUseException,
  ResourceNotFoundException,
  type ResponseMetadata,
  type ServiceExceptionOptions,
  ServiceQuotaExceededException,
  ThrottlingException,
  type TransportErrorOptions,
  ValidationError,
  type ValidationIssue,
} from "./src/errors.ts";
export { defineOperation, type Operation } from "./src/operation.ts";
export {
  createProjectVersion,
  type CreateProjectVersionInput,
  CreateProjectVersionInputSchema,
  type CreateProjectVersionOutput,
  CreateProjectVersionOutputSchema,
} from "./src/operations/create-project-version.ts";
export {
  CUSTOMIZATION_FEATURES,
  type CustomizationFeature,
  describeProjectVersions,
  type DescribeProjectVersionsInput,
  DescribeProjectVersionsInputSchema,
  type DescribeProjectVersionsOutput,
  DescribeProjectVersionsOutputSchema,
  type EvaluationResult,
  EvaluationResultSchema,
  PROJECT_VERSION_STATUSES,
  type ProjectVersionDescription,
  ProjectVersionDescriptionSchema,
  type ProjectVersionStatus,
  type TestingDataResult,
  TestingDataResultSchema,
  type TrainingDataResult,
  TrainingDataResultSchema,
  type ValidationData,
  ValidationDataSchema,
} from "./src/operations/describe-project-versions.ts";
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
  ModelStartFailedError,
  ProjectVersionNotFoundError,
  type ProjectVersionsDescriber,
  type ProjectVersionTarget,
  ProjectVersionUnusableError,
  TrainingFailedError,
  waiterDelay,
  WaiterFailureError,
  type WaiterOptions,
  type WaiterPoll,
  WaiterTimeoutError,
  waitUntilProjectVersionRunning,
  waitUntilTrainingCompleted,
} from "./src/waiters.ts";
