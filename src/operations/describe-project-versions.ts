/**
 * `DescribeProjectVersions`: lists the versions of a project, newest first,
 * with their training status and results.
 *
 * @module
 */
import * as v from "valibot";
import { defineOperation, type Operation } from "../operation.ts";
import {
  type Asset,
  AssetsSchema,
  type CustomizationFeatureConfig,
  CustomizationFeatureConfigSchema,
  EpochSecondsSchema,
  ExtendedPaginationTokenSchema,
  type GroundTruthManifest,
  GroundTruthManifestSchema,
  type Lazily,
  lazily,
  lenient,
  openEnum,
  type OutputConfig,
  OutputConfigSchema,
  ProjectArnSchema,
  ProjectVersionsPageSizeSchema,
  type S3Object,
  S3ObjectSchema,
  structure,
  type TestingData,
  TestingDataSchema,
  type TrainingData,
  TrainingDataSchema,
  VersionNamesSchema,
  WireFloatSchema,
} from "../shapes.ts";

/** Input of {@link describeProjectVersions}: `DescribeProjectVersionsRequest`. */
export type DescribeProjectVersionsInput = {
  /** The project whose versions to describe. */
  ProjectArn: string;
  /** Only these versions (1 to 10 names). Without it, every version of the project. */
  VersionNames?: string[];
  /** The token of the previous page. */
  NextToken?: string;
  /** Page size, 1 to 100 (the service's default is 100). */
  MaxResults?: number;
};

/** The schema of a {@link DescribeProjectVersionsInput}. */
export const DescribeProjectVersionsInputSchema: Lazily<DescribeProjectVersionsInput> = lazily(() =>
  structure({
    ProjectArn: ProjectArnSchema,
    VersionNames: v.optional(VersionNamesSchema),
    NextToken: v.optional(ExtendedPaginationTokenSchema),
    MaxResults: v.optional(ProjectVersionsPageSizeSchema),
  })
);

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
export type ProjectVersionStatus = (typeof PROJECT_VERSION_STATUSES)[number] | (string & Record<never, never>);

/** `CustomizationFeature`: what a project trains, a Custom Labels model or a content-moderation adapter (open enum). */
export type CustomizationFeature = (typeof CUSTOMIZATION_FEATURES)[number] | (string & Record<never, never>);

// The schemas of the answer are lenient (see `lenient`) and take any input: the service's JSON.

/** `ValidationData`: the validation results training wrote. */
export type ValidationData = {
  /** A single asset: the validation results' manifest. */
  Assets?: Asset[];
};

/** The schema of a {@link ValidationData}. */
export const ValidationDataSchema: Lazily<unknown, ValidationData> = lazily(() => v.object({ Assets: v.optional(lenient(AssetsSchema)) }));

/** `TrainingDataResult`: the training data given, used, and its validation results. */
export type TrainingDataResult = {
  /** The training data given. */
  Input?: TrainingData;
  /** The training data used: the manifests training wrote. */
  Output?: TrainingData;
  /** Its validation results. */
  Validation?: ValidationData;
};

/** The schema of a {@link TrainingDataResult}. */
export const TrainingDataResultSchema: Lazily<unknown, TrainingDataResult> = lazily(() =>
  v.object({
    Input: v.optional(lenient(TrainingDataSchema)),
    Output: v.optional(lenient(TrainingDataSchema)),
    Validation: v.optional(ValidationDataSchema),
  })
);

/** `TestingDataResult`: the testing data given, used, and its validation results. */
export type TestingDataResult = {
  /** The testing data given. */
  Input?: TestingData;
  /** The testing data used: the manifests training wrote (made from the training set with `AutoCreate`). */
  Output?: TestingData;
  /** Its validation results. */
  Validation?: ValidationData;
};

/** The schema of a {@link TestingDataResult}. */
export const TestingDataResultSchema: Lazily<unknown, TestingDataResult> = lazily(() =>
  v.object({
    Input: v.optional(lenient(TestingDataSchema)),
    Output: v.optional(lenient(TestingDataSchema)),
    Validation: v.optional(ValidationDataSchema),
  })
);

/** `EvaluationResult`: how well the trained version did on the test set. */
export type EvaluationResult = {
  /** The F1 score over the test set. */
  F1Score?: number;
  /** `Summary`: where the evaluation summary is. */
  Summary?: {
    /** The summary's file. */
    S3Object?: S3Object;
  };
};

/** The schema of an {@link EvaluationResult}. */
export const EvaluationResultSchema: Lazily<unknown, EvaluationResult> = lazily(() =>
  v.object({
    F1Score: v.optional(WireFloatSchema),
    Summary: v.optional(v.object({ S3Object: v.optional(lenient(S3ObjectSchema)) })),
  })
);

/** `ProjectVersionDescription`: a version's description, its 19 members all optional, timestamps as `Date`. */
export type ProjectVersionDescription = {
  /** The version's ARN. */
  ProjectVersionArn?: string;
  /** When training started. Epoch seconds on the wire. */
  CreationTimestamp?: Date;
  /** The minimum number of inference units used by the running model. Custom Labels only. */
  MinInferenceUnits?: number;
  /** Where training, or the running model, is. */
  Status?: ProjectVersionStatus;
  /** Why training failed, or a warning. */
  StatusMessage?: string;
  /** The training time billed, in seconds. Only after successful training. */
  BillableTrainingTimeInSeconds?: number;
  /** When training ended. Epoch seconds on the wire. */
  TrainingEndTimestamp?: Date;
  /** Where training results were written. */
  OutputConfig?: OutputConfig;
  /** The training data given, used, and its validation results. */
  TrainingDataResult?: TrainingDataResult;
  /** The testing data given, used, and its validation results. */
  TestingDataResult?: TestingDataResult;
  /** How well the version did. Only after successful training. */
  EvaluationResult?: EvaluationResult;
  /** The manifest of the data validation's overall results. */
  ManifestSummary?: GroundTruthManifest;
  /** The KMS key the training data and results are encrypted with. */
  KmsKeyId?: string;
  /** The maximum number of inference units the running model may scale to. Custom Labels only. */
  MaxInferenceUnits?: number;
  /** The version it was copied from, when it was. */
  SourceProjectVersionArn?: string;
  /** Its description. */
  VersionDescription?: string;
  /** What it is: a Custom Labels model or a content-moderation adapter. */
  Feature?: CustomizationFeature;
  /** The version of the base model an adapter was trained on. */
  BaseModelVersion?: string;
  /** Its feature settings. */
  FeatureConfig?: CustomizationFeatureConfig;
};

/** The schema of a {@link ProjectVersionDescription}. */
export const ProjectVersionDescriptionSchema: Lazily<unknown, ProjectVersionDescription> = lazily(() =>
  v.object({
    ProjectVersionArn: v.optional(v.string()),
    CreationTimestamp: v.optional(EpochSecondsSchema),
    MinInferenceUnits: v.optional(v.number()),
    Status: v.optional(openEnum<typeof PROJECT_VERSION_STATUSES>()),
    StatusMessage: v.optional(v.string()),
    BillableTrainingTimeInSeconds: v.optional(v.number()),
    TrainingEndTimestamp: v.optional(EpochSecondsSchema),
    OutputConfig: v.optional(lenient(OutputConfigSchema)),
    TrainingDataResult: v.optional(TrainingDataResultSchema),
    TestingDataResult: v.optional(TestingDataResultSchema),
    EvaluationResult: v.optional(EvaluationResultSchema),
    ManifestSummary: v.optional(lenient(GroundTruthManifestSchema)),
    KmsKeyId: v.optional(v.string()),
    MaxInferenceUnits: v.optional(v.number()),
    SourceProjectVersionArn: v.optional(v.string()),
    VersionDescription: v.optional(v.string()),
    Feature: v.optional(openEnum<typeof CUSTOMIZATION_FEATURES>()),
    BaseModelVersion: v.optional(v.string()),
    FeatureConfig: v.optional(lenient(CustomizationFeatureConfigSchema)),
  })
);

/** Output of {@link describeProjectVersions}, without `$metadata`: `DescribeProjectVersionsResponse`. */
export type DescribeProjectVersionsOutput = {
  /** The versions, newest first. */
  ProjectVersionDescriptions?: ProjectVersionDescription[];
  /** Present when there are more pages: give it as the next call's `NextToken`. */
  NextToken?: string;
};

/** The schema of a {@link DescribeProjectVersionsOutput}. */
export const DescribeProjectVersionsOutputSchema: Lazily<unknown, DescribeProjectVersionsOutput> = lazily(() =>
  v.object({
    ProjectVersionDescriptions: v.optional(v.array(ProjectVersionDescriptionSchema)),
    NextToken: v.optional(v.string()),
  })
);

/** The `DescribeProjectVersions` operation: its wire name and schemas. */
export const describeProjectVersions: Operation<Lazily<DescribeProjectVersionsInput>, Lazily<unknown, DescribeProjectVersionsOutput>> = defineOperation(
  "DescribeProjectVersions",
  DescribeProjectVersionsInputSchema,
  DescribeProjectVersionsOutputSchema,
);
