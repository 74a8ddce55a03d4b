/**
 * Property tests generated from the model (see ./arbitraries.ts): for both
 * operations, valid inputs are accepted and sent losslessly (the body parses
 * back to the input), and an input with one constraint broken is refused with
 * that member's path and nothing is sent. Each property also checks that its
 * generator reached every edge the model defines, so a weak generator cannot
 * pass for a strong test.
 */
import { afterAll, describe, expect, test } from "bun:test";
import fc from "fast-check";
import { type RekognitionClient, type Transport, ValidationError } from "../mod.ts";
import {
  breakCases,
  brokenInputs,
  expectedOnWire,
  lengthOf,
  ModelShapes,
  numberBounds,
  obeyCreateRules,
  type ShapeRef,
  sitePattern,
  stringLengths,
  validValues,
} from "./arbitraries.ts";
import { created, exampleInput, jsonAnswer, testClient } from "./helpers.ts";
import { model } from "./spec.ts";

const shapes = new ModelShapes(model());

interface OperationUnderTest {
  name: string;
  call(client: RekognitionClient, input: unknown): Promise<unknown>;
  answer(): Response;
  normalise(input: unknown): unknown;
  runs: { valid: number; broken: number };
}

const OPERATIONS: OperationUnderTest[] = [
  {
    name: "CreateProjectVersion",
    call: (client, input) => client.createProjectVersion(input as never),
    answer: () => created(),
    normalise: obeyCreateRules,
    runs: { valid: 2200, broken: 3000 },
  },
  {
    name: "DescribeProjectVersions",
    call: (client, input) => client.describeProjectVersions(input as never),
    answer: () => jsonAnswer(200, { ProjectVersionDescriptions: [] }),
    normalise: (input) => input,
    runs: { valid: 2300, broken: 3000 },
  },
];

/** A client whose transport records each body and answers at once. */
function capturingClient(answer: () => Response) {
  const bodies: string[] = [];
  const fetch: Transport = async (_url, init) => {
    bodies.push(String(init.body));
    return answer();
  };
  return { client: testClient(fetch).client, bodies };
}

/**
 * The edges a valid value reached, by site: `(input) every member`,
 * `VersionName length max`, `Tags length min`, `….ConfidenceThreshold range max`,
 * `… -0`, `Tags[* key] astral letter`.
 */
function edgesOf(ref: ShapeRef, value: unknown, site: string, seen: Set<string>): void {
  if (value === undefined) return;
  const at = (edge: string) => seen.add(`${site || "(input)"} ${edge}`);
  switch (ref.shape.type) {
    case "structure": {
      const members = shapes.members(ref);
      if (members.every((member) => (value as Record<string, unknown>)[member.name] !== undefined)) at("every member");
      for (const member of members) edgesOf(member.ref, (value as Record<string, unknown>)[member.name], site ? `${site}.${member.name}` : member.name, seen);
      return;
    }
    case "list":
    case "map": {
      const entries = ref.shape.type === "list" ? (value as unknown[]).map((item) => [undefined, item] as const) : Object.entries(value as object);
      const { min = 0, max } = lengthOf(ref) ?? {};
      if (entries.length === min) at("length min");
      if (entries.length === max) at("length max");
      for (const [key, item] of entries) {
        if (key !== undefined) edgesOf(shapes.part(ref, "key"), key, `${site}[* key]`, seen);
        edgesOf(shapes.part(ref, ref.shape.type === "list" ? "member" : "value"), item, `${site}[*]`, seen);
      }
      return;
    }
    case "string": {
      const length = [...(value as string)].length;
      const [min, max] = stringLengths(ref);
      if (length === min) at("length min");
      if (length === max) at("length max");
      // deno-lint-ignore no-control-regex -- every BMP character, the control characters too, is removed: astral letters are left
      if (/\p{L}/u.test((value as string).replace(/[\u0000-\uffff]/gu, ""))) at("astral letter");
      return;
    }
    case "boolean":
      at(String(value));
      return;
    default: {
      const { min, max } = numberBounds(ref);
      if (value === min) at("range min");
      if (value === max) at("range max");
      if (Object.is(value, -0)) at("-0");
    }
  }
}

/** The edges every property run must reach: every member of each structure at once, lengths and ranges the model bounds, booleans, -0, astral letters in tag keys. */
function edgesToReach(root: ShapeRef): string[] {
  const edges: string[] = [];
  for (const { steps, ref } of shapes.sites(root)) {
    const site = sitePattern(steps) || "(input)";
    const { type } = ref.shape;
    if (type === "structure") edges.push(`${site} every member`);
    if (type === "string" && lengthOf(ref)) edges.push(`${site} length min`, `${site} length max`);
    if ((type === "list" || type === "map") && lengthOf(ref)) {
      if (lengthOf(ref)!.min !== undefined) edges.push(`${site} length min`);
      if (lengthOf(ref)!.max !== undefined) edges.push(`${site} length max`);
    }
    if (type === "boolean") edges.push(`${site} true`, `${site} false`);
    if ((type === "float" || type === "double") && ref.traits["smithy.api#range"]) edges.push(`${site} range min`, `${site} range max`);
    if ((type === "float" || type === "double") && numberBounds(ref).min <= 0 && numberBounds(ref).max >= 0) edges.push(`${site} -0`);
    if (type === "integer" && ref.traits["smithy.api#range"]) edges.push(`${site} range min`, `${site} range max`);
    if (steps.at(-1)?.kind === "key" && /\\p\{L\}/.test(String(ref.traits["smithy.api#pattern"]))) edges.push(`${site} astral letter`);
  }
  return edges;
}

/** Cases run and time spent, printed at the end. */
const totals = { cases: 0, ms: 0 };
afterAll(() => {
  console.log(`property tests: ${totals.cases} generated cases in ${Math.round(totals.ms)} ms`);
});

/** Runs a property and adds its cases and time to the totals. */
async function run<T>(arbitrary: fc.Arbitrary<T>, numRuns: number, check: (value: T) => Promise<void>): Promise<void> {
  const started = performance.now();
  let cases = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      cases++;
      await check(value);
    }),
    { numRuns },
  );
  totals.cases += cases;
  totals.ms += performance.now() - started;
  expect(cases).toBeGreaterThanOrEqual(numRuns);
}

for (const operation of OPERATIONS) {
  describe(operation.name, () => {
    const root = shapes.input(operation.name);

    test(`valid inputs are accepted and sent losslessly (${operation.runs.valid} cases)`, async () => {
      const { client, bodies } = capturingClient(operation.answer);
      const seen = new Set<string>();
      await run(validValues(shapes, root).map(operation.normalise), operation.runs.valid, async (input) => {
        bodies.length = 0;
        await operation.call(client, input);
        expect(bodies.length).toBe(1);
        expect(JSON.parse(bodies[0]!)).toStrictEqual(expectedOnWire(input));
        edgesOf(root, input, "", seen);
      });
      expect(edgesToReach(root).filter((edge) => !seen.has(edge))).toEqual([]);
    }, 30_000);

    test(`inputs with one constraint broken are refused with that member's path, and nothing is sent (${operation.runs.broken} cases)`, async () => {
      const { client, bodies } = capturingClient(operation.answer);
      const seen = new Set<string>();
      await run(brokenInputs(shapes, root, operation.normalise), operation.runs.broken, async ({ input, path, label }) => {
        bodies.length = 0;
        const error = await operation.call(client, input).then(
          () => new Error(`accepted (${label}): ${JSON.stringify(input).slice(0, 300)}`),
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([path]);
        expect(bodies).toEqual([]);
        seen.add(label);
      });
      // Every constraint of every site was broken at least once (about 100 cases, each drawn ~30 times).
      expect(breakCases(shapes, root).map((entry) => entry.label).filter((label) => !seen.has(label))).toEqual([]);
    }, 30_000);
  });
}

test("tag keys JavaScript objects treat specially are tags like any other", async () => {
  const { client, bodies } = capturingClient(() => created());
  const Tags = Object.fromEntries(["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"].map((key, index) => [key, `v${index}`]));
  await client.createProjectVersion({ ...exampleInput(), Tags });
  const sorted = (tags: object) => Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : 1));
  expect(sorted(JSON.parse(bodies[0]!).Tags)).toEqual(sorted(Tags));
  // …and are checked like any other: a bad value under one of them is refused, not dropped.
  const refused = await client.createProjectVersion({ ...exampleInput(), Tags: Object.fromEntries([["constructor", "#"]]) }).catch((caught: unknown) => caught);
  expect(refused).toBeInstanceOf(ValidationError);
  expect((refused as ValidationError).issues.map((issue) => issue.path)).toEqual(['Tags["constructor"]']);
});
