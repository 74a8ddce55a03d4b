/**
 * What the control plane's endpoints take, and how they refuse: the inputs of
 * `POST /__admin/projects`, `/versions/status` and `/clock/…` as types and
 * valibot schemas, and {@link ControlPlaneError} (the HTTP status and why).
 * Shared by the simulator's model, its admin methods and the control plane,
 * which is why it is none of them.
 *
 * @module
 */
import * as v from "valibot";
import { formatIssues } from "../src/format-issues.ts";
import { type Lazily, lazily } from "../src/shapes.ts";
import { toValidationIssue } from "../src/validation.ts";

/**
 * A refused control-plane request, from the control plane or the simulator
 * method behind it: the HTTP status it answers (400 bad input, 404 no such
 * project or version, 409 a name in use or an endpoint a stand-in does not
 * have) and why.
 */
export class ControlPlaneError extends Error {
  /** `ControlPlaneError`. */
  override name = "ControlPlaneError";
  /** `status`: the HTTP status the control plane answers with. */
  constructor(
    /** The HTTP status the control plane answers with. */
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** `POST /__admin/projects`: a project to add, in the simulator's region and account. */
export interface AddProjectInput {
  /** 1 to 255 letters, digits, `_ . -`; unique. */
  ProjectName: string;
  /** Default CUSTOM_LABELS. */
  Feature?: "CUSTOM_LABELS" | "CONTENT_MODERATION";
  /** Whether it has datasets (then manifests are refused). Default false. */
  Datasets?: boolean;
}

/** `POST /__admin/versions/status`: a version's new status. */
export interface VersionStatusChange {
  /** The version's project. */
  ProjectArn: string;
  /** The version. */
  VersionName: string;
  /** Any value: the enum is open (RUNNING, FAILED, DEPRECATED, EXPIRED, or one the model does not list). */
  Status: string;
  /** Its StatusMessage; a known status has a default. */
  StatusMessage?: string;
}

/** The checks of an {@link AddProjectInput}; its output has the defaults filled in. */
export const AddProjectSchema: Lazily<AddProjectInput, Required<AddProjectInput>> = lazily(() =>
  v.strictObject({
    ProjectName: v.pipe(v.string(), v.regex(/^[a-zA-Z0-9_.\-]{1,255}$/, "must be 1 to 255 letters, digits, _ . -")),
    Feature: v.optional(v.picklist(["CUSTOM_LABELS", "CONTENT_MODERATION"]), "CUSTOM_LABELS"),
    Datasets: v.optional(v.boolean(), false),
  })
);

/** The checks of a {@link VersionStatusChange}. */
export const SetVersionStatusSchema: Lazily<VersionStatusChange> = lazily(() =>
  v.strictObject({
    ProjectArn: v.string(),
    VersionName: v.string(),
    Status: v.pipe(v.string(), v.minLength(1, "must not be empty")),
    StatusMessage: v.optional(v.string()),
  })
);

/** `POST /__admin/clock/advance` and `/clock/skew`: `{"seconds": <number>}`, any finite number (advance refuses a negative one itself). */
export const SecondsSchema: Lazily<{ seconds: number }> = lazily(() => v.strictObject({ seconds: v.pipe(v.number(), v.finite("must be a finite number")) }));

/** `Member must …; Other must …`: valibot issues, paths written as in the API. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[], schema: v.GenericSchema): string {
  return formatIssues(issues.map((issue) => toValidationIssue(issue, schema)));
}

/** `input` checked by `schema`, or a 400 {@link ControlPlaneError} naming every problem. */
export function checkedInput<TSchema extends v.GenericSchema>(schema: TSchema, input: unknown): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw new ControlPlaneError(400, describeIssues(result.issues, schema));
  return result.output;
}
