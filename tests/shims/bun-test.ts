/**
 * `bun:test` on Deno, so the same test files run on both runtimes. deno.json's
 * import map points `bun:test` here.
 *
 * Each bun test becomes one flat `Deno.test` named `describe > … > test`, so
 * Deno's pass/fail counts are the test counts. Hooks keep bun's order:
 * `beforeAll` runs before the first test of its scope, `afterAll` after the
 * last one (not when `--filter` leaves that test out), `beforeEach`/`afterEach`
 * around each test, outer scopes first in and last out. Sanitizers are off,
 * as bun has none; every test is bounded by a timeout (bunfig.toml's 20 s unless given).
 *
 * @module
 */
export { expect } from "./expect.ts";

/** The part of Deno's API this shim uses (the project's types are bun's). */
declare const Deno: {
  test(definition: {
    name: string;
    fn: () => Promise<void>;
    ignore?: boolean;
    only?: boolean;
    sanitizeOps?: boolean;
    sanitizeResources?: boolean;
    sanitizeExit?: boolean;
  }): void;
};

type Body = () => unknown;
/** A test body; one that takes an argument is called with a `done` callback. */
type TestBody = (() => unknown) | ((done: (error?: unknown) => void) => unknown);
type TestOptions = number | { timeout?: number };

/** bunfig.toml's `timeout`. */
const DEFAULT_TIMEOUT_MS = 20_000;

interface Scope {
  readonly name: string;
  readonly parent: Scope | undefined;
  readonly beforeAll: Body[];
  readonly afterAll: Body[];
  readonly beforeEach: Body[];
  readonly afterEach: Body[];
  /** Tests registered in this scope and below that will run. */
  planned: number;
  finished: number;
  /** The run of the `beforeAll` hooks, shared by the scope's tests. */
  setUp?: Promise<void>;
  skip: boolean;
  only: boolean;
}

function newScope(name: string, parent: Scope | undefined): Scope {
  return {
    name,
    parent,
    beforeAll: [],
    afterAll: [],
    beforeEach: [],
    afterEach: [],
    planned: 0,
    finished: 0,
    skip: parent?.skip ?? false,
    only: parent?.only ?? false,
  };
}

let current = newScope("", undefined);

/** The scope and its ancestors, outermost first. */
function chainOf(scope: Scope): Scope[] {
  const chain: Scope[] = [];
  for (let at: Scope | undefined = scope; at; at = at.parent) chain.unshift(at);
  return chain;
}

async function runHooks(hooks: Body[]): Promise<void> {
  for (const hook of hooks) await runBody(hook);
}

function runBody(body: TestBody): Promise<unknown> {
  if (body.length === 0) return Promise.resolve().then(body as () => unknown);
  return new Promise((resolve, reject) => {
    (body as (done: (error?: unknown) => void) => unknown)((error) => (error ? reject(error) : resolve(undefined)));
  });
}

function withTimeout(work: Promise<unknown>, ms: number, name: string): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`"${name}" timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function register(name: string, body: TestBody, options: TestOptions | undefined, flags: { skip?: boolean; only?: boolean }): void {
  const chain = chainOf(current);
  const fullName = [...chain.map((scope) => scope.name).filter(Boolean), name].join(" > ");
  const ignore = Boolean(flags.skip || current.skip);
  const timeoutMs = (typeof options === "number" ? options : options?.timeout) ?? DEFAULT_TIMEOUT_MS;
  if (!ignore) { for (const scope of chain) scope.planned++; }
  const run = async () => {
    for (const scope of chain) {
      scope.setUp ??= runHooks(scope.beforeAll);
      await scope.setUp;
    }
    for (const scope of chain) await runHooks(scope.beforeEach);
    try {
      await runBody(body);
    } finally {
      for (const scope of [...chain].reverse()) await runHooks(scope.afterEach);
    }
  };
  Deno.test({
    name: fullName,
    ignore,
    only: Boolean(flags.only || current.only),
    sanitizeOps: false,
    sanitizeResources: false,
    sanitizeExit: false,
    fn: async () => {
      try {
        await withTimeout(run(), timeoutMs, fullName);
      } finally {
        for (const scope of [...chain].reverse()) if (++scope.finished === scope.planned) await runHooks(scope.afterAll);
      }
    },
  });
}

/** `%s`, `%d`, `%i`, `%f`, `%p`, `%o`, `%j`, `%#` (row index) and `$member` in a `.each` title. */
function eachTitle(title: string, row: unknown, index: number): string {
  const args = Array.isArray(row) ? [...row] : [row];
  const named = title.replace(
    /\$([A-Za-z_][\w.]*)/g,
    (whole, path: string) =>
      typeof row === "object" && row !== null ? String(path.split(".").reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], row)) : whole,
  );
  return named.replace(/%([sdifpoj#%])/g, (whole, kind: string) => {
    if (kind === "%") return "%";
    if (kind === "#") return String(index);
    if (args.length === 0) return whole;
    const value = args.shift();
    if (kind === "d" || kind === "i") return String(kind === "i" ? Math.trunc(Number(value)) : Number(value));
    if (kind === "f") return String(Number(value));
    if (kind === "s") return String(value);
    return JSON.stringify(value) ?? String(value);
  });
}

function withEach<F extends (title: string, body: never, options?: TestOptions) => void>(define: F) {
  return (table: readonly unknown[]) => (title: string, body: (...args: never[]) => unknown, options?: TestOptions) =>
    table.forEach((row, index) => {
      const args = (Array.isArray(row) ? row : [row]) as never[];
      define(eachTitle(title, row, index), (() => body(...args)) as never, options);
    });
}

function defineTest(flags: { skip?: boolean; only?: boolean }) {
  return (name: string, body: TestBody = () => {}, options?: TestOptions) => register(name, body, options, flags);
}

/** A test; `test.skip`, `test.only`, `test.todo`, `test.if`, `test.skipIf`, `test.each` as in bun. */
export const test = Object.assign(defineTest({}), {
  skip: defineTest({ skip: true }),
  only: defineTest({ only: true }),
  todo: (name: string) => register(name, () => {}, undefined, { skip: true }),
  if: (condition: unknown) => defineTest({ skip: !condition }),
  skipIf: (condition: unknown) => defineTest({ skip: Boolean(condition) }),
  each: withEach(defineTest({})),
});

/** Same as {@link test}. */
export const it = test;

function defineDescribe(flags: { skip?: boolean; only?: boolean }) {
  return (name: string, body: Body) => {
    const scope = newScope(name, current);
    scope.skip ||= Boolean(flags.skip);
    scope.only ||= Boolean(flags.only);
    const outer = current;
    current = scope;
    try {
      if (body() instanceof Promise) throw new Error(`describe("${name}"): the body must be synchronous`);
    } finally {
      current = outer;
    }
  };
}

/** A group of tests with its own hooks; `describe.skip`, `.only`, `.if`, `.skipIf`, `.each` as in bun. */
export const describe = Object.assign(defineDescribe({}), {
  skip: defineDescribe({ skip: true }),
  only: defineDescribe({ only: true }),
  if: (condition: unknown) => defineDescribe({ skip: !condition }),
  skipIf: (condition: unknown) => defineDescribe({ skip: Boolean(condition) }),
  each: withEach(defineDescribe({})),
});

/** Runs once before the first test of the enclosing `describe` (or file). */
export const beforeAll = (hook: Body) => void current.beforeAll.push(hook);
/** Runs once after the last test of the enclosing `describe` (or file). */
export const afterAll = (hook: Body) => void current.afterAll.push(hook);
/** Runs before each test of the enclosing `describe` (or file). */
export const beforeEach = (hook: Body) => void current.beforeEach.push(hook);
/** Runs after each test of the enclosing `describe` (or file), even a failed one. */
export const afterEach = (hook: Body) => void current.afterEach.push(hook);
