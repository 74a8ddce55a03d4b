/**
 * Schemas for the Rekognition shapes that CreateProjectVersion and
 * DescribeProjectVersions reach, one per Smithy shape, named as in the model
 * (`com.amazonaws.rekognition#<Name>` → `<Name>Schema`).
 *
 * These are the *input* forms: every constraint trait of the model is here
 * (length counted in code points, pattern, range, required) and unknown members
 * are refused. Responses use {@link lenient} copies of the same schemas: a
 * service answer is the truth and is never refused for a constraint.
 *
 * @module
 */
import * as v from "valibot";
import type { DeclaredAs, GenericSchema, InferInput, InferOutput, LazySchema } from "./schema-types.ts";

/**
 * A schema built on its first use: valibot's `lazy` over a schema of these
 * input and output types. Every exported schema is one; `built(schema)`
 * returns the schema it stands for.
 */
export type Lazily<TInput, TOutput = TInput> = LazySchema<GenericSchema<TInput, TOutput>>;

/**
 * A schema built on its first use, then kept: valibot's `lazy` with a memo.
 * Importing the package builds no schema; a call builds what its input and
 * answer hold, on the first call and the first answer (building them all at
 * import was most of the package's start-up). Its type names only its input
 * and output (`Lazily<Input, Output>`), so a schema composed of lazy schemas
 * has a flat type.
 *
 * Declared with its types (`const OutputConfigSchema: Lazily<OutputConfig> =
 * lazily(() => …)`), it checks them: they must be exactly the input and output
 * valibot infers from the schema `build` returns (a declared `unknown` input is
 * taken as it is: any input), else the declaration is a type error. Without a
 * declaration, they are the inferred ones.
 */
/* @__NO_SIDE_EFFECTS__ */
export function lazily<TSchema extends GenericSchema, TInput = InferInput<TSchema>, TOutput = InferOutput<TSchema>>(
  build: () => TSchema & DeclaredAs<TSchema, TInput, TOutput>,
): Lazily<TInput, TOutput> {
  let schema: TSchema | undefined;
  // The same schema: DeclaredAs has checked that TInput and TOutput are its types.
  return v.lazy(() => (schema ??= build())) as Lazily<TInput, TOutput>;
}

/** The schema a {@link lazily} schema stands for, built now if it was not. */
export function built<TInput, TOutput>(schema: Lazily<TInput, TOutput>): GenericSchema<TInput, TOutput> {
  return schema.getter(undefined);
}

/**
 * Counts Unicode code points the way Smithy's `@length` does, and returns -1
 * for a string holding a lone surrogate (it has no UTF-8 form, so it would not
 * reach the service intact).
 */
export function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++, count++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (unit > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return -1;
    i++;
  }
  return count;
}

/**
 * What is wrong with a string against a model `@length` (counted in code
 * points) and `@pattern`, or undefined when nothing is.
 */
export function stringProblem(text: string, min: number, max: number, pattern?: RegExp, what = ""): string | undefined {
  const length = countCodePoints(text);
  if (length < 0) return "must be well-formed Unicode (it holds a lone surrogate)";
  if (length < min || length > max) return `must be ${min} to ${max} characters long, counted in code points (got ${length})`;
  if (pattern && !pattern.test(text)) return `must match ${pattern.source} (${what})`;
  return undefined;
}

/**
 * A string shape: the model's `@length` and optional `@pattern` (compiled with
 * the `u` flag, so `\p{..}` works). One check, so a string breaking both
 * traits is reported once.
 */
export function constrainedString(min: number, max: number, pattern?: RegExp, what?: string) {
  return v.pipe(
    v.string(),
    v.check<string, (issue: v.CheckIssue<string>) => string>(
      (text) => stringProblem(text, min, max, pattern, what) === undefined,
      (issue) => stringProblem(issue.input, min, max, pattern, what)!,
    ),
  );
}

// ---------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------

/** `ProjectArn`: length 20..2048, `arn:…:rekognition:…:project/<name>/<timestamp>`. */
export const ProjectArnSchema: Lazily<string> = lazily(() =>
  constrainedString(
    20,
    2048,
    /^(^arn:[a-z\d-]+:rekognition:[a-z\d-]+:\d{12}:project\/[a-zA-Z0-9_.\-]{1,255}\/[0-9]+$)$/u,
    "a project ARN",
  )
);

/** `ProjectVersionArn`: length 20..2048, `…:project/<name>/version/<version>/<timestamp>`. */
export const ProjectVersionArnSchema: Lazily<string> = lazily(() =>
  constrainedString(
    20,
    2048,
    /^(^arn:[a-z\d-]+:rekognition:[a-z\d-]+:\d{12}:project\/[a-zA-Z0-9_.\-]{1,255}\/version\/[a-zA-Z0-9_.\-]{1,255}\/[0-9]+$)$/u,
    "a project version ARN",
  )
);

/** `VersionName`: length 1..255, letters, digits, `_`, `.`, `-`. Unique within a project. */
export const VersionNameSchema: Lazily<string> = lazily(() => constrainedString(1, 255, /^[a-zA-Z0-9_.\-]+$/u, "letters, digits, _ . -"));

/** `VersionDescription`: length 1..255. */
export const VersionDescriptionSchema: Lazily<string> = lazily(() =>
  constrainedString(
    1,
    255,
    /^[a-zA-Z0-9-_. ()':,;?]+$/u,
    "letters, digits, space and -_.()':,;?",
  )
);

/** `KmsKeyId`: a key ID, key ARN, alias or alias ARN; length 1..2048. */
export const KmsKeyIdSchema: Lazily<string> = lazily(() =>
  constrainedString(1, 2048, /^[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,2048}$/u, "a KMS key id, ARN or alias")
);

/** `S3Bucket`: length 3..255. */
export const S3BucketSchema: Lazily<string> = lazily(() => constrainedString(3, 255, /^[0-9A-Za-z\.\-_]*$/u, "letters, digits, . - _"));

/** `S3KeyPrefix`: length 0..1024. */
export const S3KeyPrefixSchema: Lazily<string> = lazily(() => constrainedString(0, 1024));

/** `S3ObjectName`: length 1..1024. */
export const S3ObjectNameSchema: Lazily<string> = lazily(() => constrainedString(1, 1024));

/** `S3ObjectVersion`: length 1..1024. */
export const S3ObjectVersionSchema: Lazily<string> = lazily(() => constrainedString(1, 1024));

/** `TagKey`: length 1..128; Unicode letters, separators, digits and `_.:/=+-@`; never `aws:`-prefixed. */
export const TagKeySchema: Lazily<string> = lazily(() =>
  constrainedString(
    1,
    128,
    /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
    "letters, digits, spaces and _.:/=+-@, not starting with aws:",
  )
);

/** `TagValue`: length 0..256; Unicode letters, separators, digits and `_.:/=+-@`. */
export const TagValueSchema: Lazily<string> = lazily(() =>
  constrainedString(0, 256, /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u, "letters, digits, spaces and _.:/=+-@")
);

/** `ExtendedPaginationToken`: length 0..1024. */
export const ExtendedPaginationTokenSchema: Lazily<string> = lazily(() => constrainedString(0, 1024));

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

/** A finite number (an integer if `integer`) within `min`..`max` inclusive (Smithy `@range`). */
export function range(min: number, max: number, integer: boolean) {
  return v.pipe(
    v.number(),
    v.check(
      (value) => (integer ? Number.isInteger(value) : Number.isFinite(value)) && value >= min && value <= max,
      `must be ${integer ? "an integer" : "a finite number"} from ${min} to ${max}`,
    ),
  );
}

/** `Percent`: a float from 0 to 100 inclusive. */
export const PercentSchema: Lazily<number> = lazily(() => range(0, 100, false));

/** `ProjectVersionsPageSize`: an integer from 1 to 100. */
export const ProjectVersionsPageSizeSchema: Lazily<number> = lazily(() => range(1, 100, true));

// ---------------------------------------------------------------------------
// Structures, lists and maps
// ---------------------------------------------------------------------------

/** Whether `value` is an object and not an array (nor null). */
export const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A Smithy structure: an object (valibot's `strictObject` alone would take an
 * array) with only these members.
 */
export function structure<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.pipe(
    v.custom<v.InferInput<v.StrictObjectSchema<TEntries, undefined>>>(isPlainObject, (issue) => `must be an object, got ${issue.received}`),
    v.strictObject(entries),
  );
}

/** `S3Object`: an object in S3, in the region of the call. */
export type S3Object = {
  /** Its bucket. */
  Bucket?: string;
  /** Its name (key). */
  Name?: string;
  /** Its version, in a bucket with versioning on. */
  Version?: string;
};

/** The schema of an {@link S3Object}. */
export const S3ObjectSchema: Lazily<S3Object> = lazily(() =>
  structure({
    Bucket: v.optional(S3BucketSchema),
    Name: v.optional(S3ObjectNameSchema),
    Version: v.optional(S3ObjectVersionSchema),
  })
);

/** `GroundTruthManifest`: a SageMaker Ground Truth manifest file. */
export type GroundTruthManifest = {
  /** Where the manifest is. */
  S3Object?: S3Object;
};

/** The schema of a {@link GroundTruthManifest}. */
export const GroundTruthManifestSchema: Lazily<GroundTruthManifest> = lazily(() =>
  structure({
    S3Object: v.optional(S3ObjectSchema),
  })
);

/** `Asset`: one manifest used to train or test a version. */
export type Asset = {
  /** The manifest. */
  GroundTruthManifest?: GroundTruthManifest;
};

/** The schema of an {@link Asset}. */
export const AssetSchema: Lazily<Asset> = lazily(() =>
  structure({
    GroundTruthManifest: v.optional(GroundTruthManifestSchema),
  })
);

/** `Assets`: a list of {@link Asset}s (no size limit in the model). */
export const AssetsSchema: Lazily<Asset[]> = lazily(() => v.array(AssetSchema));

/** `OutputConfig`: where training results are written. Both members are optional in the model. */
export type OutputConfig = {
  /** The bucket. The caller needs `s3:PutObject` on it. */
  S3Bucket?: string;
  /** The prefix of the results' object names. */
  S3KeyPrefix?: string;
};

/** The schema of an {@link OutputConfig}. */
export const OutputConfigSchema: Lazily<OutputConfig> = lazily(() =>
  structure({
    S3Bucket: v.optional(S3BucketSchema),
    S3KeyPrefix: v.optional(S3KeyPrefixSchema),
  })
);

/** `TrainingData`: the manifests to train with (projects without datasets only). */
export type TrainingData = {
  /** The manifests. Optional in the model; the service refuses a `TrainingData` without them. */
  Assets?: Asset[];
};

/** The schema of a {@link TrainingData}. */
export const TrainingDataSchema: Lazily<TrainingData> = lazily(() =>
  structure({
    Assets: v.optional(AssetsSchema),
  })
);

/** `TestingData`: the manifests to test with, or `AutoCreate: true` to split the training set. */
export type TestingData = {
  /** The manifests. Optional in the model; the service refuses a `TestingData` with neither them nor `AutoCreate: true`. */
  Assets?: Asset[];
  /** Split the training set to make a temporary test set (then `Assets` may be left out). The model's default is false. */
  AutoCreate?: boolean;
};

/** The schema of a {@link TestingData}. */
export const TestingDataSchema: Lazily<TestingData> = lazily(() =>
  structure({
    Assets: v.optional(AssetsSchema),
    AutoCreate: v.optional(v.boolean()),
  })
);

/** The keys valibot's `record` skips, its guard against prototype pollution. */
const RECORD_SKIPPED_KEYS = ["__proto__", "prototype", "constructor"] as const;

/**
 * `v.record`, also checking and keeping the keys it skips
 * ({@link RECORD_SKIPPED_KEYS}): `constructor` is a valid tag key, and a tag
 * must be neither dropped unseen nor sent unchecked. They become own members
 * of the output (never its prototype).
 */
function recordOfEveryKey<TKey extends v.GenericSchema<string, string>, TValue extends v.GenericSchema>(key: TKey, value: TValue) {
  const record = v.record(key, value);
  type Dataset = { typed: boolean; value: unknown; issues?: v.BaseIssue<unknown>[] };
  const run = (dataset: v.UnknownDataset, config: v.Config<v.BaseIssue<unknown>>) => {
    const input = dataset.value as Record<string, unknown>;
    const result = record["~run"](dataset, config) as unknown as Dataset;
    if (typeof input !== "object" || input === null) return result;
    for (const name of RECORD_SKIPPED_KEYS.filter((skipped) => Object.hasOwn(input, skipped))) {
      const checks = [[key, name, "key"], [value, input[name], "value"]] as const;
      const [keyResult, valueResult] = checks.map(([schema, checked, origin]) => {
        const outcome = schema["~run"]({ value: checked }, config);
        const item: v.ObjectPathItem = { type: "object", origin, input, key: name, value: input[name] };
        for (const issue of outcome.issues ?? []) (result.issues ??= []).push({ ...issue, path: [item, ...(origin === "value" ? issue.path ?? [] : [])] });
        return outcome;
      });
      if (keyResult!.issues || valueResult!.issues) result.typed = false;
      else if (result.typed) {
        Object.defineProperty(result.value as object, name, { value: valueResult!.value, enumerable: true, writable: true, configurable: true });
      }
    }
    return result;
  };
  const schema = { ...record, "~run": run } as unknown as typeof record;
  return { ...schema, "~standard": { ...record["~standard"], validate: (input: unknown) => run({ value: input }, v.getGlobalConfig()) } } as typeof record;
}

/** `TagMap`: tags attached to the version, as an object of keys to values (not a `[{ Key, Value }]` list). */
export type TagMap = Record<string, string>;

/** The schema of a {@link TagMap}: 0..200 tags. */
export const TagMapSchema: Lazily<TagMap> = lazily(() =>
  v.pipe(
    v.custom<Record<string, string>>(isPlainObject, 'must be an object of tag keys to values, e.g. { team: "vision" }'),
    recordOfEveryKey(TagKeySchema, TagValueSchema),
    v.check((tags) => Object.keys(tags).length <= 200, "must hold at most 200 tags"),
  )
);

/** `CustomizationFeatureContentModerationConfig`: settings of a content-moderation adapter. */
export type CustomizationFeatureContentModerationConfig = {
  /** The confidence level (0 to 100) you plan to use at inference. */
  ConfidenceThreshold?: number;
};

/** The schema of a {@link CustomizationFeatureContentModerationConfig}. */
export const CustomizationFeatureContentModerationConfigSchema: Lazily<CustomizationFeatureContentModerationConfig> = lazily(() =>
  structure({
    ConfidenceThreshold: v.optional(PercentSchema),
  })
);

/** `CustomizationFeatureConfig`: feature-specific training settings; must match the project's feature. */
export type CustomizationFeatureConfig = {
  /** Settings of a content-moderation adapter (the only feature with settings). */
  ContentModeration?: CustomizationFeatureContentModerationConfig;
};

/** The schema of a {@link CustomizationFeatureConfig}. */
export const CustomizationFeatureConfigSchema: Lazily<CustomizationFeatureConfig> = lazily(() =>
  structure({
    ContentModeration: v.optional(CustomizationFeatureContentModerationConfigSchema),
  })
);

/** `VersionNames`: 1..10 version names. */
export const VersionNamesSchema: Lazily<string[]> = lazily(() =>
  v.pipe(
    v.array(VersionNameSchema),
    v.check((names) => names.length >= 1 && names.length <= 10, "must hold 1 to 10 version names"),
  )
);

// ---------------------------------------------------------------------------
// Response forms
// ---------------------------------------------------------------------------

type AnySchema = v.GenericSchema;

/**
 * The response form of an input schema: the same members and types, with every
 * constraint dropped and unknown members ignored. The service's answer is never
 * refused for a length or pattern; a newer model may have loosened it.
 */
export function lenient<TSchema extends AnySchema>(schema: TSchema): v.GenericSchema<unknown, v.InferOutput<TSchema>> {
  return lenientOf(schema) as v.GenericSchema<unknown, v.InferOutput<TSchema>>;
}

/** The schema a pipe validates with: its last schema item (the others are checks, or a pre-check schema). */
export function pipedSchema(schema: AnySchema): AnySchema {
  if (!("pipe" in schema)) return schema;
  const schemas = (schema.pipe as AnySchema[]).filter((item) => item.kind === "schema");
  return schemas[schemas.length - 1]!;
}

function lenientOf(schema: AnySchema): AnySchema {
  if ("pipe" in schema) return lenientOf(pipedSchema(schema));
  const node = schema as AnySchema & {
    wrapped?: AnySchema;
    item?: AnySchema;
    value?: AnySchema;
    entries?: v.ObjectEntries;
    getter?: (input: unknown) => AnySchema;
  };
  switch (node.type) {
    case "lazy":
      return lenientOf(node.getter!(undefined));
    case "strict_object":
    case "object":
      return v.object(
        Object.fromEntries(Object.entries(node.entries!).map(([key, entry]) => [key, lenientOf(entry)])),
      );
    case "optional":
      return v.optional(lenientOf(node.wrapped!));
    case "array":
      return v.array(lenientOf(node.item!));
    case "record":
      return v.record(v.string(), lenientOf(node.value!));
    case "string":
    case "number":
    case "boolean":
      return node;
    default:
      throw new TypeError(`lenient: unsupported schema type ${node.type}`);
  }
}

/**
 * A Smithy 2.0 enum: open, so any string is accepted; the known values are
 * kept for autocompletion and documentation. They are a type only:
 * `openEnum<typeof VALUES>()` leaves the list out of a bundle that does not use it.
 */
export function openEnum<const TValues extends readonly string[]>(_values?: TValues) {
  return v.custom<TValues[number] | (string & Record<never, never>)>((input) => typeof input === "string", "must be a string");
}

/** A `timestamp` without `@timestampFormat`: epoch seconds on the wire (possibly fractional, or a numeric string), a `Date` here. */
export const EpochSecondsSchema: Lazily<number | string, Date> = lazily(() =>
  v.pipe(
    v.custom<number | string>(
      (input) => typeof input === "number" || (typeof input === "string" && /^-?\d+(\.\d+)?$/.test(input)),
      "must be epoch seconds (a number)",
    ),
    v.transform((seconds) => new Date(Math.round(Number(seconds) * 1000))),
  )
);

/** A `float` on the wire: a JSON number, or the strings `NaN`, `Infinity`, `-Infinity`. */
export const WireFloatSchema: Lazily<number | "NaN" | "Infinity" | "-Infinity", number> = lazily(() =>
  v.pipe(
    v.custom<number | "NaN" | "Infinity" | "-Infinity">(
      (input) => typeof input === "number" || input === "NaN" || input === "Infinity" || input === "-Infinity",
      "must be a number",
    ),
    v.transform((value) => Number(value)),
  )
);
