/** Helpers of the type tests (`*.test-d.ts`), checked by tsc. */

/** Whether A and B are the same type (not merely mutually assignable): the package's own check (src/schema-types.ts). */
export type { Same as Equal } from "../src/schema-types.ts";
/** Fails to compile unless T is `true`. */
export type Expect<T extends true> = T;
/** Flattens valibot's intersections of mapped types, so `Equal` compares the members. */
export type Simplify<T> = T extends unknown ? { [K in keyof T]: T[K] } : never;
