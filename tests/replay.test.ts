/**
 * Replay's matching rules, one by one (fixtures/scenarios/README.md): exact
 * bodies for recordings, what is ignored, order of repeated requests, the
 * answer when nothing matches; the folder loader; the anonymizer and the
 * redaction on their own.
 */
import { describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { RekognitionClient, RekognitionServiceException } from "../mod.ts";
import { Anonymizer } from "../harness/anonymize.ts";
import { redactSecrets } from "../harness/journal.ts";
import { bodyDifferences, canonicalJson, type MatchingOptions, normalizeBody, ScenarioMatcher } from "../harness/matching.ts";
import { loadScenarioFolder, NO_MATCHING_RECORDING, RecordingReplayer, regionOfHost, regionOfRecordings, REPLAYED_HEADER } from "../harness/replay.ts";
import { type Scenario, SCENARIOS } from "../fixtures/scenarios.ts";
import { DEMO_PROJECTS, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { jsonOf, signedRequest } from "./fixtures-helpers.ts";

/** Whether `scenario` answers a request, by the matcher's rules. */
const scenarioAnswers = (scenario: Scenario, operation: string, body: Record<string, unknown>, options: MatchingOptions = {}) =>
  new ScenarioMatcher([scenario], options).match(operation, body).scenarios.length > 0;
/** The recording nearest to a request, by the matcher's rules. */
const closestScenario = (scenarios: readonly Scenario[], operation: string, body: Record<string, unknown>) =>
  new ScenarioMatcher(scenarios).match(operation, body).closest();

const PROJECT = DEMO_PROJECTS.customLabels;
const output = { S3Bucket: "amzn-s3-demo-bucket" };

/** A recorded scenario answering `body` with a DescribeProjectVersions page of one version in `status`. */
function recordedDescribe(sequence: number, body: Record<string, unknown>, status: string): Scenario {
  return {
    name: `${String(sequence).padStart(4, "0")}-describe-${status.toLowerCase().replace(/_/g, "-")}`,
    summary: "recorded",
    request: { operation: "DescribeProjectVersions", body },
    response: {
      status: 200,
      headers: { "Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": `req-${sequence}` },
      body: { ProjectVersionDescriptions: [{ ProjectVersionArn: `${PROJECT.replace(/\/\d+$/, "")}/version/v1/1700000000000`, Status: status }] },
    },
    expect: { outcome: "success" },
    recording: { sequence, recordedAt: "2026-01-01T00:00:00.000Z", upstream: "rekognition.us-east-1.amazonaws.com", anonymized: false },
  };
}

function recordedCreate(sequence: number, body: Record<string, unknown>): Scenario {
  return {
    name: `${String(sequence).padStart(4, "0")}-create-success`,
    summary: "recorded",
    request: { operation: "CreateProjectVersion", body },
    response: {
      status: 200,
      headers: { "Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": `req-${sequence}` },
      body: { ProjectVersionArn: "arn:x" },
    },
    expect: { outcome: "success" },
    recording: { sequence, recordedAt: "2026-01-01T00:00:00.000Z", upstream: "rekognition.us-east-1.amazonaws.com", anonymized: false },
  };
}

const describeBody = { ProjectArn: PROJECT, VersionNames: ["v1"] };
const createBody = { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output };
const session = [
  recordedCreate(1, createBody),
  recordedDescribe(2, describeBody, "TRAINING_IN_PROGRESS"),
  recordedDescribe(3, describeBody, "TRAINING_IN_PROGRESS"),
  recordedDescribe(4, describeBody, "TRAINING_COMPLETED"),
  recordedDescribe(5, { ProjectArn: PROJECT }, "TRAINING_COMPLETED"),
];

/** Sends one signed request to a replayer; resolves with the status, the recording that answered and the JSON body. */
async function send(replayer: RecordingReplayer, operation: string, body: unknown) {
  const response = await replayer.fetch(await signedRequest({ operation, body }));
  return { status: response.status, replayed: response.headers.get(REPLAYED_HEADER), body: await jsonOf(response) };
}

describe("matching a recording", () => {
  test("the whole body must match: a member more or less is no match", async () => {
    const replayer = new RecordingReplayer(session);
    expect((await send(replayer, "CreateProjectVersion", createBody)).replayed).toBe("0001-create-success");
    expect((await send(replayer, "CreateProjectVersion", { ...createBody, VersionDescription: "x" })).status).toBe(404);
    expect((await send(replayer, "CreateProjectVersion", { ProjectArn: PROJECT, VersionName: "v1" })).status).toBe(404);
    expect((await send(replayer, "CreateProjectVersion", { ...createBody, OutputConfig: { ...output, S3KeyPrefix: "p/" } })).status).toBe(404);
  });

  test("the operation must match", async () => {
    const replayer = new RecordingReplayer([recordedCreate(1, describeBody)]);
    expect((await send(replayer, "DescribeProjectVersions", describeBody)).status).toBe(404);
  });

  test("ignored: member order, null members, ClientRequestToken; VersionNames compare as a set", async () => {
    const replayer = new RecordingReplayer(session);
    const reordered = { OutputConfig: output, VersionName: "v1", ProjectArn: PROJECT, KmsKeyId: null, ClientRequestToken: crypto.randomUUID() };
    expect((await send(replayer, "CreateProjectVersion", reordered)).replayed).toBe("0001-create-success");
    const filter = new RecordingReplayer([recordedDescribe(1, { ProjectArn: PROJECT, VersionNames: ["b", "a"] }, "TRAINING_COMPLETED")]);
    expect((await send(filter, "DescribeProjectVersions", { ProjectArn: PROJECT, VersionNames: ["a", "b", "a"] })).status).toBe(200);
    expect((await send(filter, "DescribeProjectVersions", { ProjectArn: PROJECT, VersionNames: ["a"] })).status).toBe(404);
  });

  test("ignoreMembers: names and dotted paths; the list replaces the default", async () => {
    const replayer = new RecordingReplayer(session, { ignoreMembers: ["VersionName", "OutputConfig.S3KeyPrefix"] });
    expect((await send(replayer, "CreateProjectVersion", { ...createBody, VersionName: "other" })).status).toBe(200);
    expect((await send(replayer, "CreateProjectVersion", { ...createBody, OutputConfig: { ...output, S3KeyPrefix: "p/" } })).status).toBe(200);
    expect((await send(replayer, "CreateProjectVersion", { ...createBody, OutputConfig: { S3Bucket: "other" } })).status).toBe(404);
    expect((await send(replayer, "CreateProjectVersion", { ...createBody, ClientRequestToken: "t" })).status).toBe(404);
  });

  test("repeated requests replay the recordings in order, then the last one again; each request has its own sequence", async () => {
    const replayer = new RecordingReplayer(session);
    const statuses = async () => {
      const { body } = await send(replayer, "DescribeProjectVersions", describeBody);
      return (body.ProjectVersionDescriptions as { Status: string }[])[0]!.Status;
    };
    expect(await statuses()).toBe("TRAINING_IN_PROGRESS");
    expect((await send(replayer, "DescribeProjectVersions", { ProjectArn: PROJECT })).replayed).toBe("0005-describe-training-completed");
    expect(await statuses()).toBe("TRAINING_IN_PROGRESS");
    expect(await statuses()).toBe("TRAINING_COMPLETED");
    expect(await statuses()).toBe("TRAINING_COMPLETED");
    replayer.reset();
    expect(await statuses()).toBe("TRAINING_IN_PROGRESS");
  });

  test("a recorded answer is sent exactly, with a current Date and the name of the recording", async () => {
    const replayer = new RecordingReplayer(session);
    const response = await replayer.fetch(await signedRequest({ operation: "DescribeProjectVersions", body: describeBody }));
    expect(response.headers.get("x-amzn-requestid")).toBe("req-2");
    expect(response.headers.get(REPLAYED_HEADER)).toBe("0002-describe-training-in-progress");
    expect(Math.abs(Date.parse(response.headers.get("date")!) - Date.now())).toBeLessThan(60_000);
    expect(await response.text()).toBe(JSON.stringify(session[1]!.response.body));
  });

  test("hand-written scenarios replay as triggers: the body must hold their members", async () => {
    const replayer = new RecordingReplayer(Object.values(SCENARIOS) as Scenario[]);
    const throttled = await send(replayer, "CreateProjectVersion", { ...createBody, VersionName: "fixture-ThrottlingException" });
    expect([throttled.status, throttled.replayed, throttled.body.__type]).toEqual([500, "create-ThrottlingException", "ThrottlingException"]);
    const none = await send(replayer, "CreateProjectVersion", createBody);
    expect(none.status).toBe(404);
  });
});

describe("when nothing matches", () => {
  test("a 404 NoMatchingRecordingException naming the closest recording and how it differs", async () => {
    const replayer = new RecordingReplayer(session);
    const { status, body } = await send(replayer, "CreateProjectVersion", { ...createBody, VersionName: "demo-1" });
    expect(status).toBe(404);
    expect(body.__type).toBe(NO_MATCHING_RECORDING);
    expect(body.message).toBe(
      'No recording matches this CreateProjectVersion request. Closest recording: 0001-create-success, which differs at VersionName (recorded "v1", got "demo-1").',
    );
  });

  test("the closest is the one with the fewest differences; absent members are named", async () => {
    const replayer = new RecordingReplayer(session);
    const { body } = await send(replayer, "DescribeProjectVersions", { ProjectArn: PROJECT, MaxResults: 5 });
    expect(body.message).toBe(
      "No recording matches this DescribeProjectVersions request. Closest recording: 0005-describe-training-completed, which differs at MaxResults (recorded absent, got 5).",
    );
  });

  test("no recording of the operation at all", async () => {
    const replayer = new RecordingReplayer([recordedCreate(1, createBody)]);
    const { body } = await send(replayer, "DescribeProjectVersions", describeBody);
    expect(body.message).toBe(
      "No recording matches this DescribeProjectVersions request: there is no recording of DescribeProjectVersions (recorded: CreateProjectVersion).",
    );
  });

  test("a client sees an error, never a success", async () => {
    const replayer = new RecordingReplayer(session);
    const client = new RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, fetch: replayer.fetch });
    const error = await client.createProjectVersion({ ...createBody, VersionName: "demo-1" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RekognitionServiceException);
    expect([
      (error as RekognitionServiceException).name,
      (error as RekognitionServiceException).$fault,
      (error as RekognitionServiceException).$metadata.attempts,
    ]).toEqual([
      NO_MATCHING_RECORDING,
      "client",
      1,
    ]);
  });
});

describe("checks before matching", () => {
  test("signatures are verified with the test credentials (others refused); [] accepts anything", async () => {
    const foreign = { accessKeyId: "AKIDOTHER", secretAccessKey: "other-secret-0123456789" };
    const strict = new RecordingReplayer(session);
    const refused = await strict.fetch(await signedRequest({ credentials: foreign, operation: "CreateProjectVersion", body: createBody }));
    expect([refused.status, (await jsonOf(refused)).__type]).toEqual([400, "UnrecognizedClientException"]);
    const unsigned = await strict.fetch("https://rekognition.us-east-1.amazonaws.com/", {
      method: "POST",
      headers: { "x-amz-target": "RekognitionService.CreateProjectVersion" },
      body: JSON.stringify(createBody),
    });
    expect((await jsonOf(unsigned)).__type).toBe("MissingAuthenticationTokenException");
    const open = new RecordingReplayer(session, { credentials: [] });
    const accepted = await open.fetch(await signedRequest({ credentials: foreign, operation: "CreateProjectVersion", body: createBody }));
    expect(accepted.status).toBe(200);
  });

  test("unknown operations, another Content-Type, bodies that are not JSON objects, anything but POST /: as the service answers", async () => {
    const replayer = new RecordingReplayer(session);
    expect((await send(replayer, "DetectLabels", {})).body.__type).toBe("UnknownOperationException");
    const json10 = await replayer.fetch(
      await signedRequest({ operation: "CreateProjectVersion", body: createBody, headers: { "content-type": "application/x-amz-json-1.0" } }),
    );
    expect((await jsonOf(json10)).__type).toBe("UnknownOperationException");
    expect((await send(replayer, "CreateProjectVersion", "[1]")).body.__type).toBe("SerializationException");
    const get = await replayer.fetch("https://rekognition.us-east-1.amazonaws.com/");
    expect([get.status, await get.text()]).toEqual([
      403,
      "<MissingAuthenticationTokenException>\n  <Message>Missing Authentication Token</Message>\n</MissingAuthenticationTokenException>\n",
    ]);
  });

  test("with a region, signatures for another region are refused as the service refuses them", async () => {
    const replayer = new RecordingReplayer(session, { region: "eu-west-1" });
    const other = await replayer.fetch(await signedRequest({ operation: "CreateProjectVersion", body: createBody, region: "us-east-1" }));
    expect([other.status, (await jsonOf(other)).message]).toEqual([400, "Credential should be scoped to a valid region, not 'us-east-1'. "]);
    const same = await replayer.fetch(await signedRequest({ operation: "CreateProjectVersion", body: createBody, region: "eu-west-1" }));
    expect(same.status).toBe(200);
    expect(regionOfRecordings(session)).toBe("us-east-1");
    expect(regionOfRecordings([...session, { ...session[0]!, recording: { ...session[0]!.recording!, upstream: "rekognition.eu-west-1.amazonaws.com" } }]))
      .toBeUndefined();
    expect(regionOfRecordings(Object.values(SCENARIOS) as Scenario[])).toBeUndefined();
    const hosts = [
      "rekognition.eu-west-1.amazonaws.com",
      "rekognition-fips.us-gov-west-1.amazonaws.com:443",
      "rekognition.cn-north-1.amazonaws.com.cn",
      "127.0.0.1:4599",
      "s3.us-east-1.amazonaws.com",
      "xrekognition.us-east-1.amazonaws.com",
    ];
    expect(hosts.map(regionOfHost)).toEqual(["eu-west-1", "us-gov-west-1", "cn-north-1", undefined, undefined, undefined]);
  });
});

describe("the rules as functions", () => {
  test("normalizeBody and canonicalJson", () => {
    expect(normalizeBody({ B: null, A: { C: null, D: 1 }, VersionNames: ["b", "a", "b"], ClientRequestToken: "x" })).toEqual({
      A: { D: 1 },
      VersionNames: ["a", "b"],
    });
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: "x" })).toBe('{"a":"x","b":[1,{"c":2,"d":1}]}');
  });

  test("bodyDifferences: by member, lists whole; onlyRecorded skips the request's extra members", () => {
    expect(bodyDifferences({ A: 1, B: [1, 2], C: { D: 1 } }, { A: 1, B: [2, 1], C: { D: 2 }, E: 0 })).toEqual([
      { path: "B", recorded: [1, 2], got: [2, 1] },
      { path: "C.D", recorded: 1, got: 2 },
      { path: "E", recorded: undefined, got: 0 },
    ]);
    expect(bodyDifferences({ A: 1 }, { A: 1, E: 0 }, true)).toEqual([]);
    expect(bodyDifferences({ A: { B: [1, { C: 2, D: 3 }] } }, { A: { B: [1, { D: 3, C: 2 }] } })).toEqual([]);
    expect(bodyDifferences({ A: [null] }, { A: [] })).toEqual([{ path: "A", recorded: [null], got: [] }]);
  });

  test("ScenarioMatcher: match and closest: a recording by its whole normalised body, a trigger by its members", () => {
    const trigger = SCENARIOS["create-ThrottlingException"] as Scenario;
    expect(scenarioAnswers(session[0]!, "CreateProjectVersion", { ...createBody, ClientRequestToken: "t", KmsKeyId: null })).toBe(true);
    expect(scenarioAnswers(session[0]!, "CreateProjectVersion", { ...createBody, KmsKeyId: "k" })).toBe(false);
    expect(scenarioAnswers(session[0]!, "DescribeProjectVersions", createBody)).toBe(false);
    expect(scenarioAnswers(trigger, "CreateProjectVersion", { ...createBody, VersionName: "fixture-ThrottlingException" })).toBe(true);
    expect(scenarioAnswers(trigger, "CreateProjectVersion", createBody)).toBe(false);
    expect(scenarioAnswers(trigger, "DescribeProjectVersions", { ...createBody, VersionName: "fixture-ThrottlingException" })).toBe(false);
    const closest = closestScenario(session, "DescribeProjectVersions", { ProjectArn: PROJECT, VersionNames: ["v2"] });
    expect([closest?.scenario.name, closest?.differences]).toEqual(["0002-describe-training-in-progress", [{
      path: "VersionNames",
      recorded: ["v1"],
      got: ["v2"],
    }]]);
    expect(closestScenario(session, "DescribeProjectVersions", { ProjectArn: "p" })?.scenario.name).toBe("0005-describe-training-completed");
    expect(closestScenario([trigger], "DescribeProjectVersions", {})).toBeUndefined();
    expect(closestScenario(session, "DescribeProjectVersions", createBody)?.scenario.request.operation).toBe("DescribeProjectVersions");
    // A trigger differs only where its own members do: the request's other members are allowed.
    const nearTrigger = closestScenario([trigger, session[0]!], "CreateProjectVersion", { ...createBody, VersionName: "fixture-Throttling" });
    expect([nearTrigger?.scenario.name, nearTrigger?.differences]).toEqual(["create-ThrottlingException", [{
      path: "VersionName",
      recorded: "fixture-ThrottlingException",
      got: "fixture-Throttling",
    }]]);
  });

  test("the replayer reads each recording's body once, when it is built: a request costs one normalisation, not one per recording", async () => {
    let reads = 0;
    const counted = session.map((scenario) => {
      const { body, ...request } = scenario.request;
      return { ...scenario, request: Object.defineProperty({ ...request }, "body", { get: () => (reads++, body), enumerable: true }) } as Scenario;
    });
    const replayer = new RecordingReplayer(counted);
    const built = reads;
    expect(built).toBe(session.length);
    expect((await send(replayer, "DescribeProjectVersions", describeBody)).replayed).toBe("0002-describe-training-in-progress");
    expect((await send(replayer, "CreateProjectVersion", { ...createBody, VersionName: "v9" })).status).toBe(404);
    expect(reads).toBe(built);
  });
});

describe("loading a folder", () => {
  const files = (index: unknown, extra: Record<string, unknown> = {}) => {
    const all: Record<string, string> = { "index.json": JSON.stringify(index) };
    for (const [name, value] of Object.entries(extra)) all[name] = JSON.stringify(value);
    return async (file: string) => {
      if (!(file in all)) throw new Error(`ENOENT: ${file}`);
      return all[file]!;
    };
  };
  const entry = { name: "0001-create-success", file: "0001-create-success.json", operation: "CreateProjectVersion", status: 200, outcome: "success" };
  const index = (scenarios: unknown[]) => ({ format: "rekognition-edge contract scenarios, version 1", description: "d", scenarios });

  test("the repository's scenario folder loads, in index order", async () => {
    const dir = new URL("../fixtures/scenarios/", import.meta.url);
    const loaded = await loadScenarioFolder((file) => readFile(new URL(file, dir), "utf8"));
    expect(loaded).toEqual(Object.values(SCENARIOS) as Scenario[]);
  });

  test("file names outside the folder, a name that is not the index's, a file out of format: refused, named", async () => {
    await expect(loadScenarioFolder(files(index([{ ...entry, file: "../secrets.json" }])))).rejects.toThrow("index.json is not in the scenario format");
    await expect(loadScenarioFolder(files(index([{ ...entry, file: "a/b.json" }])))).rejects.toThrow("must be a .json file name in the same folder");
    await expect(loadScenarioFolder(files(index([entry]), { [entry.file]: { ...recordedCreate(1, createBody), name: "other" } }))).rejects.toThrow(
      "0001-create-success.json: its name is other, index.json says 0001-create-success",
    );
    await expect(loadScenarioFolder(files(index([entry]), { [entry.file]: { ...recordedCreate(1, createBody), expect: { outcome: "maybe" } } }))).rejects
      .toThrow(
        "0001-create-success.json is not in the scenario format",
      );
    await expect(loadScenarioFolder(files(index([entry])))).rejects.toThrow("0001-create-success.json: ENOENT");
    await expect(loadScenarioFolder(files(index([entry]), { [entry.file]: recordedCreate(1, createBody) }))).resolves.toHaveLength(1);
  });
});

describe("the anonymizer and the redaction", () => {
  test("accounts from ARNs become example accounts, the first the demo one, consistently; example accounts stay", () => {
    const anonymizer = new Anonymizer();
    expect(anonymizer.anonymizeText("arn:aws:rekognition:us-east-1:210987654321:project/p/1 and 210987654321")).toBe(
      "arn:aws:rekognition:us-east-1:111122223333:project/p/1 and 111122223333",
    );
    // Another account; the demo account itself as a real one; an IAM ARN with no region; the first account again.
    expect(anonymizer.anonymizeText("arn:aws:iam::999988887777:role/r arn:aws:kms:eu-west-1:111122223333:key/k 210987654321")).toBe(
      "arn:aws:iam::444455556666:role/r arn:aws:kms:eu-west-1:777788889999:key/k 111122223333",
    );
    expect(Object.fromEntries(anonymizer.accounts)).toEqual({ "210987654321": "111122223333", "999988887777": "444455556666", "111122223333": "777788889999" });
  });

  test("an example account met first stays; the next real account takes the demo one", () => {
    const anonymizer = new Anonymizer();
    expect(anonymizer.anonymizeText("arn:aws:s3:::444455556666:b arn:aws:iam::210987654321:root")).toBe(
      "arn:aws:s3:::444455556666:b arn:aws:iam::111122223333:root",
    );
  });

  test("only whole 12-digit numbers of known accounts: timestamps and other numbers stay", () => {
    const anonymizer = new Anonymizer();
    expect(anonymizer.anonymizeText("2109876543210 1210987654321 210987654321 arn:aws-cn:s3:cn-north-1:210987654321:x 123")).toBe(
      "2109876543210 1210987654321 111122223333 arn:aws-cn:s3:cn-north-1:111122223333:x 123",
    );
    expect(new Anonymizer().anonymizeText("account 210987654321 (no ARN)")).toBe("account 210987654321 (no ARN)");
    expect(new Anonymizer().anonymize({ Arn: "arn:aws:rekognition:us-east-1:111122223333:project/p/1" })).toEqual({
      Arn: "arn:aws:rekognition:us-east-1:111122223333:project/p/1",
    });
  });

  test("redactSecrets: every occurrence, JSON-escaped forms too, longer secrets first", () => {
    expect(redactSecrets('a SECRET b "x\\"y" SECRETLONGER', ["SECRET", 'x"y', "SECRETLONGER", undefined, ""])).toBe('a [REDACTED] b "[REDACTED]" [REDACTED]');
  });
});
