/**
 * `CreateProjectVersion`: creates a version of a project (a Custom Labels model
 * or a content-moderation adapter) and starts training it.
 *
 * @module
 */
import * as v from "valibot";
import { defineOperation } from "../operation.ts";
import {
  CustomizationFeatureConfigSchema,
  isPlainObject,
  KmsKeyIdSchema,
  lazily,
  OutputConfigSchema,
  ProjectArnSchema,
  structure,
  TagMapSchema,
  TestingDataSchema,
  TrainingDataSchema,
  VersionDescriptionSchema,
  VersionNameSchema,
} from "../shapes.ts";

/**
 * `CreateProjectVersionRequest`. Beyond the model's traits it enforces the
 * documented rule that `TrainingData` and `TestingData` come together or not at all.
 */
export const CreateProjectVersionInputSchema = lazily(() =>
  v.pipe(
    structure({
      /** The project that will manage the version. */
      ProjectArn: ProjectArnSchema,
      /** A name unique within the project. */
      VersionName: VersionNameSchema,
      /** The S3 location for training results. The caller needs `s3:PutObject` there. */
      OutputConfig: OutputConfigSchema,
      /** Manifests to train with; only for projects without datasets. Requires `TestingData`. */
      TrainingData: v.optional(TrainingDataSchema),
      /** Manifests to test with, or `AutoCreate`. Requires `TrainingData`. */
      TestingData: v.optional(TestingDataSchema),
      /** Tags attached to the version (at most 200). */
      Tags: v.optional(TagMapSchema),
      /** A KMS key (ID, ARN, alias or alias ARN) for the training data and results. */
      KmsKeyId: v.optional(KmsKeyIdSchema),
      /** A description of the version. */
      VersionDescription: v.optional(VersionDescriptionSchema),
      /** Feature settings; must match the project's feature. */
      FeatureConfig: v.optional(CustomizationFeatureConfigSchema),
    }),
    // Checked even when other members are invalid, so that every problem is reported at once.
    v.rawCheck(({ dataset, addIssue }) => {
      const input = dataset.value;
      if (!isPlainObject(input)) return;
      for (const [given, missing] of [["TrainingData", "TestingData"], ["TestingData", "TrainingData"]] as const) {
        if (input[given] === undefined || input[missing] !== undefined) continue;
        addIssue({ message: `is required when ${given} is given`, path: [{ type: "object", origin: "value", input, key: missing, value: undefined }] });
      }
    }),
  ),
);

/**
 * `CreateProjectVersionResponse`. The model marks `ProjectVersionArn` optional,
 * but a success without it is useless to a caller, so it is required here.
 */
export const CreateProjectVersionOutputSchema = lazily(() =>
  v.object({
    /** The ARN of the new version; poll it with DescribeProjectVersions. */
    ProjectVersionArn: v.string(),
  }),
);

/** Input of {@link createProjectVersion}. */
export type CreateProjectVersionInput = v.InferInput<typeof CreateProjectVersionInputSchema>;
/** Output of {@link createProjectVersion}, without `$metadata`. */
export type CreateProjectVersionOutput = v.InferOutput<typeof CreateProjectVersionOutputSchema>;

/** The `CreateProjectVersion` operation: its wire name and schemas. */
export const createProjectVersion = defineOperation(
  "CreateProjectVersion",
  CreateProjectVersionInputSchema,
  CreateProjectVersionOutputSchema,
);
