/**
 * The schemas conform to the model, checked mechanically from the model file:
 * every `@length`, `@pattern`, `@range` and `@required` trait on a shape or
 * member reachable from the inputs of CreateProjectVersion and
 * DescribeProjectVersions is enforced at its boundary (the bound accepted, one
 * past it refused with that member's path), and the schemas' structures have
 * exactly the model's members, required exactly where the model says.
 *
 * A trait, shape type or member this test does not know is a failure naming
 * it: a model update that adds a constraint fails here until it is handled.
 * The second half proves that on edited copies of the model.
 *
 * `REKOGNITION_MODEL_FILE=/path/to/copy.json bun test tests/model-conformance.test.ts`
 * checks another copy of the model file.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import type * as v from "valibot";
import { CreateProjectVersionInputSchema, DescribeProjectVersionsInputSchema, ValidationError } from "../mod.ts";
import { pipedSchema } from "../src/shapes.ts";
import { parseOrThrow } from "../src/validation.ts";
import {
  collectionsOfSize,
  LENGTH,
  lengthOf,
  minimalValue,
  ModelShapes,
  nextFloat,
  numberBounds,
  obeyCreateRules,
  PATTERN,
  place,
  RANGE,
  rangeOf,
  REMOVE,
  REQUIRED,
  type ShapeRef,
  type Site,
  sitePattern,
  stringLengths,
  validStringOfLength,
  type Violation,
  violations,
} from "./arbitraries.ts";
import { model, type SmithyModel } from "./spec.ts";

/** The operations whose inputs are checked, with their schemas and their rules beyond the model. */
const OPERATIONS = [
  { name: "CreateProjectVersion", schema: CreateProjectVersionInputSchema as v.GenericSchema, normalise: obeyCreateRules },
  { name: "DescribeProjectVersions", schema: DescribeProjectVersionsInputSchema as v.GenericSchema, normalise: (input: unknown) => input },
];

/** Traits that constrain values, each checked below. */
const CONSTRAINT_TRAITS = new Set([LENGTH, PATTERN, RANGE, REQUIRED]);

/** Traits that constrain nothing a client sends, and why they need no check. */
const HARMLESS_TRAITS: Record<string, string> = {
  "smithy.api#input": "marks a structure as an operation's input",
  "smithy.api#default": "the service's value for an omitted member (AutoCreate: false); the client sends only what it is given",
  "smithy.api#documentation": "text",
};

/** Model shape type → the valibot schema type that must stand for it. */
const SCHEMA_TYPES: Record<string, string[]> = {
  structure: ["strict_object"],
  list: ["array"],
  map: ["record"],
  string: ["string"],
  boolean: ["boolean"],
  integer: ["number"],
  long: ["number"],
  float: ["number"],
  double: ["number"],
};

/** How many values each boundary is checked with (fixed seed). */
const SAMPLES = 4;

type SchemaNode = v.GenericSchema & {
  wrapped?: SchemaNode;
  entries?: Record<string, SchemaNode>;
  item?: SchemaNode;
  key?: SchemaNode;
  value?: SchemaNode;
  getter?: (input: unknown) => SchemaNode;
};

/** A schema under its pipe and `lazy` wrapper; `optional` says whether an `optional` wrapper was removed. */
function unwrap(schema: SchemaNode): { node: SchemaNode; optional: boolean } {
  let node = schema;
  let optional = false;
  for (;;) {
    if ("pipe" in node) node = pipedSchema(node) as SchemaNode;
    else if (node.type === "lazy") node = node.getter!(undefined);
    else if (node.type === "optional") [node, optional] = [node.wrapped!, true];
    else return { node, optional };
  }
}

/** Where the schemas and the model's shapes differ: types, member sets, required members. */
function structuralProblems(shapes: ModelShapes, ref: ShapeRef, schema: SchemaNode, where: string, problems: string[], seen = new Set<string>()): void {
  const { node } = unwrap(schema);
  const expected = SCHEMA_TYPES[ref.shape.type];
  if (!expected) return void problems.push(`${where}: ${ref.id} is a ${ref.shape.type}, a shape type this test does not know`);
  if (!expected.includes(node.type)) return void problems.push(`${where}: ${ref.id} is a ${ref.shape.type} but its schema is a ${node.type}`);
  if (seen.has(ref.id)) return;
  const below = new Set(seen).add(ref.id);
  if (ref.shape.type === "structure") {
    const entries = node.entries ?? {};
    const members = shapes.members(ref);
    for (const name of Object.keys(entries)) {
      if (!members.some((member) => member.name === name)) problems.push(`${where}: the schema has a member ${name} that ${ref.id} does not`);
    }
    for (const member of members) {
      const path = where ? `${where}.${member.name}` : member.name;
      const entry = entries[member.name];
      if (!entry) {
        problems.push(`${path}: a member of ${ref.id} in the model, missing from the schema`);
        continue;
      }
      if (unwrap(entry).optional === member.required) {
        problems.push(`${path}: ${member.required ? "required in the model but optional" : "optional in the model but required"} in the schema`);
      }
      structuralProblems(shapes, member.ref, entry, path, problems, below);
    }
  } else if (ref.shape.type === "list") {
    structuralProblems(shapes, shapes.part(ref, "member"), node.item!, `${where}[*]`, problems, below);
  } else if (ref.shape.type === "map") {
    structuralProblems(shapes, shapes.part(ref, "key"), node.key!, `${where}[* key]`, problems, below);
    structuralProblems(shapes, shapes.part(ref, "value"), node.value!, `${where}[*]`, problems, below);
  }
}

/** The paths a schema refuses an input with, or [] when it accepts it. */
function refusedPaths(schema: v.GenericSchema, input: unknown): string[] {
  try {
    parseOrThrow(schema, input, "conformance input");
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.issues.map((issue) => issue.path);
  }
}

/**
 * Every problem between the model and the schemas, as sentences naming the
 * member and the trait. Empty when the schemas conform.
 */
export function conformanceProblems(smithy: SmithyModel): string[] {
  const shapes = new ModelShapes(smithy);
  const problems: string[] = [];
  for (const operation of OPERATIONS) {
    const root = shapes.input(operation.name);
    structuralProblems(shapes, root, operation.schema as SchemaNode, "", problems);
    let minimal: unknown;
    try {
      minimal = operation.normalise(minimalValue(shapes, root));
    } catch (error) {
      problems.push(`${operation.name}: no minimal input can be built: ${(error as Error).message}`);
      continue;
    }
    const baseline = refusedPaths(operation.schema, minimal);
    if (baseline.length > 0) problems.push(`${operation.name}: the minimal valid input ${JSON.stringify(minimal)} is refused at ${baseline.join(", ")}`);

    /** Puts each value at the site; every one must be accepted, or refused with exactly the site's path. */
    const expectAt = (site: Site, what: string, values: unknown[], outcome: "accepted" | "refused", extraMember?: string) => {
      for (const value of values) {
        const placed = place(shapes, minimal, site.steps, value, 0);
        const path = extraMember ? `${placed.path}${placed.path ? "." : ""}${extraMember}` : placed.path;
        const paths = refusedPaths(operation.schema, operation.normalise(placed.input));
        const ok = outcome === "accepted" ? paths.length === 0 : paths.length === 1 && paths[0] === path;
        if (!ok) {
          const shown = value === REMOVE ? "(left out)" : JSON.stringify(value)?.slice(0, 80);
          problems.push(
            `${operation.name} ${sitePattern(site.steps) || "(input)"}: ${what}: ${shown} should be ${outcome}${
              outcome === "refused" ? ` at ${path}` : ""
            }, but the schema ${paths.length ? `refused it at ${paths.join(", ")}` : "accepted it"}`,
          );
          return;
        }
      }
    };
    const sample = (arbitrary: fc.Arbitrary<unknown>) => fc.sample(arbitrary, { numRuns: SAMPLES, seed: 42 });
    const refuse = (site: Site, trait: string, found: Violation[], constraint: Violation["constraint"], bound?: "min" | "max") => {
      const violation = found.find((entry) => entry.constraint === constraint && entry.bound === bound);
      if (!violation?.values) {
        return void problems.push(
          `${operation.name} ${sitePattern(site.steps) || "(input)"}: ${trait}${
            bound ? ` ${bound}` : ""
          } has no generator of breaking values in tests/arbitraries.ts`,
        );
      }
      expectAt(site, `${trait}${bound ? ` ${bound}` : ""} broken (${violation.description})`, sample(violation.values), "refused");
    };

    for (const site of shapes.sites(root)) {
      const { ref } = site;
      const step = site.steps.at(-1);
      let found: Violation[];
      try {
        found = violations(shapes, ref);
      } catch (error) {
        problems.push(`${operation.name} ${sitePattern(site.steps) || "(input)"}: ${(error as Error).message}`);
        continue;
      }
      // Member traits (required) come with the member's step; a ref merges them with its target's.
      for (const [trait, value] of Object.entries(ref.traits)) {
        const where = `${operation.name} ${sitePattern(site.steps) || "(input)"} (${ref.id})`;
        if (trait in HARMLESS_TRAITS) continue;
        if (!CONSTRAINT_TRAITS.has(trait)) {
          problems.push(`${where}: the trait ${trait} ${JSON.stringify(value)} is not handled by this test (nor, perhaps, by the schemas)`);
          continue;
        }
        if (trait === REQUIRED) {
          if (step?.kind !== "member") problems.push(`${where}: @required outside a structure member`);
          else expectAt(site, "@required member left out", [REMOVE], "refused");
        } else if (trait === LENGTH) {
          const { min, max } = lengthOf(ref)!;
          if (ref.shape.type === "string") {
            const [shortest, longest] = stringLengths(ref);
            expectAt(site, `@length: ${shortest} code points (the shortest valid)`, sample(validStringOfLength(ref, shortest)), "accepted");
            if (max !== undefined) expectAt(site, `@length: ${longest} code points (the longest valid)`, sample(validStringOfLength(ref, longest)), "accepted");
          } else if (ref.shape.type === "list" || ref.shape.type === "map") {
            const ofSize = collectionsOfSize(shapes, ref);
            expectAt(site, `@length: ${min ?? 0} entries`, sample(ofSize(min ?? 0)), "accepted");
            if (max !== undefined) expectAt(site, `@length: ${max} entries`, sample(ofSize(max)), "accepted");
          } else {
            problems.push(`${where}: @length on a ${ref.shape.type}, which this test does not handle`);
            continue;
          }
          if (min !== undefined && min > 0) refuse(site, "@length", found, "length", "min");
          if (max !== undefined) refuse(site, "@length", found, "length", "max");
        } else if (trait === PATTERN) {
          if (ref.shape.type !== "string") {
            problems.push(`${where}: @pattern on a ${ref.shape.type}, which this test does not handle`);
            continue;
          }
          const [shortest, longest] = stringLengths(ref);
          const lengths = fc.integer({ min: shortest, max: Math.min(longest, shortest + 64) });
          expectAt(site, "@pattern matched", sample(lengths.chain((length) => validStringOfLength(ref, length))), "accepted");
          refuse(site, "@pattern", found, "pattern");
        } else if (trait === RANGE) {
          const { min, max } = rangeOf(ref)!;
          const { min: lowest, max: highest } = numberBounds(ref);
          if (!["integer", "long", "float", "double"].includes(ref.shape.type)) {
            problems.push(`${where}: @range on a ${ref.shape.type}, which this test does not handle`);
            continue;
          }
          expectAt(site, "@range bounds", [lowest, highest], "accepted");
          const integer = ref.shape.type === "integer" || ref.shape.type === "long";
          if (min !== undefined) expectAt(site, "@range min", [integer ? min - 1 : nextFloat(min, -1)], "refused");
          if (max !== undefined) expectAt(site, "@range max", [integer ? max + 1 : nextFloat(max, 1)], "refused");
          if (min !== undefined) refuse(site, "@range", found, "range", "min");
          if (max !== undefined) refuse(site, "@range", found, "range", "max");
        }
      }
      if (ref.shape.type === "structure") {
        const unknown = found.find((entry) => entry.constraint === "members")!;
        expectAt(site, "an unknown member", sample(unknown.values!), "refused", unknown.extraMember);
      }
    }
  }
  return problems;
}

/** The model file under test: the shared copy, or `REKOGNITION_MODEL_FILE`. */
function modelUnderTest(): SmithyModel {
  const file = process.env.REKOGNITION_MODEL_FILE;
  return file ? (JSON.parse(readFileSync(file, "utf8")) as SmithyModel) : model();
}

test("every constraint of the model reachable from both inputs is enforced by the schemas, and the members match", () => {
  expect(conformanceProblems(modelUnderTest())).toEqual([]);
});

test("the walk reaches every constrained shape of both inputs", () => {
  // A guard against a walk that silently stops early: the shapes the spec lists are all reached.
  const shapes = new ModelShapes(model());
  const reached = new Set(OPERATIONS.flatMap((operation) => shapes.sites(shapes.input(operation.name)).map((site) => site.ref.id.split("#")[1])));
  for (
    const name of [
      "ProjectArn",
      "VersionName",
      "OutputConfig",
      "S3Bucket",
      "S3KeyPrefix",
      "Assets",
      "S3ObjectName",
      "S3ObjectVersion",
      "Boolean",
      "TagMap",
      "TagKey",
      "TagValue",
      "KmsKeyId",
      "VersionDescription",
      "Percent",
      "VersionNames",
      "ExtendedPaginationToken",
      "ProjectVersionsPageSize",
    ]
  ) {
    expect(reached.has(name)).toBe(true);
  }
});

describe("a model update the schemas do not follow fails, naming what changed", () => {
  const SHAPE = "com.amazonaws.rekognition#";
  /** The problems found in a copy of the model edited by `edit`. */
  function problemsAfter(edit: (shapes: SmithyModel["shapes"]) => void): string[] {
    const copy = structuredClone(model());
    edit(copy.shapes);
    return conformanceProblems(copy);
  }
  const traitsOf = (shapes: SmithyModel["shapes"], name: string) => (shapes[SHAPE + name]!.traits ??= {});
  const member = (shapes: SmithyModel["shapes"], structure: string, name: string) => shapes[SHAPE + structure]!.members![name]!;

  const cases: [string, (shapes: SmithyModel["shapes"]) => void, RegExp][] = [
    [
      "a @length on the Assets list",
      (shapes) => void (traitsOf(shapes, "Assets")[LENGTH] = { min: 1, max: 5 }),
      /TrainingData\.Assets: @length min broken.*accepted it/,
    ],
    [
      "a @pattern on S3KeyPrefix",
      (shapes) => void (traitsOf(shapes, "S3KeyPrefix")[PATTERN] = "^[a-z/]*$"),
      /OutputConfig\.S3KeyPrefix: @pattern broken.*accepted it/,
    ],
    [
      "a tighter @range on Percent",
      (shapes) => void (traitsOf(shapes, "Percent")[RANGE] = { min: 0, max: 50 }),
      /ConfidenceThreshold: @range max: 50\.00000000000001 should be refused/,
    ],
    [
      "a looser @length on VersionName",
      (shapes) => void (traitsOf(shapes, "VersionName")[LENGTH] = { min: 1, max: 300 }),
      /VersionName: @length: 300 code points .* should be accepted/,
    ],
    [
      "a @length on ExtendedPaginationToken's min",
      (shapes) => void (traitsOf(shapes, "ExtendedPaginationToken")[LENGTH] = { min: 1, max: 1024 }),
      /DescribeProjectVersions NextToken: @length min broken/,
    ],
    [
      "@required on KmsKeyId",
      (shapes) => void ((member(shapes, "CreateProjectVersionRequest", "KmsKeyId").traits ??= {})[REQUIRED] = {}),
      /KmsKeyId: required in the model but optional in the schema/,
    ],
    [
      "@required dropped from OutputConfig",
      (shapes) => void delete member(shapes, "CreateProjectVersionRequest", "OutputConfig").traits,
      /OutputConfig: optional in the model but required in the schema/,
    ],
    [
      "a new member",
      (shapes) => void (shapes[SHAPE + "OutputConfig"]!.members!.S3Region = { target: SHAPE + "String" }),
      /OutputConfig\.S3Region: a member of .*OutputConfig in the model, missing from the schema/,
    ],
    ["a member removed", (shapes) => void delete shapes[SHAPE + "S3Object"]!.members!.Version, /the schema has a member Version that .*S3Object does not/],
    [
      "a trait kind no one handles",
      (shapes) => void (traitsOf(shapes, "VersionNames")["smithy.api#uniqueItems"] = {}),
      /the trait smithy\.api#uniqueItems \{\} is not handled/,
    ],
    [
      "a member of a new shape type",
      (shapes) => void (shapes[SHAPE + "OutputConfig"]!.members!.Expires = { target: SHAPE + "DateTime" }),
      /cannot generate com\.amazonaws\.rekognition#DateTime, a timestamp/,
    ],
    [
      "a @length on a member (not its target)",
      (shapes) => void ((member(shapes, "CreateProjectVersionRequest", "VersionName").traits ??= {})[LENGTH] = { min: 1, max: 10 }),
      /VersionName: @length max broken/,
    ],
  ];
  for (const [what, edit, expected] of cases) {
    test(what, () => {
      const problems = problemsAfter(edit);
      expect(problems.filter((problem) => expected.test(problem)).length > 0 ? expected : problems).toBe(expected);
    });
  }

  test("the unedited model has no problem (so each case above fails for its edit alone)", () => {
    expect(problemsAfter(() => {})).toEqual([]);
  });
});
