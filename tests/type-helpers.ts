/** Helpers of the type tests (`*.test-d.ts`), checked by tsc. */

/** Whether A and B are the same type (not merely mutually assignable). */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Fails to compile unless T is `true`. */
export type Expect<T extends true> = T;
/** Flattens valibot's intersections of mapped types, so `Equal` compares the members. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};
