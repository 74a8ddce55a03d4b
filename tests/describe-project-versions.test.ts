/** DescribeProjectVersions' response model: 19 members, Dates, open enums, wire floats, lenient yet typed. */
import { describe, expect, test } from "bun:test";
import { built, MalformedResponseError, ProjectVersionDescriptionSchema, ValidationError } from "../mod.ts";
import { jsonAnswer, PROJECT_ARN, scriptedTransport, testClient, VERSION_ARN } from "./helpers.ts";
import { model } from "./spec.ts";

/** Describes with one scripted answer whose body is `{ ProjectVersionDescriptions: [description] }` (or `body` as given). */
async function describeWith(body: unknown) {
  const { fetch, requests } = scriptedTransport(jsonAnswer(200, body, { "x-amzn-RequestId": "rid-describe" }));
  const { client } = testClient(fetch);
  const output = await client.describeProjectVersions({ ProjectArn: PROJECT_ARN, VersionNames: ["1"] });
  return { output, requests };
}

const one = async (description: Record<string, unknown>) =>
  (await describeWith({ ProjectVersionDescriptions: [description] })).output.ProjectVersionDescriptions![0]!;

const failure = async (body: unknown) => {
  const { fetch, requests } = scriptedTransport(jsonAnswer(200, body, { "x-amzn-RequestId": "rid-bad" }));
  const { client } = testClient(fetch);
  const error = await client.describeProjectVersions({ ProjectArn: PROJECT_ARN }).catch((caught: unknown) => caught);
  return { error: error as MalformedResponseError, requests };
};

/** A description with all 19 members, as the service sends it. */
const everyMember = {
  ProjectVersionArn: VERSION_ARN,
  CreationTimestamp: 1690556751.958,
  MinInferenceUnits: 1,
  Status: "TRAINING_COMPLETED",
  StatusMessage: "The model is ready to run.",
  BillableTrainingTimeInSeconds: 1899,
  TrainingEndTimestamp: 1690558651,
  OutputConfig: { S3Bucket: "output_bucket", S3KeyPrefix: "output_folder" },
  TrainingDataResult: {
    Input: { Assets: [{ GroundTruthManifest: { S3Object: { Bucket: "b", Name: "train.manifest" } } }] },
    Output: { Assets: [{ GroundTruthManifest: { S3Object: { Bucket: "b", Name: "out/train.manifest" } } }] },
    Validation: { Assets: [{ GroundTruthManifest: { S3Object: { Bucket: "b", Name: "validation/train.json" } } }] },
  },
  TestingDataResult: {
    Input: { AutoCreate: true },
    Output: { Assets: [{ GroundTruthManifest: { S3Object: { Bucket: "b", Name: "out/test.manifest" } } }], AutoCreate: true },
    Validation: { Assets: [{ GroundTruthManifest: { S3Object: { Bucket: "b", Name: "validation/test.json" } } }] },
  },
  EvaluationResult: { F1Score: 0.921, Summary: { S3Object: { Bucket: "output_bucket", Name: "output_folder/EvaluationResultSummary.json" } } },
  ManifestSummary: { S3Object: { Bucket: "output_bucket", Name: "output_folder/manifest_summary.json" } },
  KmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  MaxInferenceUnits: 4,
  SourceProjectVersionArn: VERSION_ARN.replace("/1/", "/0/"),
  VersionDescription: "baseline",
  Feature: "CUSTOM_LABELS",
  BaseModelVersion: "3.0",
  FeatureConfig: { ContentModeration: { ConfidenceThreshold: 55.5 } },
};

describe("DescribeProjectVersions response", () => {
  test("the schema has exactly the model's 19 ProjectVersionDescription members", () => {
    const shape = model().shapes["com.amazonaws.rekognition#ProjectVersionDescription"]!;
    const members = Object.keys(shape.members!).sort();
    expect(members).toHaveLength(19);
    const { entries } = built(ProjectVersionDescriptionSchema) as unknown as { entries: object };
    expect(Object.keys(entries).sort()).toEqual(members);
  });

  test("every member is read; timestamps become Dates, the rest keeps its wire value", async () => {
    const { output, requests } = await describeWith({ ProjectVersionDescriptions: [everyMember], NextToken: "next-page" });
    expect(JSON.parse(requests[0]!.body)).toEqual({ ProjectArn: PROJECT_ARN, VersionNames: ["1"] });
    const { CreationTimestamp, TrainingEndTimestamp, ...rest } = output.ProjectVersionDescriptions![0]!;
    const { CreationTimestamp: _c, TrainingEndTimestamp: _t, ...wireRest } = everyMember;
    expect(rest).toEqual(wireRest);
    expect(CreationTimestamp).toEqual(new Date(1690556751958));
    expect(TrainingEndTimestamp).toEqual(new Date(1690558651000));
    expect(output.NextToken).toBe("next-page");
    expect(output.$metadata.requestId).toBe("rid-describe");
  });

  test("fractional epoch seconds round to the millisecond, as the JS SDK does", async () => {
    expect((await one({ CreationTimestamp: 1690556751.958 })).CreationTimestamp!.getTime()).toBe(1690556751958);
    expect((await one({ CreationTimestamp: 1690556751.9585 })).CreationTimestamp!.getTime()).toBe(1690556751959);
    expect((await one({ CreationTimestamp: 1690556751 })).CreationTimestamp!.toISOString()).toBe("2023-07-28T15:05:51.000Z");
    expect((await one({ TrainingEndTimestamp: 0 })).TrainingEndTimestamp!.getTime()).toBe(0);
  });

  test("numeric-string timestamps are accepted, as the JS SDK does", async () => {
    const description = await one({ CreationTimestamp: "1690556751.958", TrainingEndTimestamp: "1690558651" });
    expect(description.CreationTimestamp!.getTime()).toBe(1690556751958);
    expect(description.TrainingEndTimestamp!.getTime()).toBe(1690558651000);
  });

  test("enums are open: an unknown Status or Feature is kept, not refused", async () => {
    const description = await one({ Status: "TRAINING_PAUSED", Feature: "IMAGE_GENERATION" });
    expect(description.Status).toBe("TRAINING_PAUSED");
    expect(description.Feature).toBe("IMAGE_GENERATION");
  });

  test("unknown members are ignored at every level", async () => {
    const { output } = await describeWith({
      ProjectVersionDescriptions: [{
        Status: "TRAINING_COMPLETED",
        NewTopMember: { x: 1 },
        EvaluationResult: { F1Score: 0.5, Recall: 0.4 },
        OutputConfig: { S3Bucket: "b", Region: "x" },
      }],
      NewOutputMember: true,
    });
    expect(output.ProjectVersionDescriptions).toEqual([{ Status: "TRAINING_COMPLETED", EvaluationResult: { F1Score: 0.5 }, OutputConfig: { S3Bucket: "b" } }]);
    expect("NewOutputMember" in output).toBe(false);
  });

  test("floats may be the strings NaN, Infinity and -Infinity", async () => {
    expect(Number.isNaN((await one({ EvaluationResult: { F1Score: "NaN" } })).EvaluationResult!.F1Score)).toBe(true);
    expect((await one({ EvaluationResult: { F1Score: "Infinity" } })).EvaluationResult!.F1Score).toBe(Number.POSITIVE_INFINITY);
    expect((await one({ EvaluationResult: { F1Score: "-Infinity" } })).EvaluationResult!.F1Score).toBe(Number.NEGATIVE_INFINITY);
  });

  test("input constraints are not applied to answers (a newer model may loosen them)", async () => {
    const description = await one({
      VersionDescription: "ünïcode — and {braces}",
      OutputConfig: { S3Bucket: "b" },
      FeatureConfig: { ContentModeration: { ConfidenceThreshold: 250 } },
    });
    expect(description.VersionDescription).toBe("ünïcode — and {braces}");
    expect(description.OutputConfig).toEqual({ S3Bucket: "b" });
    expect(description.FeatureConfig?.ContentModeration?.ConfidenceThreshold).toBe(250);
  });

  test("an empty answer is an empty result", async () => {
    const { output } = await describeWith({});
    expect(output.ProjectVersionDescriptions).toBeUndefined();
    expect(output.NextToken).toBeUndefined();
  });

  const wrongTypes: [string, unknown, string][] = [
    [
      "a timestamp that is not a number",
      { ProjectVersionDescriptions: [{ CreationTimestamp: "yesterday" }] },
      "ProjectVersionDescriptions[0].CreationTimestamp",
    ],
    [
      "an ISO timestamp (not this protocol's format)",
      { ProjectVersionDescriptions: [{ TrainingEndTimestamp: "2023-07-28T15:05:51Z" }] },
      "ProjectVersionDescriptions[0].TrainingEndTimestamp",
    ],
    ["a Status that is not a string", { ProjectVersionDescriptions: [{ Status: 5 }] }, "ProjectVersionDescriptions[0].Status"],
    [
      "a float string other than NaN/Infinity",
      { ProjectVersionDescriptions: [{ EvaluationResult: { F1Score: "0.9" } }] },
      "ProjectVersionDescriptions[0].EvaluationResult.F1Score",
    ],
    ["an integer as a string", { ProjectVersionDescriptions: [{ MinInferenceUnits: "1" }] }, "ProjectVersionDescriptions[0].MinInferenceUnits"],
    ["descriptions that are not a list", { ProjectVersionDescriptions: { Status: "RUNNING" } }, "ProjectVersionDescriptions"],
    ["a NextToken that is not a string", { NextToken: 7 }, "NextToken"],
    [
      "a nested asset of the wrong type",
      { ProjectVersionDescriptions: [{ TrainingDataResult: { Input: { Assets: "s3://b/x" } } }] },
      "ProjectVersionDescriptions[0].TrainingDataResult.Input.Assets",
    ],
  ];
  for (const [what, body, path] of wrongTypes) {
    test(`${what} is a MalformedResponseError naming ${path}`, async () => {
      const { error, requests } = await failure(body);
      expect(error).toBeInstanceOf(MalformedResponseError);
      expect(error.message).toContain(`${path} `);
      expect(error.$metadata.requestId).toBe("rid-bad");
      expect(requests).toHaveLength(1);
    });
  }
});

describe("DescribeProjectVersions input is validated before sending", () => {
  test("VersionNames 1–10 and MaxResults 1–100; nothing is sent otherwise", async () => {
    const { fetch, requests } = scriptedTransport();
    const { client } = testClient(fetch);
    const bad = [
      { ProjectArn: PROJECT_ARN, VersionNames: [] },
      { ProjectArn: PROJECT_ARN, VersionNames: Array.from({ length: 11 }, (_, i) => `v${i}`) },
      { ProjectArn: PROJECT_ARN, MaxResults: 0 },
      { ProjectArn: PROJECT_ARN, MaxResults: 101 },
      { ProjectArn: "arn:aws:rekognition:us-east-1:111122223333:project/my-project" },
    ];
    for (const input of bad) {
      const error = await client.describeProjectVersions(input).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
    }
    expect(requests).toHaveLength(0);
  });
});
