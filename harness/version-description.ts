/**
 * A simulated project version and how the service describes it: where its
 * training is (status, message, time trained) at a time on the training
 * clock, and its `ProjectVersionDescription` as DescribeProjectVersions
 * writes it. Pure functions of the version and the time.
 *
 * @module
 */
import type { CreateProjectVersionInput } from "../src/operations/create-project-version.ts";

/** A project's customization feature. */
export type CustomizationFeature = "CUSTOM_LABELS" | "CONTENT_MODERATION";

/** A project the simulator holds. */
export interface SimulatedProject {
  readonly arn: string;
  /** The name in its ARN. */
  readonly name: string;
  readonly feature: CustomizationFeature;
  /** Whether it has datasets (then manifests are refused). */
  readonly hasDatasets: boolean;
  /** Its versions by name. */
  readonly versions: Map<string, SimulatedVersion>;
  /**
   * Its version names in creation order (oldest first, so ascending `seq`): the index pages are read from, newest
   * first, without sorting (versions are never removed but by a reset, which drops the project).
   */
  readonly created: string[];
}

/** A status set through the control plane, and how long the version had trained by then. */
export interface StatusOverride {
  readonly status: string;
  readonly message?: string;
  readonly trainedMs: number;
  /** When it was set: epoch ms on the service's clock. */
  readonly at?: number;
}

/** A version the simulator holds. */
export interface SimulatedVersion {
  /** Creation order across the simulator: newest first means highest first. */
  readonly seq: number;
  readonly name: string;
  readonly arn: string;
  /** Epoch ms on the service's clock. */
  readonly createdAt: number;
  /** Epoch ms on the training clock. */
  readonly trainingStartedAt: number;
  readonly trainingMs: number;
  readonly fails: boolean;
  readonly f1Score: number;
  readonly input: CreateProjectVersionInput;
  readonly project: SimulatedProject;
  /** A status set through the control plane (`POST /__admin/versions/status`); it stays. */
  readonly override?: StatusOverride;
  /** Every status set through the control plane, oldest first (the last is {@link override}): the version's timeline. */
  readonly statusChanges?: readonly StatusOverride[];
}

/** One transition of a version (`GET /__admin/state`'s `Timelines`). */
export interface VersionTransition {
  /** The status it entered. */
  Status: string;
  /** When (ISO 8601, the service's clock). */
  At: string;
  /** What moved it: its creation, its training (which ends with time), or the control plane. */
  By: "CreateProjectVersion" | "training" | "control plane";
}

/** Where a version is: its status and message, and how long it trained once training ended. */
export interface Progress {
  status: string;
  message?: string;
  /** Undefined while training. */
  trainedMs?: number;
}

const STATUS_MESSAGES: Record<string, string> = {
  TRAINING_IN_PROGRESS: "The model is being trained.",
  TRAINING_COMPLETED: "The model is ready to run.",
  TRAINING_FAILED: "The manifest file contains too many invalid data rows.",
};

/** Where `version` is at `trainingNow` (epoch ms on the training clock). */
export function progressOf(version: SimulatedVersion, trainingNow: number): Progress {
  if (version.override) {
    const { status, message = STATUS_MESSAGES[status], trainedMs } = version.override;
    return { status, ...(message === undefined ? {} : { message }), ...(status === "TRAINING_IN_PROGRESS" ? {} : { trainedMs }) };
  }
  if (trainingNow - version.trainingStartedAt < version.trainingMs) {
    return { status: "TRAINING_IN_PROGRESS", message: STATUS_MESSAGES.TRAINING_IN_PROGRESS! };
  }
  const status = version.fails ? "TRAINING_FAILED" : "TRAINING_COMPLETED";
  return { status, message: STATUS_MESSAGES[status]!, trainedMs: version.trainingMs };
}

/**
 * The transitions of `version` up to `trainingNow` (epoch ms on the training
 * clock), oldest first: created in training; completed or failed when its
 * training ended, at its TrainingEndTimestamp (creation plus training time, as
 * DescribeProjectVersions reports it, however far the clock was moved ahead);
 * then each status set from the control plane, at the time it was set.
 */
export function timelineOf(version: SimulatedVersion, trainingNow: number): VersionTransition[] {
  const at = (ms: number) => new Date(ms).toISOString();
  const timeline: VersionTransition[] = [{ Status: "TRAINING_IN_PROGRESS", At: at(version.createdAt), By: "CreateProjectVersion" }];
  const [firstChange] = version.statusChanges ?? [];
  const trainedMs = firstChange === undefined ? trainingNow - version.trainingStartedAt : firstChange.trainedMs;
  if (trainedMs >= version.trainingMs) {
    timeline.push({ Status: version.fails ? "TRAINING_FAILED" : "TRAINING_COMPLETED", At: at(version.createdAt + version.trainingMs), By: "training" });
  }
  for (const change of version.statusChanges ?? []) timeline.push({ Status: change.status, At: at(change.at ?? version.createdAt), By: "control plane" });
  return timeline;
}

/** An `S3Object` without undefined members. */
function s3Object(bucket: string | undefined, name: string) {
  return { S3Object: bucket === undefined ? { Name: name } : { Bucket: bucket, Name: name } };
}

/** An `Asset` of one S3 object. */
function s3AssetOf(bucket: string | undefined, name: string) {
  return { GroundTruthManifest: s3Object(bucket, name) };
}

/** A version's `ProjectVersionDescription` at `trainingNow`, as the service would write it. */
export function describeVersion(version: SimulatedVersion, trainingNow: number): Record<string, unknown> {
  const { input, project } = version;
  const { status, message, trainedMs } = progressOf(version, trainingNow);
  const bucket = input.OutputConfig.S3Bucket;
  const prefix = `${input.OutputConfig.S3KeyPrefix ?? ""}${project.name}.${version.name}/`;
  const trainingInput = input.TrainingData ?? { Assets: [s3AssetOf(bucket, `${prefix}datasets/train.manifest`)] };
  const testingInput = input.TestingData ?? { Assets: [s3AssetOf(bucket, `${prefix}datasets/test.manifest`)], AutoCreate: false };
  const ended = trainedMs !== undefined;
  // Trained: training ended well; every later status (RUNNING, DEPRECATED, …) keeps its results.
  const trained = ended && status !== "TRAINING_FAILED";
  return {
    ProjectVersionArn: version.arn,
    CreationTimestamp: version.createdAt / 1000,
    Status: status,
    ...(message === undefined ? {} : { StatusMessage: message }),
    ...(trained ? { BillableTrainingTimeInSeconds: Math.ceil(trainedMs / 1000) } : {}),
    ...(ended ? { TrainingEndTimestamp: (version.createdAt + trainedMs) / 1000 } : {}),
    OutputConfig: input.OutputConfig,
    TrainingDataResult: {
      Input: trainingInput,
      ...(trained
        ? {
          Output: { Assets: [s3AssetOf(bucket, `${prefix}manifests/output/train.manifest`)] },
          Validation: { Assets: [s3AssetOf(bucket, `${prefix}manifests/validation/train-validation.json`)] },
        }
        : {}),
    },
    TestingDataResult: {
      Input: testingInput,
      ...(trained
        ? {
          Output: { Assets: [s3AssetOf(bucket, `${prefix}manifests/output/test.manifest`)], AutoCreate: testingInput.AutoCreate ?? false },
          Validation: { Assets: [s3AssetOf(bucket, `${prefix}manifests/validation/test-validation.json`)] },
        }
        : {}),
    },
    ...(trained
      ? { EvaluationResult: { F1Score: version.f1Score, Summary: s3Object(bucket, `${prefix}EvaluationResultSummary-${project.name}-${version.name}.json`) } }
      : {}),
    ...(ended ? { ManifestSummary: s3Object(bucket, `${prefix}manifests/summary.json`) } : {}),
    ...(input.KmsKeyId === undefined ? {} : { KmsKeyId: input.KmsKeyId }),
    ...(input.VersionDescription === undefined ? {} : { VersionDescription: input.VersionDescription }),
    Feature: project.feature,
    BaseModelVersion: project.feature === "CONTENT_MODERATION" ? "7.0" : "3.0",
    ...(input.FeatureConfig === undefined ? {} : { FeatureConfig: input.FeatureConfig }),
  };
}
