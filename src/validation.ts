/**
 * Turns valibot issues into {@link ValidationError}: every problem, each with
 * the path of the member at fault written as in JavaScript.
 *
 * @module
 */
import * as v from "valibot";
import type { Clock } from "./clock.ts";
import { ValidationError, type ValidationIssue } from "./errors.ts";
import { isPlainObject, pipedSchema } from "./shapes.ts";

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
// Settings: the client's configuration, the options of the waiters and of checkTraining
// ---------------------------------------------------------------------------

/** A setting's check: `undefined` when the value is fine, else what is wrong with it. */
export type SettingCheck = (value: unknown) => string | undefined;

/** A check for every setting of `T`. */
export type SettingChecks<T> = { readonly [K in keyof T]-?: SettingCheck };

/**
 * Checks settings by hand rather than with a valibot schema: a client is constructed on every cold start, and
 * building and running a schema there took about 0.5 ms on Bun (BENCHMARKS.md). A setting left `undefined`
 * takes its default and is not checked.
 *
 * @returns `settings`, checked.
 * @throws {ValidationError} naming every setting at fault: one its check refuses, the `required` one missing,
 *   one `checks` does not know (misspelt?).
 */
export function checkSettings<T>(subject: string, settings: unknown, checks: SettingChecks<T>, required?: keyof T & string): T {
  const issues: ValidationIssue[] = [];
  if (!isPlainObject(settings)) issues.push({ path: "", message: "must be an object" });
  else {
    for (const name of Object.keys({ ...checks, ...settings })) {
      const value = settings[name];
      const message = !Object.hasOwn(checks, name)
        ? "is not a setting (misspelt?)"
        : value === undefined
          ? name === required ? "is required" : undefined
          : (checks as Record<string, SettingCheck>)[name]!(value);
      if (message) issues.push({ path: name, message });
    }
  }
  if (issues.length > 0) throw new ValidationError(subject, issues);
  return settings as T;
}

/** A setting that must pass `test`, else `message`. */
export const settingIs = (test: (value: unknown) => boolean, message: string): SettingCheck => (value) => (test(value) ? undefined : message);

/** Whether `value` is a function. */
export const isFunction = (value: unknown): boolean => typeof value === "function";

/** A setting that must be a function. */
export const functionSetting: SettingCheck = settingIs(isFunction, "must be a function");

/** The `clock` setting: a {@link Clock}. */
export const clockSetting: SettingCheck = settingIs((value) => isFunction((value as Clock | null)?.now) && isFunction((value as Clock | null)?.sleep), "must have now() and sleep()");
