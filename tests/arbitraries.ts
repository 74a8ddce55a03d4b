/**
 * fast-check arbitraries read off the Smithy model, so the generators follow
 * the model and not our schemas: for any shape reachable from an operation's
 * input, valid values (lengths at their limits counted in code points,
 * patterns' character classes, ranges at their bounds, 0 and max entries) and,
 * for every constraint, values that break exactly that constraint, placed in
 * an otherwise valid input together with the path the refusal must name.
 *
 * A model construct these generators do not understand (a shape type, a
 * pattern syntax) throws with its name, so a model update cannot pass unseen.
 */
import fc from "fast-check";
import type { SmithyModel } from "./spec.ts";

type ShapeDefinition = SmithyModel["shapes"][string];
type MemberDefinition = { target: string; traits?: Record<string, unknown> };

/** `@length`: inclusive bounds on a string's code points or a list's or map's entries. */
export const LENGTH = "smithy.api#length";
/** `@pattern`: an ECMA-262 regular expression a string must match (the model anchors its own). */
export const PATTERN = "smithy.api#pattern";
/** `@range`: inclusive bounds on a number. */
export const RANGE = "smithy.api#range";
/** `@required`: a structure member that must be present. */
export const REQUIRED = "smithy.api#required";

/** `@length` or `@range`: inclusive bounds, either may be absent. */
export interface Bounds {
  min?: number;
  max?: number;
}

/** A shape as a member reaches it: the target's traits overridden by the member's (Smithy's rule). */
export interface ShapeRef {
  id: string;
  shape: ShapeDefinition;
  traits: Record<string, unknown>;
}

/** One step from a value into a part of it. */
export type Step =
  | { kind: "member"; name: string; ref: ShapeRef; required: boolean }
  | { kind: "item"; ref: ShapeRef }
  | { kind: "key" | "value"; ref: ShapeRef; map: ShapeRef };

/** A place in an operation's input where a shape is reached: the steps from the root and the shape there. */
export interface Site {
  steps: Step[];
  ref: ShapeRef;
}

/** Which constraint a violation breaks. */
export type Constraint = "length" | "pattern" | "range" | "required" | "type" | "unicode" | "members";

/** A way to break one constraint of a site, with the values that do. */
export interface Violation {
  constraint: Constraint;
  /** `min` or `max` for length and range. */
  bound?: "min" | "max";
  /** What the breaking values look like, for messages. */
  description: string;
  /** The values to put at the site (absent for `required`: the member is removed). */
  values?: fc.Arbitrary<unknown>;
  /** For `members`: the unknown member added to the structure, which the refusal names. */
  extraMember?: string;
}

/** An input with one constraint broken, and the path its refusal must name. */
export interface BrokenInput {
  input: unknown;
  path: string;
  /** `<site> <constraint>`, e.g. `Tags[*] length max`, to count which cases ran. */
  label: string;
}

/** The model, as the generators read it. */
export class ModelShapes {
  readonly #shapes: SmithyModel["shapes"];

  constructor(model: SmithyModel) {
    this.#shapes = model.shapes;
  }

  /** The shape `id` reached through a member with `memberTraits`. */
  ref(id: string, memberTraits: Record<string, unknown> = {}): ShapeRef {
    const shape = this.#shapes[id];
    if (!shape) throw new Error(`the model has no shape ${id}`);
    return { id, shape, traits: { ...shape.traits, ...memberTraits } };
  }

  /** The input structure of an operation, e.g. `CreateProjectVersion`. */
  input(operation: string): ShapeRef {
    const shape = this.#shapes[`com.amazonaws.rekognition#${operation}`] as ShapeDefinition & { input?: { target: string } };
    if (shape?.type !== "operation" || !shape.input) throw new Error(`the model has no operation ${operation}`);
    return this.ref(shape.input.target);
  }

  /** The members of a structure, as refs, with whether each is required. */
  members(ref: ShapeRef): { name: string; ref: ShapeRef; required: boolean }[] {
    const members = (ref.shape.members ?? {}) as Record<string, MemberDefinition>;
    return Object.entries(members).map(([name, member]) => ({
      name,
      ref: this.ref(member.target, member.traits),
      required: member.traits?.[REQUIRED] !== undefined,
    }));
  }

  /** The element of a list, or the key and value of a map. */
  part(ref: ShapeRef, part: "member" | "key" | "value"): ShapeRef {
    const member = (ref.shape as Record<string, unknown>)[part] as MemberDefinition | undefined;
    if (!member) throw new Error(`${ref.id} (a ${ref.shape.type}) has no ${part}`);
    return this.ref(member.target, member.traits);
  }

  /**
   * Every site reachable from `root` (the root included), depth first. A shape
   * already on the way down is not entered again, so recursive shapes end.
   */
  sites(root: ShapeRef): Site[] {
    const found: Site[] = [];
    const visit = (steps: Step[], ref: ShapeRef, above: ReadonlySet<string>) => {
      found.push({ steps, ref });
      if (above.has(ref.id)) return;
      const seen = new Set(above).add(ref.id);
      switch (ref.shape.type) {
        case "structure":
          for (const member of this.members(ref)) visit([...steps, { kind: "member", ...member }], member.ref, seen);
          break;
        case "list":
          visit([...steps, { kind: "item", ref: this.part(ref, "member") }], this.part(ref, "member"), seen);
          break;
        case "map":
          for (const kind of ["key", "value"] as const) visit([...steps, { kind, ref: this.part(ref, kind), map: ref }], this.part(ref, kind), seen);
          break;
      }
    };
    visit([], root, new Set());
    return found;
  }
}

// ---------------------------------------------------------------------------
// Characters and patterns
// ---------------------------------------------------------------------------

/** Letters, digits and separators outside ASCII (U+2028/2029 are `\p{Z}` too), and characters that are none of these. */
const UNICODE_EXTRAS = [
  "é",
  "ß",
  "Ж",
  "я",
  "日",
  "本",
  "ก",
  "ا",
  "Ω",
  "\u00A0",
  "\u2003",
  "\u3000",
  "\u2028",
  "\u2029",
  "٣",
  "²",
  "½",
  "Ⅻ",
  "€",
  "\u0301",
  "\u200B",
  "\uFEFF",
  "\uFFFD",
];
/** Outside the BMP: letters (U+1D49C is MATHEMATICAL SCRIPT CAPITAL A), a digit, an emoji. Two UTF-16 units, one code point each. */
const ASTRAL = ["\u{1D49C}", "\u{10400}", "\u{20000}", "\u{1D7CE}", "\u{1F600}"];
const ASCII = Array.from({ length: 0x80 }, (_, code) => String.fromCharCode(code));

/** Every character the generators draw from: a pattern's character class draws the ones it matches. */
export const CHARACTER_POOL: readonly string[] = [...ASCII, ...UNICODE_EXTRAS, ...ASTRAL];

/** A pseudo-random source in [0, 1) from a seed (mulberry32): one fast-check draw makes a whole string. */
function randomFrom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Draws one character from a set, given a random source. */
type CharacterSet = (random: () => number) => string;

/** Any code point but a surrogate: well-formed, assigned or not. */
function anyCodePoint(random: () => number): string {
  const code = Math.floor(random() * (0x110000 - 0x800));
  return String.fromCodePoint(code < 0xd800 ? code : code + 0x800);
}

/** The characters matching a character class (`[a-z\d-]`, `\d`, `.`), ASCII, other BMP and astral ones alike likely. */
function alphabet(characterClass: string, extra?: CharacterSet): CharacterSet {
  const matches = new RegExp(`^${characterClass}$`, "u");
  const groups = [ASCII, UNICODE_EXTRAS, ASTRAL].map((group) => group.filter((character) => matches.test(character))).filter((group) => group.length > 0);
  if (groups.length === 0) throw new Error(`no character of the test pool matches ${characterClass}: extend CHARACTER_POOL in tests/arbitraries.ts`);
  // One table, each group (and `extra`, as undefined) filling an equal share: one random number per character.
  const share = Math.max(...groups.map((group) => group.length));
  const table = [...groups, ...(extra ? [[undefined]] : [])].flatMap((group) => Array.from({ length: share }, (_, index) => group[index % group.length]));
  return (random) => table[Math.floor(random() * table.length)] ?? extra!(random);
}

/** Any well-formed character, for strings without a pattern. */
const ANY_CHARACTER = alphabet("[^]", anyCodePoint);

/** `count` characters of a set. */
function draw(characters: CharacterSet, count: number, random: () => number): string {
  let text = "";
  for (let index = 0; index < count; index++) text += characters(random);
  return text;
}

/** A part of a pattern: a literal, or a character class repeated `min`..`max` times. */
interface Segment {
  literal?: string;
  characters?: CharacterSet;
  min: number;
  max: number;
}

/** A pattern as a sequence of segments, and the literals of its negative lookaheads (`(?!aws:)`). */
export interface PatternPlan {
  regex?: RegExp;
  segments: Segment[];
  lookaheads: string[];
}

const codePoints = (text: string) => [...text].length;

/**
 * Reads the patterns the model uses: anchors, transparent groups, negative
 * lookaheads of literal text, character classes and escapes with `*`, `+`,
 * `?`, `{n}`, `{n,}`, `{n,m}`. Anything else (alternation, a quantified
 * group) throws, naming the pattern.
 */
export function planPattern(pattern: string | undefined): PatternPlan {
  const key = pattern ?? "";
  let plan = plans.get(key);
  if (!plan) plans.set(key, plan = readPattern(pattern));
  return plan;
}

const plans = new Map<string, PatternPlan>();

function readPattern(pattern: string | undefined): PatternPlan {
  if (pattern === undefined) return { segments: [{ characters: ANY_CHARACTER, min: 0, max: Infinity }], lookaheads: [] };
  const unsupported = (what: string): never => {
    throw new Error(`tests/arbitraries.ts cannot generate strings for the pattern ${pattern}: ${what}`);
  };
  const segments: Segment[] = [];
  const lookaheads: string[] = [];
  let i = 0;
  const quantifier = (): [number, number] | undefined => {
    const rest = pattern.slice(i);
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(rest);
    if (braces) {
      i += braces[0].length;
      const min = Number(braces[1]);
      return [min, braces[2] === undefined ? min : braces[3] ? Number(braces[3]) : Infinity];
    }
    const symbol = ({ "*": [0, Infinity], "+": [1, Infinity], "?": [0, 1] } as Record<string, [number, number]>)[rest[0] ?? ""];
    if (symbol) i++;
    return symbol;
  };
  while (i < pattern.length) {
    const character = pattern[i]!;
    let atom: string | undefined; // a class, or undefined for a literal in `literal`
    let literal = "";
    if (character === "^" || character === "$") {
      i++;
      continue;
    } else if (pattern.startsWith("(?!", i)) {
      const end = pattern.indexOf(")", i);
      const text = pattern.slice(i + 3, end);
      if (end < 0 || /[\\[\](){}|*+?.^$]/.test(text)) unsupported(`the lookahead at ${i} is not plain text`);
      lookaheads.push(text);
      i = end + 1;
      continue;
    } else if (pattern.startsWith("(?", i) && !pattern.startsWith("(?:", i)) {
      unsupported(`the group at ${i}`);
    } else if (character === "(" || character === ")") {
      i += pattern.startsWith("(?:", i) ? 3 : 1;
      if (character === ")" && /^[*+?{]/.test(pattern.slice(i))) unsupported("a quantified group");
      continue;
    } else if (character === "|") {
      unsupported("alternation");
    } else if (character === "[") {
      let end = i + 1;
      while (end < pattern.length && pattern[end] !== "]") end += pattern[end] === "\\" ? 2 : 1;
      atom = pattern.slice(i, end + 1);
      i = end + 1;
    } else if (character === "\\") {
      const escaped = pattern[i + 1] ?? "";
      const property = /^\\[pP]\{[^}]+\}/.exec(pattern.slice(i));
      if (property) [atom, i] = [property[0], i + property[0].length];
      else if (/[dDwWsS]/.test(escaped)) [atom, i] = [`\\${escaped}`, i + 2];
      else [literal, i] = [escaped, i + 2];
    } else if (character === ".") {
      [atom, i] = [".", i + 1];
    } else {
      [literal, i] = [character, i + 1];
    }
    const [min, max] = quantifier() ?? [1, 1];
    if (atom === undefined && min === 1 && max === 1) {
      const last = segments.at(-1);
      if (last?.literal !== undefined) last.literal += literal;
      else segments.push({ literal, min: 0, max: 0 });
    } else {
      const characters = alphabet(atom ?? `[${literal.replace(/[\]\\^-]/g, "\\$&")}]`);
      segments.push({ characters, min, max });
    }
  }
  return { regex: new RegExp(pattern, "u"), segments, lookaheads };
}

/** The fewest and most code points a plan's strings can have. */
function planLengths(plan: PatternPlan): [number, number] {
  let min = 0;
  let max = 0;
  for (const segment of plan.segments) {
    const fixed = segment.literal === undefined ? 0 : codePoints(segment.literal);
    min += fixed + segment.min;
    max += fixed + segment.max;
  }
  return [min, max];
}

/** Shares `extra` repetitions among segments with room for them, at random. */
function share(extra: number, rooms: number[], random: () => number): number[] {
  const weights = rooms.map(() => random() + 0.01);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const counts = rooms.map((room, index) => Math.min(room, Math.floor((extra * weights[index]!) / total)));
  let left = extra - counts.reduce((sum, count) => sum + count, 0);
  for (let index = 0; left > 0; index = (index + 1) % counts.length) {
    const more = Math.min(left, rooms[index]! - counts[index]!);
    counts[index]! += more;
    left -= more;
  }
  return counts;
}

/** A string of `length` code points following `plan`, which can have that length. */
function fillPlan(plan: PatternPlan, length: number, random: () => number): string {
  const [fewest] = planLengths(plan);
  const variable = plan.segments.filter((segment) => segment.max > segment.min);
  const counts = share(length - fewest, variable.map((segment) => Math.min(segment.max - segment.min, length - fewest)), random);
  let text = "";
  let next = 0;
  for (const segment of plan.segments) {
    if (segment.literal !== undefined) text += segment.literal;
    else text += draw(segment.characters!, segment.min + (segment.max > segment.min ? counts[next++]! : 0), random);
  }
  return text;
}

/**
 * Strings of exactly `length` code points following `plan`. A length the
 * pattern cannot have is reached by cutting or padding a string of the
 * nearest length it can (so it breaks the pattern too). The characters come
 * from one seed: generating is cheap, and a failing case is reported whole.
 */
export function stringOfLength(plan: PatternPlan, length: number): fc.Arbitrary<string> {
  const [fewest, most] = planLengths(plan);
  const padding = plan.segments.findLast((segment) => segment.characters)?.characters ?? ANY_CHARACTER;
  return fc.noShrink(fc.integer()).map((seed) => {
    const random = randomFrom(seed);
    const text = fillPlan(plan, Math.min(Math.max(length, fewest), most), random);
    if (length < fewest) return [...text].slice(0, length).join("");
    return length > most ? text + draw(padding, length - most, random) : text;
  });
}

/**
 * Sizes within `min`..`max`: each bound one time in five, a small size two
 * in five, any size one in five (so most values stay small and cheap).
 */
export function sizeIn(min: number, max: number): fc.Arbitrary<number> {
  if (min === max) return fc.constant(min);
  const small = Math.min(max, min + 5);
  return fc.oneof(
    { arbitrary: fc.constant(min), weight: 1 },
    { arbitrary: fc.constant(max), weight: 1 },
    { arbitrary: fc.integer({ min, max: small }), weight: 2 },
    { arbitrary: fc.integer({ min, max }), weight: 1 },
  );
}

/** {@link sizeIn} drawn from a random source. */
function drawSize(min: number, max: number, random: () => number): number {
  const choice = random();
  const upTo = (upper: number) => min + Math.floor(random() * (upper - min + 1));
  return choice < 0.2 ? min : choice < 0.4 ? max : choice < 0.8 ? upTo(Math.min(max, min + SOFT_MAX.string)) : upTo(max);
}

/** How long an unbounded string or list grows in generated values. */
const SOFT_MAX = { string: 40, list: 3, map: 5 } as const;

// ---------------------------------------------------------------------------
// Valid values
// ---------------------------------------------------------------------------

const INTEGER_TYPES: Record<string, Bounds> = {
  byte: { min: -(2 ** 7), max: 2 ** 7 - 1 },
  short: { min: -(2 ** 15), max: 2 ** 15 - 1 },
  integer: { min: -(2 ** 31), max: 2 ** 31 - 1 },
  long: { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
};
const FLOAT_TYPES = new Set(["float", "double"]);

/** The `@length` of a ref, if any. */
export const lengthOf = (ref: ShapeRef) => ref.traits[LENGTH] as Bounds | undefined;
/** The `@range` of a ref, if any. */
export const rangeOf = (ref: ShapeRef) => ref.traits[RANGE] as Bounds | undefined;
/** The `@pattern` of a ref, if any. */
export const patternOf = (ref: ShapeRef) => ref.traits[PATTERN] as string | undefined;

/** The inclusive numeric bounds of a number shape: its `@range` within its type's. */
export function numberBounds(ref: ShapeRef): Required<Bounds> {
  const typeBounds = INTEGER_TYPES[ref.shape.type] ?? { min: -Number.MAX_VALUE, max: Number.MAX_VALUE };
  const range = rangeOf(ref) ?? {};
  return { min: Math.max(range.min ?? -Infinity, typeBounds.min!), max: Math.min(range.max ?? Infinity, typeBounds.max!) };
}

/** The lengths a valid string of `ref` can have: its `@length` within what its pattern allows. */
export function stringLengths(ref: ShapeRef): [number, number] {
  const [fewest, most] = planLengths(planPattern(patternOf(ref)));
  const { min = 0, max = Infinity } = lengthOf(ref) ?? {};
  return [Math.max(min, fewest), Math.min(max, most)];
}

/** A valid string of `ref` of `length` code points (one {@link stringLengths} allows), from a random source. */
function fillValid(ref: ShapeRef, plan: PatternPlan, length: number, random: () => number): string {
  // A lookahead can refuse a string the segments allow ("aws:…"): draw again. It is rare.
  for (let attempt = 0; attempt < 100; attempt++) {
    const text = fillPlan(plan, length, random);
    if (plan.regex?.test(text) ?? true) return text;
  }
  throw new Error(`tests/arbitraries.ts: 100 strings of ${length} code points generated for ${ref.id} break its pattern ${patternOf(ref)}`);
}

/** Valid strings of `ref` of `length` code points (which must be one {@link stringLengths} allows). */
export function validStringOfLength(ref: ShapeRef, length: number): fc.Arbitrary<string> {
  const plan = planPattern(patternOf(ref));
  return fc.noShrink(fc.integer()).map((seed) => fillValid(ref, plan, length, randomFrom(seed)));
}

/** Draws valid strings of `ref`, lengths as {@link sizeIn} chooses them. */
function stringSampler(ref: ShapeRef): (random: () => number) => string {
  const plan = planPattern(patternOf(ref));
  const [min, max] = stringLengths(ref);
  if (min > max) throw new Error(`${ref.id}: no string fits both its @length and its @pattern`);
  const upper = Number.isFinite(max) ? max : min + SOFT_MAX.string;
  return (random) => fillValid(ref, plan, drawSize(min, upper, random), random);
}

/** Draws `size` entries with distinct keys. */
function entriesSampler(key: (random: () => number) => string, value: (random: () => number) => unknown, size: number) {
  return (random: () => number) => {
    const entries: Record<string, unknown> = {};
    for (let count = 0, attempts = 0; count < size; attempts++) {
      if (attempts > size * 20) throw new Error(`tests/arbitraries.ts: cannot draw ${size} distinct map keys`);
      const name = key(random);
      if (Object.hasOwn(entries, name)) continue;
      setMember(entries, name, value(random));
      count++;
    }
    return entries;
  };
}

/** Values a sampler draws from a fast-check seed. */
const seeded = <T>(sampler: (random: () => number) => T): fc.Arbitrary<T> => fc.noShrink(fc.integer()).map((seed) => sampler(randomFrom(seed)));

/** The next float below and above `value`. */
export function nextFloat(value: number, direction: 1 | -1): number {
  if (value === 0) return direction * Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, bits + BigInt((value > 0 ? 1 : -1) * direction));
  return view.getFloat64(0);
}

/** Keys JavaScript objects treat specially: a map key must still be an ordinary member. */
const JS_SPECIAL_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];

/** Draws valid keys of `ref`, one of {@link JS_SPECIAL_KEYS} (those valid for it) in twenty. */
function keySampler(ref: ShapeRef): (random: () => number) => string {
  const plan = planPattern(patternOf(ref));
  const [min, max] = stringLengths(ref);
  const special = JS_SPECIAL_KEYS.filter((key) => codePoints(key) >= min && codePoints(key) <= max && (plan.regex?.test(key) ?? true));
  const ordinary = stringSampler(ref);
  return (random) => (special.length > 0 && random() < 0.05 ? special[Math.floor(random() * special.length)]! : ordinary(random));
}

/** Valid maps of `ref` by their number of entries. Keys and values come from one seed when both are strings (a map may hold hundreds). */
function mapsOfSize(shapes: ModelShapes, ref: ShapeRef): (size: number) => fc.Arbitrary<Record<string, unknown>> {
  const key = keySampler(shapes.part(ref, "key"));
  const valueRef = shapes.part(ref, "value");
  if (valueRef.shape.type === "string") {
    const value = stringSampler(valueRef);
    return (size) => seeded(entriesSampler(key, value, size));
  }
  const values = validValues(shapes, valueRef);
  return (size) =>
    fc.tuple(seeded(entriesSampler(key, () => undefined, size)), fc.array(values, { minLength: size, maxLength: size })).map(([entries, items]) => {
      Object.keys(entries).forEach((name, index) => setMember(entries, name, items[index]));
      return entries;
    });
}

/** Valid lists or maps of `ref` by their number of items or entries. */
export function collectionsOfSize(shapes: ModelShapes, ref: ShapeRef): (size: number) => fc.Arbitrary<unknown> {
  if (ref.shape.type === "map") return mapsOfSize(shapes, ref);
  const item = validValues(shapes, shapes.part(ref, "member"));
  return (size) => fc.array(item, { minLength: size, maxLength: size });
}

/** Marks a member left out of a generated structure (unlike a member set to `undefined`). */
const ABSENT = Symbol("absent");

/**
 * Valid values of `ref`: every member, optional ones present, absent or
 * explicitly `undefined`; sizes and numbers at their bounds as often as
 * between them; `-0` where 0 is allowed.
 */
export function validValues(shapes: ModelShapes, ref: ShapeRef): fc.Arbitrary<unknown> {
  const { type } = ref.shape;
  switch (type) {
    case "string":
      return seeded(stringSampler(ref));
    case "boolean":
      return fc.boolean();
    case "structure": {
      const members = shapes.members(ref).map(({ name, ref: member, required }) => {
        const value = validValues(shapes, member);
        const optional = fc.oneof({ arbitrary: fc.constant(ABSENT), weight: 3 }, { arbitrary: fc.constant(undefined), weight: 1 }, {
          arbitrary: value,
          weight: 6,
        });
        return fc.tuple(fc.constant(name), required ? value : optional);
      });
      return fc.tuple(...members).map((entries) => Object.fromEntries(entries.filter(([, value]) => value !== ABSENT)));
    }
    case "list":
    case "map": {
      const { min = 0, max = Math.max(min, SOFT_MAX[ref.shape.type as "list" | "map"]) } = lengthOf(ref) ?? {};
      return sizeIn(min, max).chain(collectionsOfSize(shapes, ref));
    }
    default: {
      if (!(type in INTEGER_TYPES) && !FLOAT_TYPES.has(type)) throw new Error(`tests/arbitraries.ts cannot generate ${ref.id}, a ${type}`);
      const { min, max } = numberBounds(ref);
      const bounds = fc.constantFrom(min, max);
      if (type in INTEGER_TYPES) return fc.oneof(bounds, fc.integer({ min, max }));
      const zeros = min <= 0 && max >= 0 ? [fc.constant(-0)] : [];
      return fc.oneof(bounds, ...zeros, fc.double({ min, max, noNaN: true }));
    }
  }
}

/** One small, fixed valid value of `ref` (required members only, fewest items), to fill a place on the way to a site. */
export function minimalValue(shapes: ModelShapes, ref: ShapeRef): unknown {
  switch (ref.shape.type) {
    case "structure":
      return Object.fromEntries(shapes.members(ref).filter((member) => member.required).map((member) => [member.name, minimalValue(shapes, member.ref)]));
    case "list":
      return Array.from({ length: lengthOf(ref)?.min ?? 0 }, () => minimalValue(shapes, shapes.part(ref, "member")));
    case "map": {
      const count = lengthOf(ref)?.min ?? 0;
      const keys = Object.keys(entriesSampler(stringSampler(shapes.part(ref, "key")), () => undefined, count)(randomFrom(1)));
      return Object.fromEntries(keys.map((key) => [key, minimalValue(shapes, shapes.part(ref, "value"))]));
    }
    case "string":
      return fillValid(ref, planPattern(patternOf(ref)), stringLengths(ref)[0], randomFrom(1));
    case "boolean":
      return false;
    default:
      return Math.max(numberBounds(ref).min, Math.min(0, numberBounds(ref).max));
  }
}

// ---------------------------------------------------------------------------
// Violations
// ---------------------------------------------------------------------------

/** A lone surrogate put in place of one code point: the string is no longer well-formed Unicode. */
function withLoneSurrogate(strings: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(strings, fc.nat(), fc.integer({ min: 0xd800, max: 0xdfff })).map(([text, at, unit]) => {
    const characters = [...text];
    characters[at % characters.length] = String.fromCharCode(unit);
    return characters.join("");
  });
}

/** Values of other JavaScript types than `ref`'s. */
function wrongTypes(ref: ShapeRef): fc.Arbitrary<unknown> {
  const byType: Record<string, unknown[]> = {
    string: [42, null, true, ["text"], {}],
    boolean: ["true", 1, null],
    structure: ["text", 42, null, true],
    list: [{}, "text", 42, null],
    map: [[], "text", 42, null],
  };
  return fc.constantFrom(...(byType[ref.shape.type] ?? ["50", null, true, {}]));
}

/**
 * Every way to break one constraint of `ref`: its `@length` at each bound,
 * its `@pattern`, its `@range` at each bound (and NaN, infinities, fractions
 * for integers), its type, well-formed Unicode for strings, unknown members
 * for structures. `required` is the parent's business (see {@link brokenInputs}).
 */
export function violations(shapes: ModelShapes, ref: ShapeRef): Violation[] {
  const found: Violation[] = [{ constraint: "type", description: `not a ${ref.shape.type}`, values: wrongTypes(ref) }];
  const length = lengthOf(ref);
  const range = rangeOf(ref);
  switch (ref.shape.type) {
    case "string": {
      const plan = planPattern(patternOf(ref));
      const [min, max] = stringLengths(ref);
      if (length?.min !== undefined && length.min > 0) {
        found.push({ constraint: "length", bound: "min", description: `${length.min - 1} code points`, values: stringOfLength(plan, length.min - 1) });
      }
      if (length?.max !== undefined) {
        found.push({ constraint: "length", bound: "max", description: `${length.max + 1} code points`, values: stringOfLength(plan, length.max + 1) });
      }
      const somewhatLong = Math.min(max, Math.max(min, 1) + SOFT_MAX.string);
      const nonEmpty = sizeIn(Math.max(min, 1), somewhatLong).chain((size) => validStringOfLength(ref, size));
      if (plan.regex) {
        const replaced = fc.tuple(nonEmpty, fc.nat(), fc.constantFrom(...CHARACTER_POOL)).map(([text, at, character]) => {
          const characters = [...text];
          characters[at % characters.length] = character;
          return characters.join("");
        });
        const prefixed = plan.lookaheads.map((prefix) =>
          sizeIn(Math.max(min, codePoints(prefix)), somewhatLong).chain((size) => stringOfLength(plan, size - codePoints(prefix)).map((rest) => prefix + rest))
        );
        found.push({
          constraint: "pattern",
          description: `not matching ${patternOf(ref)}`,
          values: fc.oneof(replaced, ...prefixed).filter((text) => !plan.regex!.test(text)),
        });
      }
      if (max > 0) found.push({ constraint: "unicode", description: "a lone surrogate", values: withLoneSurrogate(nonEmpty) });
      break;
    }
    case "list":
    case "map": {
      const ofSize = collectionsOfSize(shapes, ref);
      if (length?.min !== undefined && length.min > 0) {
        found.push({ constraint: "length", bound: "min", description: `${length.min - 1} entries`, values: ofSize(length.min - 1) });
      }
      if (length?.max !== undefined) {
        found.push({ constraint: "length", bound: "max", description: `${length.max + 1} entries`, values: ofSize(length.max + 1) });
      }
      break;
    }
    case "structure": {
      const names = shapes.members(ref).map((member) => member.name);
      // A member name as a caller might misspell it: lower-cased, else suffixed.
      const extraMember = [names[0] && names[0][0]!.toLowerCase() + names[0].slice(1), "Unknown"].find((name) => name && !names.includes(name))!;
      const values = validValues(shapes, ref).map((value) => ({ ...(value as object), [extraMember]: "x" }));
      found.push({ constraint: "members", description: `an unknown member ${extraMember}`, values, extraMember });
      break;
    }
    case "boolean":
      break;
    default: {
      const { min, max } = numberBounds(ref);
      const integer = ref.shape.type in INTEGER_TYPES;
      if (range?.min !== undefined) {
        // fast-check orders -0 below 0; JavaScript and the model do not, so -0 is not below a minimum of 0.
        const below = integer
          ? fc.integer({ min: min - 1000, max: min - 1 })
          : fc.double({ max: min, maxExcluded: true, noNaN: true }).filter((value) => value < min);
        found.push({
          constraint: "range",
          bound: "min",
          description: `below ${min}`,
          values: fc.oneof(fc.constant(integer ? min - 1 : nextFloat(min, -1)), below),
        });
      }
      if (range?.max !== undefined) {
        const above = integer
          ? fc.integer({ min: max + 1, max: max + 1000 })
          : fc.double({ min: max, minExcluded: true, noNaN: true }).filter((value) => value > max);
        found.push({
          constraint: "range",
          bound: "max",
          description: `above ${max}`,
          values: fc.oneof(fc.constant(integer ? max + 1 : nextFloat(max, 1)), above),
        });
      }
      const notNumbers = [Number.NaN, ...(integer || range ? [Infinity, -Infinity] : [])];
      const fractions = integer ? [fc.double({ min, max, noInteger: true, noNaN: true, noDefaultInfinity: true })] : [];
      found.push({
        constraint: "type",
        description: integer ? "NaN, infinite or fractional" : "NaN or infinite",
        values: fc.oneof(fc.constantFrom(...notNumbers), ...fractions),
      });
    }
  }
  return found;
}

// ---------------------------------------------------------------------------
// Placing a value in an input
// ---------------------------------------------------------------------------

/** The path of a member as the library writes it: `OutputConfig.S3Bucket`, `Assets[0]`, `Tags["aws:x"]`. */
export function joinPath(path: string, part: string | number, bracketed: boolean): string {
  if (typeof part === "number") return `${path}[${part}]`;
  if (bracketed) return `${path}[${JSON.stringify(part)}]`;
  return path ? `${path}.${part}` : part;
}

/** The site path with `*` for items and entries: `TrainingData.Assets[*].GroundTruthManifest`, `Tags[*]`. */
export function sitePattern(steps: readonly Step[]): string {
  let path = "";
  for (const step of steps) path = step.kind === "member" ? joinPath(path, step.name, false) : `${path}[*${step.kind === "key" ? " key" : ""}]`;
  return path;
}

/** Marks a member to remove. */
export const REMOVE = Symbol("remove");

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A deep copy of plain data that keeps `-0`, `undefined` members and keys like `__proto__` as own members. */
export function copyData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyData) as T;
  if (!isObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    Object.defineProperty(copy, key, { value: copyData(member), enumerable: true, writable: true, configurable: true });
  }
  return copy as T;
}

function setMember(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A copy of `root` with `value` at the site `steps` lead to (or the member
 * removed, for {@link REMOVE}), and the path of that place. Missing places on
 * the way are filled with minimal valid values; an item or entry is one that
 * exists (chosen by `pick`), or a new one when there is none.
 */
export function place(shapes: ModelShapes, root: unknown, steps: readonly Step[], value: unknown, pick: number): { input: unknown; path: string } {
  if (steps.length === 0) return { input: copyData(value), path: "" };
  const input = copyData(root);
  let path = "";
  let container: unknown = input;
  for (const [index, step] of steps.entries()) {
    const last = index === steps.length - 1;
    const fill = (existing: unknown) => (last ? value : existing === undefined ? minimalValue(shapes, step.ref) : existing);
    if (step.kind === "member") {
      const object = container as Record<string, unknown>;
      path = joinPath(path, step.name, false);
      if (last && value === REMOVE) delete object[step.name];
      else setMember(object, step.name, fill(object[step.name]));
      container = object[step.name];
    } else if (step.kind === "item") {
      const list = container as unknown[];
      const at = list.length === 0 ? 0 : pick % list.length;
      list[at] = fill(list[at]);
      path = joinPath(path, at, false);
      container = list[at];
    } else {
      const map = container as Record<string, unknown>;
      const keys = Object.keys(map);
      const chosen = keys.length === 0 ? undefined : keys[pick % keys.length]!;
      if (step.kind === "key") {
        // The entry keeps its value under the new key (a key is always the last step).
        const entry = chosen === undefined ? minimalValue(shapes, shapes.part(step.map, "value")) : map[chosen];
        if (chosen !== undefined) delete map[chosen];
        setMember(map, value as string, entry);
        path = joinPath(path, value as string, true);
      } else {
        const key = chosen ?? (minimalValue(shapes, shapes.part(step.map, "key")) as string);
        setMember(map, key, fill(map[key]));
        path = joinPath(path, key, true);
        container = map[key];
      }
    }
  }
  return { input, path };
}

/** One (site, violation) pair: a way to break one constraint of an input. */
export interface BreakCase {
  site: Site;
  violation: Violation;
  label: string;
}

/** Every (site, violation) pair under `root`, `required` members included. */
export function breakCases(shapes: ModelShapes, root: ShapeRef): BreakCase[] {
  return shapes.sites(root).flatMap((site) => {
    const pattern = sitePattern(site.steps);
    const name = pattern || "(input)";
    const last = site.steps.at(-1);
    const required: Violation[] = last?.kind === "member" && last.required ? [{ constraint: "required", description: "left out" }] : [];
    const own = last?.kind === "key" ? violations(shapes, site.ref).filter((violation) => violation.constraint !== "type") : violations(shapes, site.ref);
    return [...required, ...own].map((violation) => ({
      site,
      violation,
      label: `${name} ${violation.constraint}${violation.bound ? ` ${violation.bound}` : ""}`,
    }));
  });
}

/**
 * Inputs with exactly one constraint broken, from a valid input: a (site,
 * violation) case, a breaking value put at the site, and `normalise` applied
 * (an operation's own cross-member rules).
 */
export function brokenInputs(shapes: ModelShapes, root: ShapeRef, normalise: (input: unknown) => unknown = (input) => input): fc.Arbitrary<BrokenInput> {
  const cases = breakCases(shapes, root);
  return fc.tuple(validValues(shapes, root), fc.constantFrom(...cases), fc.nat()).chain(([valid, { site, violation, label }, pick]) => {
    const values = violation.values ?? fc.constant(REMOVE);
    return values.map((value) => {
      const { input, path } = place(shapes, normalise(valid), site.steps, value, pick);
      return { input: normalise(input), path: violation.extraMember ? joinPath(path, violation.extraMember, false) : path, label };
    });
  });
}

/**
 * CreateProjectVersion's rules beyond the model (its schema checks them):
 * TrainingData and TestingData come together; TrainingData has Assets;
 * TestingData has Assets unless AutoCreate is true. Adds what is missing (the
 * other member, an empty Assets), so a generated input breaks no rule but the one meant.
 */
export function obeyCreateRules(input: unknown): unknown {
  if (!isObject(input) || (input.TrainingData === undefined && input.TestingData === undefined)) return input;
  const { TrainingData = {}, TestingData = { AutoCreate: true } } = input;
  const withAssets = (data: unknown, excused = false) => (isObject(data) && data.Assets === undefined && !excused ? { ...data, Assets: [] } : data);
  return { ...input, TrainingData: withAssets(TrainingData), TestingData: withAssets(TestingData, isObject(TestingData) && TestingData.AutoCreate === true) };
}

/**
 * What the wire must carry for a valid input: the same members, without the
 * ones set to `undefined`, and `-0` as `0` (JSON has no negative zero).
 */
export function expectedOnWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expectedOnWire);
  if (typeof value === "number") return Object.is(value, -0) ? 0 : value;
  if (!isObject(value)) return value;
  const wire: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (member !== undefined) setMember(wire, key, expectedOnWire(member));
  return wire;
}
