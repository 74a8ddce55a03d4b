/**
 * Type tests of DeclaredAs, the check that a schema's declared input and output
 * are exactly what valibot infers from it: it accepts the shapes as written in
 * the package's style (interfaces, `?:` members, open enums, Dates) and refuses
 * every way a declaration can drift from its schema; and of `lazily`, which
 * applies it to every exported schema where it is defined. Checked by `tsc --noEmit`.
 */
import * as v from "valibot";
import type { DeclaredAs } from "../src/schema-types.ts";
import { type Lazily, lazily } from "../src/shapes.ts";
import type { Equal, Expect } from "./type-helpers.ts";

/** Whether `TSchema` is declared as `TInput` and `TOutput`. */
type Accepts<TSchema extends v.GenericSchema, TInput, TOutput = TInput> = Equal<DeclaredAs<TSchema, TInput, TOutput>, unknown>;

const location = v.strictObject({ S3Bucket: v.optional(v.string()), S3KeyPrefix: v.optional(v.string()) });
interface Location {
  S3Bucket?: string;
  S3KeyPrefix?: string;
}
type Status = "RUNNING" | "FAILED" | (string & Record<never, never>);
const described = v.object({
  Location: location,
  Locations: v.optional(v.array(location)),
  Tags: v.optional(v.record(v.string(), v.string())),
  Status: v.optional(v.custom<Status>((input) => typeof input === "string")),
  Created: v.optional(v.pipe(v.number(), v.transform((seconds) => new Date(seconds * 1000)))),
  Body: v.optional(v.unknown()),
  Kind: v.variant("outcome", [v.object({ outcome: v.literal("success") }), v.object({ outcome: v.literal("error"), code: v.nullable(v.string()) })]),
});
interface Described<TDate> {
  Location: Location;
  Locations?: Location[];
  Tags?: Record<string, string>;
  Status?: Status;
  Created?: TDate;
  Body?: unknown;
  Kind: { outcome: "success" } | { outcome: "error"; code: string | null };
}

export type Accepted = [
  Expect<Accepts<typeof location, Location>>,
  Expect<Accepts<v.StringSchema<undefined>, string>>,
  // Input and output apart: a transformation, a default.
  Expect<Accepts<typeof described, Described<number>, Described<Date>>>,
  Expect<Accepts<v.OptionalSchema<v.BooleanSchema<undefined>, false>, boolean | undefined, boolean>>,
];

export type Refused = [
  // A member declared that the schema does not have, even optional.
  Expect<Equal<Accepts<typeof location, Location & { Extra?: string }>, false>>,
  // A member of the schema left out of the declaration.
  Expect<Equal<Accepts<typeof location, { S3Bucket?: string }>, false>>,
  // `?:` against `| undefined`: assignable one way, not the same shape.
  Expect<Equal<Accepts<typeof location, { S3Bucket: string | undefined; S3KeyPrefix?: string }>, false>>,
  // A member wider than the schema's, at any depth.
  Expect<Equal<Accepts<typeof location, { S3Bucket?: string | number; S3KeyPrefix?: string }>, false>>,
  Expect<Equal<Accepts<typeof described, Omit<Described<number>, "Location"> & { Location: Location & { Extra?: string } }, Described<Date>>, false>>,
  Expect<Equal<Accepts<typeof described, Omit<Described<number>, "Kind"> & { Kind: { outcome: string } }, Described<Date>>, false>>,
  // `unknown` is not `{}`; `readonly` counts.
  Expect<Equal<Accepts<typeof described, Omit<Described<number>, "Body"> & { Body?: NonNullable<unknown> }, Described<Date>>, false>>,
  Expect<Equal<Accepts<v.ArraySchema<v.StringSchema<undefined>, undefined>, readonly string[]>, false>>,
  // Input and output each checked: the output declared as the input, and the other way round.
  Expect<Equal<Accepts<typeof described, Described<number>, Described<number>>, false>>,
  Expect<Equal<Accepts<typeof described, Described<Date>, Described<Date>>, false>>,
];

export type UnknownInput = [
  // A declared input of unknown stands for any input (a response's schema); the output is still compared.
  Expect<Accepts<typeof described, unknown, Described<Date>>>,
  Expect<Equal<Accepts<typeof described, unknown, Described<number>>, false>>,
];

// lazily checks a declaration against the schema it builds, where the schema is defined.
export const declared: Lazily<Location> = lazily(() => location);
export const declaredApart: Lazily<Described<number>, Described<Date>> = lazily(() => described);
// A response's schema may declare its input as unknown (any JSON); its output is still checked.
export const response: Lazily<unknown, Described<Date>> = lazily(() => described);
// Without a declaration, the types are valibot's.
export const inferred = lazily(() => location);
// @ts-expect-error a member declared that the schema does not have
export const extra: Lazily<Location & { Extra?: string }> = lazily(() => location);
// @ts-expect-error a member of the schema left out
export const missing: Lazily<{ S3Bucket?: string }> = lazily(() => location);
// @ts-expect-error the output declared as the input
export const sameApart: Lazily<Described<number>> = lazily(() => described);
// @ts-expect-error an unknown input does not excuse a wrong output
export const wrongOutput: Lazily<unknown, Described<number>> = lazily(() => described);

export type Lazy = [
  Expect<Equal<typeof inferred, Lazily<v.InferInput<typeof location>, v.InferOutput<typeof location>>>>,
  Expect<Equal<v.InferOutput<typeof declaredApart>, Described<Date>>>,
];
