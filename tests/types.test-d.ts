/**
 * Type tests: the types inferred from the schemas are the AWS shapes. Checked
 * by `tsc --noEmit` (CI), not run.
 */
import type * as v from "valibot";
import type {
  built,
  CreateProjectVersionInput,
  CreateProjectVersionInputSchema,
  CreateProjectVersionOptions,
  CreateProjectVersionOutput,
  DescribeProjectVersionsInput,
  DescribeProjectVersionsOutput,
  DescribeProjectVersionsOutputSchema,
  EpochSecondsSchema,
  Lazily,
  lazily,
  OutputConfig,
  OutputConfigSchema,
  ProjectArnSchema,
  ProjectVersionDescription,
  ProjectVersionDescriptionSchema,
  ProjectVersionStatus,
  RekognitionClient,
  ResponseMetadata,
  TagMapSchema,
  ThrottlingException,
  WithMetadata,
} from "../mod.ts";

import type { Equal, Expect, Simplify } from "./type-helpers.ts";

type Asset = { GroundTruthManifest?: { S3Object?: { Bucket?: string; Name?: string; Version?: string } | undefined } | undefined };

export type Tests = [
  Expect<Equal<CreateProjectVersionInput["ProjectArn"], string>>,
  Expect<Equal<CreateProjectVersionInput["VersionName"], string>>,
  Expect<Equal<Simplify<CreateProjectVersionInput["OutputConfig"]>, { S3Bucket?: string | undefined; S3KeyPrefix?: string | undefined }>>,
  Expect<Equal<CreateProjectVersionInput["Tags"], Record<string, string> | undefined>>,
  Expect<Equal<CreateProjectVersionInput["KmsKeyId"], string | undefined>>,
  Expect<Equal<CreateProjectVersionInput["VersionDescription"], string | undefined>>,
  Expect<Equal<NonNullable<CreateProjectVersionInput["TestingData"]>["AutoCreate"], boolean | undefined>>,
  Expect<Equal<NonNullable<NonNullable<CreateProjectVersionInput["FeatureConfig"]>["ContentModeration"]>["ConfidenceThreshold"], number | undefined>>,
  Expect<
    Equal<
      keyof CreateProjectVersionInput,
      "ProjectArn" | "VersionName" | "OutputConfig" | "TrainingData" | "TestingData" | "Tags" | "KmsKeyId" | "VersionDescription" | "FeatureConfig"
    >
  >,
  Expect<Equal<CreateProjectVersionOutput, { ProjectVersionArn: string }>>,
  Expect<Equal<keyof DescribeProjectVersionsInput, "ProjectArn" | "VersionNames" | "NextToken" | "MaxResults">>,
  Expect<Equal<DescribeProjectVersionsInput["VersionNames"], string[] | undefined>>,
  Expect<Equal<DescribeProjectVersionsInput["MaxResults"], number | undefined>>,
  Expect<Equal<DescribeProjectVersionsOutput["NextToken"], string | undefined>>,
  Expect<Equal<ProjectVersionDescription["CreationTimestamp"], Date | undefined>>,
  Expect<Equal<ProjectVersionDescription["TrainingEndTimestamp"], Date | undefined>>,
  Expect<Equal<ProjectVersionDescription["Status"], ProjectVersionStatus | undefined>>,
  Expect<Equal<NonNullable<ProjectVersionDescription["EvaluationResult"]>["F1Score"], number | undefined>>,
  Expect<Equal<ProjectVersionDescription["BillableTrainingTimeInSeconds"], number | undefined>>,
  Expect<Equal<keyof ProjectVersionDescription extends infer K ? K : never, keyof ProjectVersionDescription>>,
  Expect<Equal<Awaited<ReturnType<RekognitionClient["createProjectVersion"]>>, WithMetadata<CreateProjectVersionOutput>>>,
  Expect<Equal<Awaited<ReturnType<RekognitionClient["createProjectVersion"]>>["$metadata"], ResponseMetadata>>,
  Expect<Equal<ThrottlingException["name"], "ThrottlingException">>,
  Expect<Equal<ThrottlingException["$fault"], "server">>,
  Expect<Equal<NonNullable<NonNullable<CreateProjectVersionInput["TrainingData"]>["Assets"]>[number], Asset>>,
];

/** Schemas are built on first use, and their types are flat: `Lazily<Input, Output>`. */
export type LazySchemas = [
  Expect<Equal<typeof ProjectArnSchema, Lazily<string, string>>>,
  Expect<Equal<typeof TagMapSchema, Lazily<Record<string, string>, Record<string, string>>>>,
  Expect<Equal<typeof EpochSecondsSchema, Lazily<string | number, Date>>>,
  Expect<Equal<v.InferInput<typeof CreateProjectVersionInputSchema>, CreateProjectVersionInput>>,
  Expect<Equal<v.InferOutput<typeof ProjectVersionDescriptionSchema>, ProjectVersionDescription>>,
  Expect<Equal<v.InferOutput<typeof DescribeProjectVersionsOutputSchema>, DescribeProjectVersionsOutput>>,
  Expect<Equal<ReturnType<typeof lazily<v.StringSchema<undefined>>>, Lazily<string, string>>>,
  Expect<Equal<ReturnType<typeof built<string, Date>>, v.GenericSchema<string, Date>>>,
  Expect<typeof ProjectArnSchema extends v.GenericSchema<string, string> ? true : false>,
];

/** Every exported schema declares its types (lazily checks them against the schema); a response's takes any input. */
export type DeclaredSchemas = [
  Expect<Equal<typeof CreateProjectVersionInputSchema, Lazily<CreateProjectVersionInput>>>,
  Expect<Equal<typeof OutputConfigSchema, Lazily<OutputConfig>>>,
  Expect<Equal<typeof ProjectVersionDescriptionSchema, Lazily<unknown, ProjectVersionDescription>>>,
  Expect<Equal<typeof DescribeProjectVersionsOutputSchema, Lazily<unknown, DescribeProjectVersionsOutput>>>,
];

/** The shapes are object types as valibot infers them, not interfaces: they fit where a record of members is expected. */
export type Records = [
  Expect<CreateProjectVersionInput extends Record<string, unknown> ? true : false>,
  Expect<OutputConfig extends Record<string, unknown> ? true : false>,
  Expect<ProjectVersionDescription extends Record<string, unknown> ? true : false>,
  Expect<DescribeProjectVersionsOutput extends Record<string, unknown> ? true : false>,
];

/** The 19 members of a description. */
type DescriptionMembers = keyof ProjectVersionDescription;
export type CountsNineteen = Expect<
  Equal<
    DescriptionMembers,
    | "ProjectVersionArn"
    | "CreationTimestamp"
    | "MinInferenceUnits"
    | "Status"
    | "StatusMessage"
    | "BillableTrainingTimeInSeconds"
    | "TrainingEndTimestamp"
    | "OutputConfig"
    | "TrainingDataResult"
    | "TestingDataResult"
    | "EvaluationResult"
    | "ManifestSummary"
    | "KmsKeyId"
    | "MaxInferenceUnits"
    | "SourceProjectVersionArn"
    | "VersionDescription"
    | "Feature"
    | "BaseModelVersion"
    | "FeatureConfig"
  >
>;

// A known status autocompletes, an unknown one is still a ProjectVersionStatus (open enum).
export const known: ProjectVersionStatus = "TRAINING_COMPLETED";
export const future: ProjectVersionStatus = "SOME_FUTURE_STATUS";

// @ts-expect-error OutputConfig is required
export const missingOutput: CreateProjectVersionInput = { ProjectArn: "a", VersionName: "b" };
// @ts-expect-error unknown members are not in the type
export const typo: CreateProjectVersionInput = { ProjectArn: "a", VersionName: "b", OutputConfig: {}, VersionNmae: "c" };
// @ts-expect-error Tags is a map, not a list of { Key, Value }
export const tagList: CreateProjectVersionInput = { ProjectArn: "a", VersionName: "b", OutputConfig: {}, Tags: [{ Key: "k", Value: "v" }] };

/** `reconcile`: a flag, or `{ since }` in epoch milliseconds. */
export type ReconcileOption = Expect<Equal<CreateProjectVersionOptions["reconcile"], boolean | { since: number } | undefined>>;
export const reconcileSince: CreateProjectVersionOptions = { reconcile: { since: Date.now() } };
// @ts-expect-error `since` is epoch milliseconds, not a Date
export const reconcileSinceDate: CreateProjectVersionOptions = { reconcile: { since: new Date() } };
// @ts-expect-error the object form needs `since`
export const reconcileEmpty: CreateProjectVersionOptions = { reconcile: {} };
