/**
 * A small `expect` with bun:test's semantics, for running the suite on Deno
 * (see ./bun-test.ts). It implements the matchers the test files use, and the
 * asymmetric matchers `expect.any`, `expect.anything`, `expect.objectContaining`,
 * `expect.arrayContaining`, `expect.stringContaining` and `expect.stringMatching`.
 * An unimplemented matcher is a TypeError, so it fails loudly instead of passing.
 *
 * @module
 */
import { inspect } from "node:util";

/** A value inside an expectation that matches by a rule instead of by equality. */
export abstract class AsymmetricMatcher {
  /** Whether `actual` satisfies the rule. */
  abstract matches(actual: unknown): boolean;
  /** Shown in failure messages. */
  abstract describe(): string;
  [inspect.custom](): string {
    return this.describe();
  }
}

class Predicate extends AsymmetricMatcher {
  constructor(
    readonly description: string,
    readonly test: (actual: unknown) => boolean,
  ) {
    super();
  }
  matches(actual: unknown): boolean {
    return this.test(actual);
  }
  describe(): string {
    return this.description;
  }
}

/** Thrown by a failing matcher. */
export class AssertionError extends Error {
  override name = "AssertionError";
}

/** Prints a value for a failure message. */
function show(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: 120 });
}

type Indexable = Record<PropertyKey, unknown>;

const tagOf = (value: unknown) => Object.prototype.toString.call(value);

function ownKeys(value: object): PropertyKey[] {
  const symbols = Object.getOwnPropertySymbols(value).filter((symbol) => Object.prototype.propertyIsEnumerable.call(value, symbol));
  return [...Object.keys(value), ...symbols];
}

function bytesOf(value: ArrayBuffer | ArrayBufferView): Uint8Array {
  return value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

/**
 * Deep equality as bun's `toEqual` (`strict` false) and `toStrictEqual`:
 * `toEqual` treats an `undefined` member as absent and ignores prototypes;
 * both compare Dates by time, Maps and Sets regardless of order, errors by
 * name, message and own members, `Object.is` for primitives.
 */
export function equals(a: unknown, b: unknown, strict = false, seen: [unknown, unknown][] = []): boolean {
  if (a instanceof AsymmetricMatcher) return a.matches(b);
  if (b instanceof AsymmetricMatcher) return b.matches(a);
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (tagOf(a) !== tagOf(b)) return false;
  if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (seen.some(([x, y]) => x === a && y === b)) return true;
  seen = [...seen, [a, b]];
  const same = (x: unknown, y: unknown) => equals(x, y, strict, seen);

  if (a instanceof Date) return Object.is(a.getTime(), (b as Date).getTime());
  if (a instanceof RegExp) return String(a) === String(b);
  if (a instanceof URL) return a.href === (b as URL).href;
  if (a instanceof Headers || a instanceof URLSearchParams) return same([...a], [...(b as Headers)]);
  if (a instanceof Number || a instanceof String || a instanceof Boolean) return Object.is(a.valueOf(), (b as { valueOf(): unknown }).valueOf());
  if (a instanceof ArrayBuffer || ArrayBuffer.isView(a)) {
    const [x, y] = [bytesOf(a), bytesOf(b as ArrayBuffer)];
    return x.length === y.length && x.every((byte, index) => byte === y[index]);
  }
  if (a instanceof Map) {
    const other = b as Map<unknown, unknown>;
    if (a.size !== other.size) return false;
    return [...a].every(([key, value]) =>
      other.has(key) ? same(value, other.get(key)) : [...other].some(([otherKey, otherValue]) => same(key, otherKey) && same(value, otherValue))
    );
  }
  if (a instanceof Set) {
    const other = b as Set<unknown>;
    return a.size === other.size && [...a].every((item) => other.has(item) || [...other].some((candidate) => same(item, candidate)));
  }
  if (a instanceof Error && (a.name !== (b as Error).name || a.message !== (b as Error).message)) return false;

  const [x, y] = [a as Indexable, b as Indexable];
  if (Array.isArray(a) && strict && a.length !== (b as unknown[]).length) return false;
  const keys = new Set([...ownKeys(a), ...ownKeys(b)]);
  if (Array.isArray(a)) { for (let index = 0; index < Math.max(a.length, (b as unknown[]).length); index++) keys.add(String(index)); }
  for (const key of keys) {
    if (strict && Object.hasOwn(x, key) !== Object.hasOwn(y, key)) return false;
    if (!same(x[key], y[key])) return false;
  }
  return true;
}

/** `toMatchObject`: every member of `expected` is in `actual`, recursively; arrays match element by element. */
function matchesSubset(actual: unknown, expected: unknown): boolean {
  if (expected instanceof AsymmetricMatcher) return expected.matches(actual);
  if (typeof expected !== "object" || expected === null || typeof actual !== "object" || actual === null) return equals(actual, expected);
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, index) => matchesSubset(actual[index], item));
  }
  if (expected instanceof Date || expected instanceof Map || expected instanceof Set || expected instanceof RegExp) return equals(actual, expected);
  return ownKeys(expected).every(
    (key) => key in (actual as object) && matchesSubset((actual as Indexable)[key], (expected as Indexable)[key]),
  );
}

type Constructor = abstract new (...args: never[]) => unknown;

/** What an error-like thrown value must be for `toThrow(expected)`. */
function thrownMatches(thrown: unknown, expected: unknown): boolean {
  const message = thrown instanceof Error ? thrown.message : typeof thrown === "string" ? thrown : String((thrown as { message?: unknown })?.message);
  if (expected === undefined) return true;
  if (typeof expected === "string") return message.includes(expected);
  if (expected instanceof RegExp) return expected.test(message);
  if (typeof expected === "function") return thrown instanceof (expected as Constructor);
  if (expected instanceof AsymmetricMatcher) return expected.matches(thrown);
  if (expected instanceof Error) return message === expected.message;
  return matchesSubset(thrown, expected);
}

const NOTHING_THROWN = Symbol("nothing thrown");

function lengthOf(value: unknown): number | undefined {
  const length = (value as { length?: unknown } | null | undefined)?.length;
  return typeof length === "number" ? length : undefined;
}

function contains(container: unknown, item: unknown, deep: boolean): boolean {
  if (typeof container === "string") return typeof item === "string" && container.includes(item);
  if (container === null || typeof (container as Iterable<unknown>)?.[Symbol.iterator] !== "function") return false;
  return [...(container as Iterable<unknown>)].some((element) => (deep ? equals(element, item) : element === item));
}

function propertyAt(value: unknown, path: string | PropertyKey[]): { found: boolean; value?: unknown } {
  const keys = Array.isArray(path) ? path : String(path).split(".");
  let current = value;
  for (const key of keys) {
    if (current === null || current === undefined || !(key in Object(current))) return { found: false };
    current = (current as Indexable)[key];
  }
  return { found: true, value: current };
}

/** A matcher: whether `received` passes, given the expectation's arguments. */
type Matcher = (received: unknown, ...expected: never[]) => boolean;

const compareNumbers = (check: (a: number | bigint, b: number | bigint) => boolean) => (received: unknown, expected: number | bigint) =>
  (typeof received === "number" || typeof received === "bigint") && check(received, expected);

const matchers = {
  toBe: (received, expected: unknown) => Object.is(received, expected),
  toEqual: (received, expected: unknown) => equals(received, expected),
  toStrictEqual: (received, expected: unknown) => equals(received, expected, true),
  toMatchObject: (received, expected: object) => matchesSubset(received, expected),
  toContain: (received, item: unknown) => contains(received, item, false),
  toContainEqual: (received, item: unknown) => contains(received, item, true),
  toHaveLength: (received, length: number) => lengthOf(received) === length,
  toHaveProperty: (received, path: string | PropertyKey[], ...value: unknown[]) => {
    const property = propertyAt(received, path);
    return property.found && (value.length === 0 || equals(property.value, value[0]));
  },
  toBeInstanceOf: (received, type: Constructor) => received instanceof type,
  toBeUndefined: (received) => received === undefined,
  toBeDefined: (received) => received !== undefined,
  toBeNull: (received) => received === null,
  toBeNaN: (received) => Number.isNaN(received),
  toBeTruthy: (received) => Boolean(received),
  toBeFalsy: (received) => !received,
  toBeTypeOf: (received, type: string) => {
    const actual: string = typeof received; // compared with a name given at run time
    return actual === type;
  },
  toBeGreaterThan: compareNumbers((a, b) => a > b),
  toBeGreaterThanOrEqual: compareNumbers((a, b) => a >= b),
  toBeLessThan: compareNumbers((a, b) => a < b),
  toBeLessThanOrEqual: compareNumbers((a, b) => a <= b),
  toBeCloseTo: (received, expected: number, digits = 2) => typeof received === "number" && Math.abs(received - expected) < 10 ** -digits / 2,
  toMatch: (received, pattern: string | RegExp) =>
    typeof received === "string" && (typeof pattern === "string" ? received.includes(pattern) : pattern.test(received)),
  // bun's extras
  toBeString: (received) => typeof received === "string",
  toBeNumber: (received) => typeof received === "number",
  toBeBoolean: (received) => typeof received === "boolean",
  toBeFunction: (received) => typeof received === "function",
  toBeObject: (received) => typeof received === "object" && received !== null,
  toBeArray: (received) => Array.isArray(received),
  toBeArrayOfSize: (received, size: number) => Array.isArray(received) && received.length === size,
  toBeDate: (received) => received instanceof Date,
  toBeInteger: (received) => Number.isInteger(received),
  toBeFinite: (received) => Number.isFinite(received),
  toBeNil: (received) => received === null || received === undefined,
  toBeEmpty: (received) =>
    typeof received === "string" || Array.isArray(received)
      ? received.length === 0
      : received instanceof Map || received instanceof Set
      ? received.size === 0
      : typeof received === "object" && received !== null && ownKeys(received).length === 0,
  toInclude: (received, text: string) => typeof received === "string" && received.includes(text),
  toBeWithin: (received, start: number, end: number) => typeof received === "number" && received >= start && received < end,
  toStartWith: (received, prefix: string) => typeof received === "string" && received.startsWith(prefix),
  toEndWith: (received, suffix: string) => typeof received === "string" && received.endsWith(suffix),
  toBeOneOf: (received, options: unknown[]) => options.some((option) => equals(received, option)),
  toSatisfy: (received, predicate: (value: unknown) => boolean) => predicate(received),
  /** `received` is what was thrown ({@link NOTHING_THROWN} when nothing was). */
  toThrow: (thrown, expected?: unknown) => thrown !== NOTHING_THROWN && thrownMatches(thrown, expected),
} satisfies Record<string, Matcher>;

type MatcherName = keyof typeof matchers;
type Arguments<Name extends MatcherName> = (typeof matchers)[Name] extends (received: never, ...rest: infer Rest) => boolean ? Rest : never;

/** The matchers of one expectation; `R` is `void`, or a promise after `.resolves`/`.rejects`. */
export type Matchers<R> = { [Name in MatcherName]: (...expected: Arguments<Name>) => R } & {
  toThrowError: (...expected: Arguments<"toThrow">) => R;
};

/** What `expect(value)` returns. */
export type Expectation = Matchers<void> & {
  not: Matchers<void>;
  resolves: Matchers<Promise<void>> & { not: Matchers<Promise<void>> };
  rejects: Matchers<Promise<void>> & { not: Matchers<Promise<void>> };
};

function runThrowing(received: unknown): unknown {
  if (typeof received !== "function") throw new AssertionError(`expect(received).toThrow(): received ${show(received)} is not a function`);
  try {
    received();
  } catch (error) {
    return error;
  }
  return NOTHING_THROWN;
}

function assert(name: MatcherName, negated: boolean, received: unknown, expected: unknown[], label: string): void {
  const pass = (matchers[name] as Matcher)(received, ...(expected as never[]));
  if (pass !== negated) return;
  const call = `expect(received).${label}${negated ? "not." : ""}${name}(${expected.map(show).join(", ")})`;
  const shown = received === NOTHING_THROWN ? "nothing was thrown" : show(received);
  throw new AssertionError(`${call}\n\nReceived: ${shown}`);
}

/** Every matcher, each calling `check` with its name and arguments. */
function matcherSet<R>(check: (name: MatcherName, expected: unknown[]) => R): Matchers<R> {
  const set = {} as Record<string, (...expected: unknown[]) => R>;
  for (const name of Object.keys(matchers) as MatcherName[]) set[name] = (...expected) => check(name, expected);
  set.toThrowError = set.toThrow!;
  return set as Matchers<R>;
}

function settled(promise: unknown, negated: boolean, outcome: "resolves" | "rejects"): Matchers<Promise<void>> {
  return matcherSet(async (name, expected) => {
    let value: unknown;
    let rejected = false;
    try {
      value = await promise;
    } catch (error) {
      value = error;
      rejected = true;
    }
    if (rejected !== (outcome === "rejects")) {
      const what = rejected ? `rejected with ${show(value)}` : `resolved with ${show(value)}`;
      throw new AssertionError(`expect(received).${outcome}.${name}(): the promise ${what}`);
    }
    // After `.rejects`, the rejection is what was thrown.
    assert(name, negated, value, expected, `${outcome}.`);
  });
}

function expectation(received: unknown): Expectation {
  const direct = (negated: boolean) =>
    matcherSet((name, expected) => assert(name, negated, name === "toThrow" ? runThrowing(received) : received, expected, ""));
  const resolves = Object.assign(settled(received, false, "resolves"), { not: settled(received, true, "resolves") });
  const rejects = Object.assign(settled(received, false, "rejects"), { not: settled(received, true, "rejects") });
  return Object.assign(direct(false), { not: direct(true), resolves, rejects });
}

/** `expect(value)` with bun:test's matchers and asymmetric matchers. */
export const expect = Object.assign(expectation, {
  /** Any instance of `type` (or primitive of that kind: `String`, `Number`, …). */
  any: (type: Constructor) =>
    new Predicate(`Any<${type.name}>`, (actual) => {
      const primitives: Record<string, string> = {
        String: "string",
        Number: "number",
        Boolean: "boolean",
        BigInt: "bigint",
        Symbol: "symbol",
        Function: "function",
      };
      return typeof actual === primitives[type.name] || actual instanceof type;
    }),
  /** Anything but `null` and `undefined`. */
  anything: () => new Predicate("Anything", (actual) => actual !== null && actual !== undefined),
  objectContaining: (subset: object) => new Predicate(`ObjectContaining ${show(subset)}`, (actual) => matchesSubset(actual, subset)),
  arrayContaining: (items: unknown[]) =>
    new Predicate(
      `ArrayContaining ${show(items)}`,
      (actual) => Array.isArray(actual) && items.every((item) => actual.some((element) => equals(element, item))),
    ),
  stringContaining: (text: string) => new Predicate(`StringContaining ${show(text)}`, (actual) => typeof actual === "string" && actual.includes(text)),
  stringMatching: (pattern: string | RegExp) =>
    new Predicate(`StringMatching ${show(pattern)}`, (actual) => typeof actual === "string" && new RegExp(pattern).test(actual)),
});
