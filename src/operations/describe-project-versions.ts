/**
 * `DescribeProjectVersions`: lists the versions of a project, newest first,
 * with their training status and results.
 *
 * @module
 */
import * as v from "valibot";
import { defineOperation } from "../operation.ts";
import {
  AssetsSchema,
  CustomizationFeatureConfigSchema,
  EpochSecondsSchema,
  ExtendedPaginationTokenSchema,
  GroundTruthManifestSchema,
  lazily,
  lenient,
  openEnum,
  OutputConfigSchema,
  ProjectArnSchema,
  structure,
  ProjectVersionsPageSizeSchema,
  S3ObjectSchema,
  TestingDataSchema,
  TrainingDataSchema,
  VersionNamesSchema,
  WireFloatSchema,
} from "../shapes.ts";

/** `DescribeProjectVersionsRequest`. */
export const DescribeProjectVersionsInputSchema = lazily(() => structure({
  /** The project whose versions to describe. */
  ProjectArn: ProjectArnSchema,
  /** Only these versions (1 to 10 names). Without it, every version of the project. */
  VersionNames: v.optional(VersionNamesSchema),
  /** The token of the previous page. */
  NextToken: v.optional(ExtendedPaginationTokenSchema),
  /** Page size, 1 to 100 (the service's default is 100). */
  MaxResults: v.optional(ProjectVersionsPageSizeSchema),
}));

/** The 14 values of `ProjectVersionStatus` known to the model. The enum is open: others may come. */
export const PROJECT_VERSION_STATUSES = [
  "TRAINING_IN_PROGRESS",
  "TRAINING_COMPLETED",
  "TRAINING_FAILED",
  "STARTING",
  "RUNNING",
  "FAILED",
  "STOPPING",
  "STOPPED",
  "DELETING",
  "COPYING_IN_PROGRESS",
  "COPYING_COMPLETED",
  "COPYING_FAILED",
  "DEPRECATED",
  "EXPIRED",
] as const;

/** The values of `CustomizationFeature` known to the model (open enum). */
export const CUSTOMIZATION_FEATURES = ["CONTENT_MODERATION", "CUSTOM_LABELS"] as const;

/** `ProjectVersionStatus`: a known status, or any other string a newer service sends. */
export type ProjectVersionStatus = (typeof PROJECT_VERSION_STATUSES)[number] | (string & {});

/** `ValidationData`: the validation results written by training (a single asset). */
export const ValidationDataSchema = lazily(() => v.object({ Assets: v.optional(lenient(AssetsSchema)) }));

/** `TrainingDataResult`: the training data given, used, and its validation results. */
export const TrainingDataResultSchema = lazily(() => v.object({
  Input: v.optional(lenient(TrainingDataSchema)),
  Output: v.optional(lenient(TrainingDataSchema)),
  Validation: v.optional(ValidationDataSchema),
}));

/** `TestingDataResult`: the testing data given, used, and its validation results. */
export const TestingDataResultSchema = lazily(() => v.object({
  Input: v.optional(lenient(TestingDataSchema)),
  Output: v.optional(lenient(TestingDataSchema)),
  Validation: v.optional(ValidationDataSchema),
}));

/** `EvaluationResult`: the F1 score and the S3 location of the evaluation summary. */
export const EvaluationResultSchema = lazily(() => v.object({
  F1Score: v.optional(WireFloatSchema),
  Summary: v.optional(v.object({ S3Object: v.optional(lenient(S3ObjectSchema)) })),
}));

/** `ProjectVersionDescription`: the 19 members of a version's description, all optional. */
export const ProjectVersionDescriptionSchema = lazily(() => v.object({
  ProjectVersionArn: v.optional(v.string()),
  /** When training started. Epoch seconds on the wire. */
  CreationTimestamp: v.optional(EpochSecondsSchema),
  /** Custom Labels only. */
  MinInferenceUnits: v.optional(v.number()),
  Status: v.optional(openEnum<typeof PROJECT_VERSION_STATUSES>()),
  /** Why training failed, or a warning. */
  StatusMessage: v.optional(v.string()),
  /** Only after successful training. */
  BillableTrainingTimeInSeconds: v.optional(v.number()),
  TrainingEndTimestamp: v.optional(EpochSecondsSchema),
  OutputConfig: v.optional(lenient(OutputConfigSchema)),
  TrainingDataResult: v.optional(TrainingDataResultSchema),
  TestingDataResult: v.optional(TestingDataResultSchema),
  /** Only after successful training. */
  EvaluationResult: v.optional(EvaluationResultSchema),
  ManifestSummary: v.optional(lenient(GroundTruthManifestSchema)),
  KmsKeyId: v.optional(v.string()),
  /** Custom Labels only. */
  MaxInferenceUnits: v.optional(v.number()),
  /** Set when the version was copied from another. */
  SourceProjectVersionArn: v.optional(v.string()),
  VersionDescription: v.optional(v.string()),
  Feature: v.optional(openEnum<typeof CUSTOMIZATION_FEATURES>()),
  BaseModelVersion: v.optional(v.string()),
  FeatureConfig: v.optional(lenient(CustomizationFeatureConfigSchema)),
}));

/** `DescribeProjectVersionsResponse`. */
export const DescribeProjectVersionsOutputSchema = lazily(() => v.object({
  /** Newest first. */
  ProjectVersionDescriptions: v.optional(v.array(ProjectVersionDescriptionSchema)),
  /** Present when there are more pages. */
  NextToken: v.optional(v.string()),
}));

/** Input of {@link describeProjectVersions}. */
export type DescribeProjectVersionsInput = v.InferInput<typeof DescribeProjectVersionsInputSchema>;
/** Output of {@link describeProjectVersions}, without `$metadata`. */
export type DescribeProjectVersionsOutput = v.InferOutput<typeof DescribeProjectVersionsOutputSchema>;
/** One version's description, timestamps as `Date`. */
export type ProjectVersionDescription = v.InferOutput<typeof ProjectVersionDescriptionSchema>;
/** `EvaluationResult` */
export type EvaluationResult = v.InferOutput<typeof EvaluationResultSchema>;

/** The `DescribeProjectVersions` operation: its wire name and schemas. */
export const describeProjectVersions = defineOperation(
  "DescribeProjectVersions",
  DescribeProjectVersionsInputSchema,
  DescribeProjectVersionsOutputSchema,
);
