/**
 * Turns valibot issues into {@link ValidationError}: every problem, each with
 * the path of the member at fault written as in JavaScript.
 *
 * @module
 */
import * as v from "valibot";
import type { Clock } from "./clock.ts";
import { ValidationError, type ValidationIssue } from "./errors.ts";
import { pipedSchema } from "./shapes.ts";

/**
 * Parses `input` with `schema`, or throws a {@link ValidationError} listing
 * every issue. `subject` names the input in the message ("CreateProjectVersion input").
 */
export function parseOrThrow<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
  subject: string,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  throw new ValidationError(subject, result.issues.map((issue) => toValidationIssue(issue, schema)));
}

/** One valibot issue of `schema` as a {@link ValidationIssue}. */
export function toValidationIssue(issue: v.BaseIssue<unknown>, schema: v.GenericSchema): ValidationIssue {
  return { path: formatPath(issue.path ?? [], schema), message: describeIssue(issue) };
}

type SchemaNode = v.GenericSchema & {
  getter?: (input: unknown) => SchemaNode;
  pipe?: SchemaNode[];
  wrapped?: SchemaNode;
  entries?: Record<string, SchemaNode>;
  item?: SchemaNode;
  value?: SchemaNode;
};

/** The schema itself, under its pipe, `optional` and `lazy` wrappers. */
function unwrap(schema: SchemaNode | undefined): SchemaNode | undefined {
  let node = schema;
  while (node?.pipe || node?.wrapped || node?.getter) node = node.pipe ? (pipedSchema(node) as SchemaNode) : (node.wrapped ?? node.getter!(undefined));
  return node;
}

/**
 * `OutputConfig.S3Bucket`, `Assets[0]`, `Tags["aws:x"]`: the path of an issue
 * as JavaScript. Walks `schema` beside the path to tell a map key (bracketed)
 * from a member name, which valibot reports alike.
 */
export function formatPath(path: readonly v.IssuePathItem[], schema?: v.GenericSchema): string {
  let text = "";
  let node = unwrap(schema as SchemaNode | undefined);
  for (const { key } of path) {
    const name = String(key);
    if (node?.type === "array") {
      text += `[${name}]`;
      node = unwrap(node.item);
    } else if (node?.type === "record") {
      text += `[${JSON.stringify(name)}]`;
      node = unwrap(node.value);
    } else {
      text += text ? `.${name}` : name;
      node = unwrap(node?.entries?.[name]);
    }
  }
  return text;
}

/**
 * The message of one issue. Constraint actions carry their own wording (see
 * `shapes.ts`); the type checks of schemas are worded here, once.
 */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.kind !== "schema" || issue.type === "custom") return issue.message;
  if (issue.expected === "never" && issue.path?.at(-1)?.type === "object") return "is not a member of this shape (misspelt?)";
  if (issue.received === "undefined" && issue.expected?.startsWith('"')) return "is required";
  return `must be ${article(issue.expected ?? "valid")}, got ${issue.received}`;
}

function article(expected: string): string {
  const name = expected === "Object" ? "an object" : expected === "Array" ? "an array" : expected;
  return /^(string|number|boolean)$/.test(name) ? `a ${name}` : name;
}

// ---------------------------------------------------------------------------
// Settings shared by the client's configuration and the waiters' options
// ---------------------------------------------------------------------------

/** Whether `value` is a function. */
export const isFunction = (value: unknown): boolean => typeof value === "function";

/** An optional setting that must pass `check`, else `message`. */
export const optionalSetting = <T>(check: (value: unknown) => boolean, message: string) => v.optional(v.custom<T>(check, message));

/** An optional setting that must be a function. */
export const functionSetting = <T>() => optionalSetting<T>(isFunction, "must be a function");

/** The optional `clock` setting: a {@link Clock}. */
export const clockSetting = () =>
  optionalSetting<Clock>((value) => isFunction((value as Clock)?.now) && isFunction((value as Clock)?.sleep), "must have now() and sleep()");

/** A number of seconds: finite, > 0, and ≤ `max` when given. `what` ends the message, e.g. ` (the longest the wait may take)`. */
export const positiveSeconds = (what = "", max = Infinity) =>
  v.pipe(
    v.number(),
    v.check(
      (value) => Number.isFinite(value) && value > 0 && value <= max,
      `must be a finite number of seconds > 0${max < Infinity ? ` and ≤ ${max}` : ""}${what}`,
    ),
  );
