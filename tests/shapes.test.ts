/** Every constraint of the model at its edges: accepted at the limit, refused one past it, with the right path. */
import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import * as api from "../mod.ts";
import { built, type CreateProjectVersionInput, CreateProjectVersionInputSchema, DescribeProjectVersionsInputSchema, lazily, ValidationError } from "../mod.ts";
import { countCodePoints } from "../src/shapes.ts";
import { formatIssues } from "../src/format-issues.ts";
import { parseOrThrow, positiveSeconds, toValidationIssue } from "../src/validation.ts";
import { exampleInput, fullInput, PROJECT_ARN } from "./helpers.ts";

/** The issues of an input, or [] when it is accepted. */
function issuesOf(input: unknown, schema: Parameters<typeof parseOrThrow>[0] = CreateProjectVersionInputSchema) {
  try {
    parseOrThrow(schema, input, "test input");
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return [...error.issues];
  }
}

/** The paths at fault. */
const pathsOf = (input: unknown, schema?: Parameters<typeof parseOrThrow>[0]) => issuesOf(input, schema).map((issue) => issue.path);

const withMember = (patch: Partial<CreateProjectVersionInput>) => ({ ...exampleInput(), ...patch });
const repeat = (text: string, times: number) => text.repeat(times);
/** U+1D49C MATHEMATICAL SCRIPT CAPITAL A: a letter outside the BMP, two UTF-16 units. */
const ASTRAL_LETTER = "\u{1D49C}";

describe("schemas are built on first use", () => {
  test("lazily: nothing is built until a parse needs it, then once", () => {
    let builds = 0;
    const schema = lazily(() => (builds++, v.string()));
    expect(builds).toBe(0);
    expect(v.is(schema, "a")).toBe(true);
    expect(v.is(schema, 1)).toBe(false);
    expect(built(schema)).toBe(built(schema));
    expect(builds).toBe(1);
  });

  test("every schema the package exports is lazy, so importing it builds none", () => {
    const schemas = Object.entries(api).filter(([name]) => /^[A-Z]\w*Schema$/.test(name));
    expect(schemas.length).toBeGreaterThan(30);
    for (const [name, schema] of schemas) expect([name, (schema as v.GenericSchema).type]).toEqual([name, "lazy"]);
  });
});

describe("issues as text", () => {
  test("formatIssues: each issue's path and message, joined by '; '; an issue of the input itself, its message alone", () => {
    expect(formatIssues([])).toBe("");
    expect(formatIssues([{ path: "", message: "must be an object, got null" }])).toBe("must be an object, got null");
    expect(formatIssues([{ path: "VersionName", message: "is required" }, { path: 'Tags["a"]', message: "is too long" }])).toBe(
      'VersionName is required; Tags["a"] is too long',
    );
  });

  test("a ValidationError's message is `Invalid <subject>: ` and that text; valibot issues go through toValidationIssue first", () => {
    const input = withMember({ VersionName: "bad name", OutputConfig: { S3Bucket: "x" } });
    const result = v.safeParse(CreateProjectVersionInputSchema, input);
    if (result.success) throw new Error("the input should be refused");
    const text = formatIssues(result.issues.map((issue) => toValidationIssue(issue, CreateProjectVersionInputSchema)));
    expect(text.split("; ").map((line) => line.split(" ")[0])).toEqual(["VersionName", "OutputConfig.S3Bucket"]);
    expect(new ValidationError("test input", issuesOf(input)).message).toBe(`Invalid test input: ${text}`);
    expect(new ValidationError("options", [{ path: "", message: "must be an object" }]).message).toBe("Invalid options: must be an object");
  });
});

describe("positiveSeconds", () => {
  const messages = (schema: v.GenericSchema, value: unknown) => v.safeParse(schema, value).issues?.map((issue) => issue.message) ?? [];

  test("a finite number > 0; `what` ends the message", () => {
    const seconds = positiveSeconds(" (the longest the wait may take)");
    for (const good of [Number.MIN_VALUE, 0.5, 1, 1e12]) expect([good, messages(seconds, good)]).toEqual([good, []]);
    for (const bad of [0, -1, Number.POSITIVE_INFINITY]) {
      expect([bad, messages(seconds, bad)]).toEqual([bad, ["must be a finite number of seconds > 0 (the longest the wait may take)"]]);
    }
    for (const notANumber of [Number.NaN, "60"]) expect(messages(seconds, notANumber)).toHaveLength(1); // valibot's number() refuses them
  });

  test("with a maximum: at most that, and the message says so", () => {
    const seconds = positiveSeconds("", 365 * 24 * 3600);
    expect(messages(seconds, 365 * 24 * 3600)).toEqual([]);
    for (const bad of [365 * 24 * 3600 + 0.5, 0, Number.POSITIVE_INFINITY]) {
      expect([bad, messages(seconds, bad)]).toEqual([bad, ["must be a finite number of seconds > 0 and ≤ 31536000"]]);
    }
  });
});

describe("countCodePoints", () => {
  test("counts astral characters once and flags lone surrogates", () => {
    expect(countCodePoints("")).toBe(0);
    expect(countCodePoints("abc")).toBe(3);
    expect(countCodePoints(ASTRAL_LETTER.repeat(3))).toBe(3);
    expect(countCodePoints("a\uD800b")).toBe(-1);
    expect(countCodePoints("a\uDC00")).toBe(-1);
    expect(countCodePoints("\uD800")).toBe(-1);
  });
});

describe("CreateProjectVersion input", () => {
  test("the model's example and an input with every member are accepted", () => {
    expect(issuesOf(exampleInput())).toEqual([]);
    expect(issuesOf(fullInput())).toEqual([]);
  });

  /** [member path, setter, value at the limit(s), values one past]. */
  const stringCases: [string, (value: string) => unknown, string[], string[]][] = [
    ["VersionName", (value) => withMember({ VersionName: value }), ["a", repeat("a", 255), "A-z_0.9"], ["", repeat("a", 256), "a b", "ü"]],
    [
      "VersionDescription",
      (value) => withMember({ VersionDescription: value }),
      ["x", repeat("d", 255), "Baseline (v1): what's new; ok? yes-_."],
      ["", repeat("d", 256), "tab\there", "emoji 😀"],
    ],
    ["KmsKeyId", (value) => withMember({ KmsKeyId: value }), ["k", repeat("k", 2048), "arn:aws:kms:us-east-1:111122223333:key/1234abcd"], [
      "",
      repeat("k", 2049),
      "-leading-dash",
      "space inside",
    ]],
    ["OutputConfig.S3Bucket", (value) => withMember({ OutputConfig: { S3Bucket: value } }), ["abc", repeat("b", 255), "My_Bucket.v-1"], [
      "ab",
      repeat("b", 256),
      "a/b",
      "bücket",
    ]],
    ["OutputConfig.S3KeyPrefix", (value) => withMember({ OutputConfig: { S3KeyPrefix: value } }), ["", repeat("p", 1024), repeat("😀", 1024)], [
      repeat("p", 1025),
      repeat("😀", 1025),
    ]],
    [
      "TrainingData.Assets[0].GroundTruthManifest.S3Object.Name",
      (value) => ({ ...withMember({ TestingData: { AutoCreate: true } }), TrainingData: { Assets: [{ GroundTruthManifest: { S3Object: { Name: value } } }] } }),
      ["n", repeat("n", 1024)],
      ["", repeat("n", 1025)],
    ],
    [
      "TestingData.Assets[1].GroundTruthManifest.S3Object.Version",
      (value) => ({
        ...withMember({ TrainingData: { Assets: [] } }),
        TestingData: { Assets: [{}, { GroundTruthManifest: { S3Object: { Version: value } } }] },
      }),
      ["1", repeat("v", 1024)],
      ["", repeat("v", 1025)],
    ],
    [
      "TrainingData.Assets[0].GroundTruthManifest.S3Object.Bucket",
      (value) => ({
        ...withMember({ TestingData: { AutoCreate: true } }),
        TrainingData: { Assets: [{ GroundTruthManifest: { S3Object: { Bucket: value } } }] },
      }),
      ["abc", repeat("b", 255)],
      ["ab", repeat("b", 256), "has space"],
    ],
  ];

  for (const [path, build, accepted, refused] of stringCases) {
    test(`${path}: accepted at its limits, refused past them`, () => {
      for (const value of accepted) expect(pathsOf(build(value))).toEqual([]);
      for (const value of refused) expect(pathsOf(build(value))).toContain(path);
    });
  }

  test("ProjectArn: pattern and length 20..2048", () => {
    const longest = `${PROJECT_ARN.slice(0, PROJECT_ARN.lastIndexOf("/") + 1)}${"9".repeat(2048 - PROJECT_ARN.lastIndexOf("/") - 1)}`;
    expect(longest.length).toBe(2048);
    expect(pathsOf(withMember({ ProjectArn: longest }))).toEqual([]);
    expect(pathsOf(withMember({ ProjectArn: `${longest}9` }))).toEqual(["ProjectArn"]);
    expect(pathsOf(withMember({ ProjectArn: "arn:aws:rekognition" }))).toContain("ProjectArn");
    expect(issuesOf(withMember({ ProjectArn: "arn:aws:rekognition" }))).toEqual([
      { path: "ProjectArn", message: "must be 20 to 2048 characters long, counted in code points (got 19)" },
    ]);
    for (
      const wrong of [
        "arn:aws:rekognition:us-east-1:111122223333:project/my-project", // no timestamp
        "arn:aws:rekognition:us-east-1:11112222333:project/my-project/1", // 11-digit account
        "arn:aws:s3:us-east-1:111122223333:project/my-project/1",
        `${PROJECT_ARN}\n`,
        `x${PROJECT_ARN}`,
        "arn:aws:rekognition:us-east-1:111122223333:project/my-project/version/1/1",
      ]
    ) {
      expect(pathsOf(withMember({ ProjectArn: wrong }))).toEqual(["ProjectArn"]);
    }
  });

  test("Tags: keys 1..128 and values 0..256 code points, Unicode letters (u flag), no aws: prefix, at most 200", () => {
    const tags = (map: Record<string, string>) => pathsOf(withMember({ Tags: map }));
    expect(tags({})).toEqual([]);
    expect(tags({ [repeat("k", 128)]: repeat("v", 256) })).toEqual([]);
    expect(tags({ [repeat(ASTRAL_LETTER, 128)]: repeat(ASTRAL_LETTER, 256) })).toEqual([]);
    expect(tags({ "日本語 ключ": "значение", "a_.:/=+-@b": "", "AWS:upper": "x", "awsx:": "y" })).toEqual([]);
    expect(tags({ [repeat("k", 129)]: "v" })).toEqual([`Tags["${repeat("k", 129)}"]`]);
    expect(tags({ [repeat(ASTRAL_LETTER, 129)]: "v" })).toEqual([`Tags["${repeat(ASTRAL_LETTER, 129)}"]`]);
    expect(tags({ k: repeat("v", 257) })).toEqual(['Tags["k"]']);
    expect(tags({ "": "v" })).toEqual(['Tags[""]']);
    expect(tags({ "aws:x": "v" })).toEqual(['Tags["aws:x"]']);
    // Without the u flag the class would mean the letters p { L } and refuse "é" or accept "{".
    expect(tags({ "{p}": "v" })).toEqual(['Tags["{p}"]']);
    expect(tags({ k: "#" })).toEqual(['Tags["k"]']);
    const many = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`key${i}`, `${i}`]));
    expect(tags(many(200))).toEqual([]);
    expect(tags(many(201))).toEqual(["Tags"]);
  });

  test("FeatureConfig.ContentModeration.ConfidenceThreshold: a finite number in 0..100", () => {
    const threshold = (value: unknown) => pathsOf(withMember({ FeatureConfig: { ContentModeration: { ConfidenceThreshold: value as number } } }));
    for (const ok of [0, 100, 55.5, Number.MIN_VALUE]) expect(threshold(ok)).toEqual([]);
    for (const bad of [-0.0001, 100.0001, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, "50", null]) {
      expect(threshold(bad)).toEqual(["FeatureConfig.ContentModeration.ConfidenceThreshold"]);
    }
  });

  test("TestingData.AutoCreate is a boolean", () => {
    expect(pathsOf(withMember({ TrainingData: { Assets: [] }, TestingData: { AutoCreate: true } }))).toEqual([]);
    expect(pathsOf(withMember({ TrainingData: { Assets: [] }, TestingData: { Assets: [], AutoCreate: "yes" as unknown as boolean } }))).toEqual([
      "TestingData.AutoCreate",
    ]);
  });

  test("strings are well-formed Unicode", () => {
    const [issue] = issuesOf(withMember({ OutputConfig: { S3KeyPrefix: "half \uD83D pair" } }));
    expect(issue).toEqual({ path: "OutputConfig.S3KeyPrefix", message: "must be well-formed Unicode (it holds a lone surrogate)" });
  });

  test("required members are named", () => {
    expect(issuesOf({})).toEqual([
      { path: "ProjectArn", message: "is required" },
      { path: "VersionName", message: "is required" },
      { path: "OutputConfig", message: "is required" },
    ]);
  });

  test("TrainingData and TestingData come together or not at all", () => {
    expect(issuesOf(withMember({ TrainingData: { Assets: [] } }))).toEqual([{ path: "TestingData", message: "is required when TrainingData is given" }]);
    expect(issuesOf(withMember({ TestingData: { AutoCreate: true } }))).toEqual([{ path: "TrainingData", message: "is required when TestingData is given" }]);
    expect(issuesOf(withMember({ TrainingData: { Assets: [] }, TestingData: { AutoCreate: true } }))).toEqual([]);
  });

  test("TrainingData needs Assets; TestingData needs Assets unless AutoCreate is true (the service refuses them; SPEC §3)", () => {
    const asset = { GroundTruthManifest: { S3Object: { Bucket: "manifests", Name: "train.manifest" } } };
    expect(issuesOf(withMember({ TrainingData: {}, TestingData: { Assets: [asset] } }))).toEqual([{
      path: "TrainingData.Assets",
      message: "is required when TrainingData is given",
    }]);
    expect(issuesOf(withMember({ TrainingData: { Assets: [asset] }, TestingData: {} }))).toEqual([{
      path: "TestingData.Assets",
      message: "is required unless AutoCreate is true",
    }]);
    expect(issuesOf(withMember({ TrainingData: { Assets: [asset] }, TestingData: { AutoCreate: false } }))).toEqual([{
      path: "TestingData.Assets",
      message: "is required unless AutoCreate is true",
    }]);
    // AutoCreate makes the test set; it does nothing for TrainingData, whose schema has no such member.
    expect(pathsOf(withMember({ TrainingData: { AutoCreate: true } as never, TestingData: { AutoCreate: true } }))).toEqual([
      "TrainingData.AutoCreate",
      "TrainingData.Assets",
    ]);
    expect(issuesOf(withMember({ TrainingData: {}, TestingData: {} }))).toEqual([
      { path: "TrainingData.Assets", message: "is required when TrainingData is given" },
      { path: "TestingData.Assets", message: "is required unless AutoCreate is true" },
    ]);
    // Given: accepted, an empty list included (the service's rule is about the member).
    expect(issuesOf(withMember({ TrainingData: { Assets: [asset] }, TestingData: { AutoCreate: true } }))).toEqual([]);
    expect(issuesOf(withMember({ TrainingData: { Assets: [asset] }, TestingData: { Assets: [asset], AutoCreate: false } }))).toEqual([]);
    expect(issuesOf(withMember({ TrainingData: { Assets: [] }, TestingData: { Assets: [] } }))).toEqual([]);
    // A TrainingData that is not an object is refused for that alone.
    expect(pathsOf(withMember({ TrainingData: "s3://manifests" as never, TestingData: { AutoCreate: true } }))).toEqual(["TrainingData"]);
  });

  test("the cross-field rules are reported along with other problems", () => {
    expect(pathsOf({ ...withMember({ TrainingData: {} }), VersionName: "" })).toEqual(["VersionName", "TestingData", "TrainingData.Assets"]);
  });

  test("unknown members are refused at every level, not dropped", () => {
    const typo = { ...exampleInput(), VersionNmae: "x" };
    expect(issuesOf(typo)).toEqual([{ path: "VersionNmae", message: "is not a member of this shape (misspelt?)" }]);
    expect(pathsOf(withMember({ OutputConfig: { S3Bucket: "bucket", s3KeyPrefix: "p" } as never }))).toEqual(["OutputConfig.s3KeyPrefix"]);
    expect(
      pathsOf({
        ...withMember({ TestingData: { AutoCreate: true } }),
        TrainingData: { Assets: [{ GroundTruthManifest: { S3Object: { Bucket: "abc", Key: "k" } } }] },
      }),
    ).toEqual(["TrainingData.Assets[0].GroundTruthManifest.S3Object.Key"]);
    expect(pathsOf(withMember({ FeatureConfig: { CustomLabels: {} } as never }))).toEqual(["FeatureConfig.CustomLabels"]);
  });

  test("plain JavaScript mistakes: undefined, null, wrong types", () => {
    expect(issuesOf(undefined)).toEqual([{ path: "", message: "must be an object, got undefined" }]);
    expect(issuesOf(null)).toEqual([{ path: "", message: "must be an object, got null" }]);
    expect(issuesOf("CreateProjectVersion")).toEqual([{ path: "", message: 'must be an object, got "CreateProjectVersion"' }]);
    expect(issuesOf([])).toEqual([{ path: "", message: "must be an object, got Array" }]);
    expect(issuesOf({ ...exampleInput(), OutputConfig: [] })).toEqual([{ path: "OutputConfig", message: "must be an object, got Array" }]);
    expect(pathsOf({ ...withMember({ TestingData: { AutoCreate: true } }), TrainingData: { Assets: [[]] } })).toEqual(["TrainingData.Assets[0]"]);
    expect(pathsOf({ ...exampleInput(), VersionName: 1 })).toEqual(["VersionName"]);
    expect(pathsOf({ ...exampleInput(), VersionName: null })).toEqual(["VersionName"]);
    expect(pathsOf({ ...exampleInput(), OutputConfig: "s3://bucket" })).toEqual(["OutputConfig"]);
    expect(issuesOf({ ...exampleInput(), Tags: [{ Key: "k", Value: "v" }] })).toEqual([
      { path: "Tags", message: 'must be an object of tag keys to values, e.g. { team: "vision" }' },
    ]);
    expect(pathsOf({ ...exampleInput(), Tags: { k: 1 } })).toEqual(['Tags["k"]']);
    expect(pathsOf({ ...withMember({ TestingData: { AutoCreate: true } }), TrainingData: { Assets: {} } })).toEqual(["TrainingData.Assets"]);
  });

  test("every problem is listed, each with its path", () => {
    const paths = pathsOf({
      ProjectArn: "nope",
      VersionName: "bad name",
      OutputConfig: { S3Bucket: "x" },
      Tags: { "aws:x": "1" },
      TrainingData: { Assets: [{ GroundTruthManifest: { S3Object: { Bucket: "b" } } }] },
      TestingData: { AutoCreate: true },
      Extra: true,
    });
    for (
      const path of [
        "ProjectArn",
        "VersionName",
        "OutputConfig.S3Bucket",
        'Tags["aws:x"]',
        "TrainingData.Assets[0].GroundTruthManifest.S3Object.Bucket",
        "Extra",
      ]
    ) {
      expect(paths).toContain(path);
    }
  });

  test("undefined optional members count as absent", () => {
    expect(pathsOf({ ...exampleInput(), KmsKeyId: undefined, Tags: undefined })).toEqual([]);
  });
});

describe("DescribeProjectVersions input", () => {
  const describeIssues = (patch: Record<string, unknown>) => pathsOf({ ProjectArn: PROJECT_ARN, ...patch }, DescribeProjectVersionsInputSchema);

  test("VersionNames holds 1 to 10 valid names", () => {
    expect(describeIssues({ VersionNames: ["a"] })).toEqual([]);
    expect(describeIssues({ VersionNames: Array.from({ length: 10 }, (_, i) => `v${i}`) })).toEqual([]);
    expect(describeIssues({ VersionNames: [] })).toEqual(["VersionNames"]);
    expect(describeIssues({ VersionNames: Array.from({ length: 11 }, (_, i) => `v${i}`) })).toEqual(["VersionNames"]);
    expect(describeIssues({ VersionNames: ["ok", "not ok"] })).toEqual(["VersionNames[1]"]);
  });

  test("MaxResults is an integer from 1 to 100", () => {
    for (const ok of [1, 100]) expect(describeIssues({ MaxResults: ok })).toEqual([]);
    for (const bad of [0, 101, 1.5, Number.NaN, "10"]) expect(describeIssues({ MaxResults: bad })).toEqual(["MaxResults"]);
  });

  test("NextToken is 0..1024 code points", () => {
    expect(describeIssues({ NextToken: "" })).toEqual([]);
    expect(describeIssues({ NextToken: "t".repeat(1024) })).toEqual([]);
    expect(describeIssues({ NextToken: "t".repeat(1025) })).toEqual(["NextToken"]);
  });

  test("ProjectArn is required and unknown members are refused", () => {
    expect(pathsOf({}, DescribeProjectVersionsInputSchema)).toEqual(["ProjectArn"]);
    expect(describeIssues({ ProjectVersionArns: ["x"] })).toEqual(["ProjectVersionArns"]);
  });
});
