/**
 * `CreateProjectVersion`: creates a version of a project (a Custom Labels model
 * or a content-moderation adapter) and starts training it.
 *
 * @module
 */
import * as v from "valibot";
import { defineOperation, type Operation } from "../operation.ts";
import {
  type CustomizationFeatureConfig,
  CustomizationFeatureConfigSchema,
  isPlainObject,
  KmsKeyIdSchema,
  type Lazily,
  lazily,
  type OutputConfig,
  OutputConfigSchema,
  ProjectArnSchema,
  structure,
  type TagMap,
  TagMapSchema,
  type TestingData,
  TestingDataSchema,
  type TrainingData,
  TrainingDataSchema,
  VersionDescriptionSchema,
  VersionNameSchema,
} from "../shapes.ts";

/** Input of {@link createProjectVersion}: `CreateProjectVersionRequest`. */
export type CreateProjectVersionInput = {
  /** The project that will manage the version. */
  ProjectArn: string;
  /** A name unique within the project. */
  VersionName: string;
  /** The S3 location for training results. The caller needs `s3:PutObject` there. */
  OutputConfig: OutputConfig;
  /** Manifests to train with; only for projects without datasets. Requires `TestingData`, and its own `Assets`. */
  TrainingData?: TrainingData;
  /** Manifests to test with, or `AutoCreate: true`. Requires `TrainingData`. */
  TestingData?: TestingData;
  /** Tags attached to the version (at most 200). */
  Tags?: TagMap;
  /** A KMS key (ID, ARN, alias or alias ARN) for the training data and results. */
  KmsKeyId?: string;
  /** A description of the version. */
  VersionDescription?: string;
  /** Feature settings; must match the project's feature. */
  FeatureConfig?: CustomizationFeatureConfig;
};

/** Output of {@link createProjectVersion}, without `$metadata`: `CreateProjectVersionResponse`. */
export type CreateProjectVersionOutput = {
  /** The ARN of the new version; poll it with DescribeProjectVersions. */
  ProjectVersionArn: string;
};

/**
 * The schema of a {@link CreateProjectVersionInput}. Beyond the model's traits
 * it enforces the rules the service documents and checks: `TrainingData` and
 * `TestingData` come together or not at all; `TrainingData` has `Assets`;
 * `TestingData` has `Assets` unless `AutoCreate` is true.
 */
export const CreateProjectVersionInputSchema: Lazily<CreateProjectVersionInput> = lazily(() =>
  v.pipe(
    structure({
      ProjectArn: ProjectArnSchema,
      VersionName: VersionNameSchema,
      OutputConfig: OutputConfigSchema,
      TrainingData: v.optional(TrainingDataSchema),
      TestingData: v.optional(TestingDataSchema),
      Tags: v.optional(TagMapSchema),
      KmsKeyId: v.optional(KmsKeyIdSchema),
      VersionDescription: v.optional(VersionDescriptionSchema),
      FeatureConfig: v.optional(CustomizationFeatureConfigSchema),
    }),
    // Checked even when other members are invalid, so that every problem is reported at once.
    v.rawCheck(({ dataset, addIssue }) => {
      const input = dataset.value;
      if (!isPlainObject(input)) return;
      const at = (parent: Record<string, unknown>, key: string): v.ObjectPathItem => ({
        type: "object",
        origin: "value",
        input: parent,
        key,
        value: parent[key],
      });
      for (const [given, missing] of [["TrainingData", "TestingData"], ["TestingData", "TrainingData"]] as const) {
        const data = input[given];
        const required = `is required when ${given} is given`;
        if (data !== undefined && input[missing] === undefined) addIssue({ message: required, path: [at(input, missing)] });
        // Manifests naming none: the service refuses them (SPEC §3), unless AutoCreate makes the test set (a
        // TrainingData has no AutoCreate here: this checks the structure's value, unknown members left out).
        if (isPlainObject(data) && data.Assets === undefined && data.AutoCreate !== true) {
          addIssue({ message: given === "TestingData" ? "is required unless AutoCreate is true" : required, path: [at(input, given), at(data, "Assets")] });
        }
      }
    }),
  )
);

/**
 * The schema of a {@link CreateProjectVersionOutput}. The model marks
 * `ProjectVersionArn` optional, but a success without it is useless to a
 * caller, so it is required here.
 */
export const CreateProjectVersionOutputSchema: Lazily<CreateProjectVersionOutput> = lazily(() =>
  v.object({
    ProjectVersionArn: v.string(),
  })
);

/** The `CreateProjectVersion` operation: its wire name and schemas. */
export const createProjectVersion: Operation<Lazily<CreateProjectVersionInput>, Lazily<CreateProjectVersionOutput>> = defineOperation(
  "CreateProjectVersion",
  CreateProjectVersionInputSchema,
  CreateProjectVersionOutputSchema,
);
