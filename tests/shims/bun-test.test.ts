/**
 * Pins the Deno shim of bun:test to bun's behaviour: this file runs on both
 * runtimes (bun's own `expect` on Bun, ./bun-test.ts on Deno), so every
 * assertion here holds for both or one of the runs fails.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";

/** Whether `assertion` fails. */
function fails(assertion: () => void): boolean {
  try {
    assertion();
    return false;
  } catch {
    return true;
  }
}

/** Whether the asynchronous `assertion` fails. */
async function failsAsync(assertion: () => unknown): Promise<boolean> {
  try {
    await assertion();
    return false;
  } catch {
    return true;
  }
}

class Point {
  constructor(
    readonly x: number,
    readonly y?: number,
  ) {}
}

describe("toEqual", () => {
  test("passes on deep equality as bun defines it", () => {
    expect({ a: [1, { b: "c" }], d: new Date(5) }).toEqual({ a: [1, { b: "c" }], d: new Date(5) });
    expect<unknown>({ a: 1, b: undefined }).toEqual({ a: 1 });
    expect([1, undefined]).toEqual([1]);
    expect(new Point(1)).toEqual({ x: 1 });
    expect(new Map([[1, { a: 2 }], [3, { b: 4 }]])).toEqual(new Map([[3, { b: 4 }], [1, { a: 2 }]]));
    expect(new Set([{ a: 1 }, 2])).toEqual(new Set([2, { a: 1 }]));
    expect(new Uint8Array([1, 2])).toEqual(new Uint8Array([1, 2]));
    expect(new Error("boom")).toEqual(new Error("boom"));
    expect(Number.NaN).toEqual(Number.NaN);
    expect({ at: new URL("https://example.com/a") }).toEqual({ at: new URL("https://example.com/a") });
  });

  test("fails on any difference", () => {
    expect(fails(() => expect<unknown>({ a: { b: 1 } }).toEqual({ a: { b: 2 } }))).toBe(true);
    expect(fails(() => expect<unknown>({ a: 1 }).toEqual({ a: 1, b: 2 }))).toBe(true);
    expect(fails(() => expect<unknown>([1, 2]).toEqual([2, 1]))).toBe(true);
    expect(fails(() => expect<unknown>(new Date(5)).toEqual(new Date(6)))).toBe(true);
    expect(fails(() => expect<unknown>(new Date(5)).toEqual({}))).toBe(true);
    expect(fails(() => expect<unknown>([1]).toEqual({ 0: 1 }))).toBe(true);
    expect(fails(() => expect<unknown>(new Map([[1, 2]])).toEqual(new Map([[1, 3]])))).toBe(true);
    expect(fails(() => expect<unknown>(new Set([1])).toEqual(new Set([2])))).toBe(true);
    expect(fails(() => expect<unknown>(new TypeError("boom")).toEqual(new Error("boom")))).toBe(true);
    expect(fails(() => expect<unknown>(Object.assign(new Error("boom"), { code: 1 })).toEqual(new Error("boom")))).toBe(true);
    expect(fails(() => expect<unknown>(new Uint8Array([1])).toEqual(new Uint8Array([2])))).toBe(true);
    expect(fails(() => expect<unknown>(new URL("https://a.example/")).toEqual(new URL("https://b.example/")))).toBe(true);
    expect(fails(() => expect<unknown>(0).toEqual(-0))).toBe(true);
    expect(fails(() => expect<unknown>("1").toEqual(1))).toBe(true);
  });

  test("toStrictEqual also compares prototypes and undefined members", () => {
    expect(new Point(1)).toStrictEqual(new Point(1));
    expect(fails(() => expect<unknown>(new Point(1)).toStrictEqual({ x: 1 }))).toBe(true);
    expect(fails(() => expect<unknown>({ a: 1, b: undefined }).toStrictEqual({ a: 1 }))).toBe(true);
  });

  test("asymmetric matchers match by rule", () => {
    expect({ id: "x1", at: new Date(1), n: 3, list: [1, 2, 3] }).toEqual({
      id: expect.stringMatching(/^x\d$/),
      at: expect.any(Date),
      n: expect.any(Number),
      list: expect.arrayContaining([3, 1]),
    });
    expect({ a: 1, b: 2 }).toEqual(expect.objectContaining({ a: 1 }));
    expect("hello world").toEqual(expect.stringContaining("lo wo"));
    expect(0).toEqual(expect.anything());
    expect(fails(() => expect<unknown>(null).toEqual(expect.anything()))).toBe(true);
    expect(fails(() => expect<unknown>("1").toEqual(expect.any(Number)))).toBe(true);
    expect(fails(() => expect<unknown>({ a: 2 }).toEqual(expect.objectContaining({ a: 1 })))).toBe(true);
  });
});

describe("other matchers", () => {
  test("toBe is Object.is", () => {
    const object = {};
    expect(object).toBe(object);
    expect(fails(() => expect<unknown>({}).toBe({}))).toBe(true);
    expect(fails(() => expect<unknown>(0).toBe(-0))).toBe(true);
  });

  test("toMatchObject matches a subset, arrays element by element", () => {
    expect({ a: 1, b: { c: 2, d: 3 }, e: [{ f: 1, g: 2 }] }).toMatchObject({ b: { c: 2 }, e: [{ f: 1 }] });
    expect(new Point(1, 2)).toMatchObject({ x: 1 });
    expect(fails(() => expect<unknown>({ a: [1, 2] }).toMatchObject({ a: [1] }))).toBe(true);
    expect(fails(() => expect<unknown>({ a: 1 }).toMatchObject({ a: 1, b: undefined }))).toBe(true);
    expect(fails(() => expect<unknown>({ b: { c: 3 } }).toMatchObject({ b: { c: 2 } }))).toBe(true);
  });

  test("toContain is identity in arrays and substring in strings", () => {
    expect(["a", "b"]).toContain("b");
    expect("abc").toContain("bc");
    expect(new Set([1])).toContain(1);
    expect(fails(() => expect<unknown>(["ab"]).toContain("a"))).toBe(true);
    expect(fails(() => expect<unknown>([{ a: 1 }]).toContain({ a: 1 }))).toBe(true);
  });

  test("toThrow takes nothing, a message part, a pattern or a class", () => {
    const thrower = () => {
      throw new RangeError("out of range: 7");
    };
    expect(thrower).toThrow();
    expect(thrower).toThrow("range: 7");
    expect(thrower).toThrow(/range: \d$/);
    expect(thrower).toThrow(RangeError);
    expect(thrower).toThrow(Error);
    expect(() => {}).not.toThrow();
    expect(fails(() => expect<unknown>(thrower).toThrow("elsewhere"))).toBe(true);
    expect(fails(() => expect<unknown>(thrower).toThrow(TypeError))).toBe(true);
    expect(fails(() => expect<unknown>(() => {}).toThrow())).toBe(true);
    expect(fails(() => expect<unknown>(thrower).not.toThrow())).toBe(true);
  });

  test("numbers, lengths, types", () => {
    expect([1, 2]).toHaveLength(2);
    expect("abc").toHaveLength(3);
    expect(3).toBeGreaterThan(2);
    expect(undefined).toBeUndefined();
    expect(new Point(1)).toBeInstanceOf(Point);
    expect(fails(() => expect<unknown>([1]).toHaveLength(2))).toBe(true);
    expect(fails(() => expect<unknown>(2).toBeGreaterThan(2))).toBe(true);
    expect(fails(() => expect<unknown>(null).toBeUndefined())).toBe(true);
    expect(fails(() => expect<unknown>({ x: 1 }).toBeInstanceOf(Point))).toBe(true);
  });

  test("bun's type matchers", () => {
    expect("a").toBeString();
    expect(1.5).toBeNumber();
    expect([1]).toBeArrayOfSize(1);
    expect(3).toBeInteger();
    expect(null).toBeNil();
    expect({}).toBeEmpty();
    expect(2).toBeWithin(2, 3);
    expect(fails(() => expect(1).toBeString())).toBe(true);
    expect(fails(() => expect(1.5).toBeInteger())).toBe(true);
    expect(fails(() => expect({ a: 1 }).toBeEmpty())).toBe(true);
    expect(fails(() => expect(3).toBeWithin(2, 3))).toBe(true);
  });

  test(".not negates", () => {
    expect(1).not.toBe(2);
    expect({ a: 1 }).not.toEqual({ a: 2 });
    expect(fails(() => expect<unknown>(1).not.toBe(1))).toBe(true);
  });

  test(".resolves and .rejects await the promise", async () => {
    await expect(Promise.resolve({ a: 1 })).resolves.toEqual({ a: 1 });
    await expect(Promise.reject(new TypeError("nope"))).rejects.toThrow(TypeError);
    await expect(Promise.reject(new TypeError("nope"))).rejects.toThrow("nope");
    const reason = new Error("same");
    await expect(Promise.reject(reason)).rejects.toBe(reason);
    expect(await failsAsync(() => expect(Promise.resolve(1)).rejects.toThrow())).toBe(true);
    expect(await failsAsync(() => expect(Promise.reject(new Error("x"))).resolves.toBe(1 as never))).toBe(true);
  });
});

const log: string[] = [];

describe("hooks", () => {
  beforeAll(() => void log.push("beforeAll"));
  beforeEach(() => void log.push("beforeEach"));
  afterEach(() => void log.push("afterEach"));
  afterAll(() => void log.push("afterAll"));

  describe("nested", () => {
    beforeEach(() => void log.push("inner beforeEach"));
    afterEach(() => void log.push("inner afterEach"));
    test("first", () => void log.push("first"));
  });

  test("second", () => {
    log.push("second");
    expect(log).toEqual(["beforeAll", "beforeEach", "inner beforeEach", "first", "inner afterEach", "afterEach", "beforeEach", "second"]);
  });
});

test("afterAll ran once, after its scope's last test", () => {
  expect(log.slice(-3)).toEqual(["second", "afterEach", "afterAll"]);
  expect(log.filter((entry) => entry === "beforeAll")).toHaveLength(1);
});

test("an async test is awaited", async () => {
  const value = await new Promise((resolve) => setTimeout(() => resolve("late"), 5));
  expect(value).toBe("late");
});
