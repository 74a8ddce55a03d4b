/**
 * The types the schemas' public API is written with: valibot's, under local
 * names, and {@link DeclaredAs}, the check that a schema's declared input and
 * output are exactly what valibot infers from it.
 *
 * Every exported schema has an explicit type (JSR needs one on every exported
 * symbol), written as the shape it checks (`Lazily<OutputConfig>`), while its
 * definition stays data (`structure({ … })`) whose types valibot infers.
 * `lazily` compares the two with {@link DeclaredAs}, so a declared shape that
 * drifts from its schema (a member missing, extra, optional or wider) is a type
 * error where the schema is defined.
 *
 * Why local names for valibot's types: `deno doc --lint` (and JSR's documentation)
 * takes a type of an npm package that an exported symbol mentions for a private
 * type of this package, and re-exporting valibot's from an entry would make its
 * whole type graph (BaseSchema, BaseIssue, Config, …: 23 types) this package's
 * to document. They are valibot's, documented at https://valibot.dev/api/;
 * `@internal` keeps them out of this package's documentation.
 *
 * @module
 */
import type * as v from "valibot";

/** @internal valibot's `GenericSchema`: any schema of this input and output. */
export type GenericSchema<TInput = unknown, TOutput = TInput> = v.GenericSchema<TInput, TOutput>;
/** @internal valibot's `LazySchema`: a schema that a function returns when it is first used. */
export type LazySchema<TWrapped extends GenericSchema> = v.LazySchema<TWrapped>;
/** @internal valibot's `InferInput`: the input type of a schema. */
export type InferInput<TSchema extends GenericSchema> = v.InferInput<TSchema>;
/** @internal valibot's `InferOutput`: the output type of a schema. */
export type InferOutput<TSchema extends GenericSchema> = v.InferOutput<TSchema>;

/**
 * @internal Whether A and B are the same type: not merely assignable to each
 * other (which an extra optional member, or `?:` against `| undefined`, would
 * be), but member by member the same, `readonly` and `?` included.
 */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/**
 * @internal `unknown` when valibot infers exactly `TInput` and `TOutput` from
 * `TSchema`; else an object no schema is, naming the declared and the inferred
 * types, so that `TSchema & DeclaredAs<…>` refuses the schema and the error
 * shows both. A declared input of `unknown` is taken as it is: every schema
 * takes any input at run time, and a response's schema says so (its inferred
 * input, the wire's types mixed with the `unknown` of lenient members, says
 * nothing a caller uses).
 */
export type DeclaredAs<TSchema extends GenericSchema, TInput, TOutput> =
  [unknown extends TInput ? true : Same<InferInput<TSchema>, TInput>, Same<InferOutput<TSchema>, TOutput>] extends [true, true] ? unknown
    : { "~declared": { input: TInput; output: TOutput }; "~inferred": { input: InferInput<TSchema>; output: InferOutput<TSchema> } };
