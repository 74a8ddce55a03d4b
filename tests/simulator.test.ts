/** The stateful simulator: the service's rules, training on a controlled clock, pagination, triggers, lost answers, concurrency. */
import { describe, expect, test } from "bun:test";
import {
  InvalidPaginationTokenException,
  InvalidParameterException,
  NetworkError,
  RekognitionClient,
  ResourceInUseException,
  ResourceNotFoundException,
  ThrottlingException,
} from "../mod.ts";
import { VirtualClock } from "../harness/clock.ts";
import { type Scenario, scenarioBodyText, SCENARIOS } from "../fixtures/scenarios.ts";
import { ControlPlaneError } from "../harness/admin-input.ts";
import { DEMO_PROJECTS, demoProjects, RekognitionSimulator, SIMULATOR_CREDENTIALS, type SimulatorOptions } from "../harness/simulator.ts";
import { jsonOf, scenarioInput, signedRequest } from "./fixtures-helpers.ts";

const START = Date.UTC(2026, 2, 1, 9, 0, 0);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const output = { S3Bucket: "amzn-s3-demo-bucket", S3KeyPrefix: "results/" };

/** A simulator on a virtual clock, and our client on the same clock (so signatures are on time). */
function setup(options: SimulatorOptions = {}, maxAttempts = 1) {
  const clock = new VirtualClock({ start: START });
  const simulator = new RekognitionSimulator({ clock, trainingSeconds: 60, ...options });
  const client = new RekognitionClient({
    region: "us-east-1",
    credentials: SIMULATOR_CREDENTIALS,
    fetch: simulator.fetch,
    clock,
    random: () => 0.5,
    maxAttempts,
  });
  /** Sends a raw signed request (anything, even what the client refuses) and returns the answer. */
  const raw = async (operation: string, body: unknown) => simulator.handle(await signedRequest({ operation, body, time: clock.now() }));
  const create = (VersionName: string, extra: Record<string, unknown> = {}, ProjectArn: string = DEMO_PROJECTS.customLabels) =>
    client.createProjectVersion({ ProjectArn, VersionName, OutputConfig: output, ...extra });
  return { clock, simulator, client, raw, create };
}

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

/** Asserts an answer is a modeled Rekognition error, as the service writes it. */
async function expectModeledError(response: Response, status: number, type: string): Promise<string> {
  expect(response.status).toBe(status);
  const body = await jsonOf(response);
  expect(Object.keys(body)).toEqual(["__type", "Code", "Logref", "Message"]);
  expect(body.__type).toBe(type);
  expect(body.Code).toBe(type);
  expect(body.Logref).toMatch(/^[0-9a-f-]{36}$/);
  return body.Message as string;
}

describe("CreateProjectVersion", () => {
  test("creates a version: ARN under the project, TRAINING_IN_PROGRESS, newest first", async () => {
    const { create, simulator, clock } = setup();
    const { ProjectVersionArn } = await create("v1");
    expect(ProjectVersionArn).toBe(`arn:aws:rekognition:us-east-1:111122223333:project/demo-custom-labels/version/v1/${START}`);
    clock.advance(1_000);
    await create("v2");
    expect(simulator.versions(DEMO_PROJECTS.customLabels).map(({ name, status }) => [name, status])).toEqual([
      ["v2", "TRAINING_IN_PROGRESS"],
      ["v1", "TRAINING_IN_PROGRESS"],
    ]);
  });

  test("unknown project: ResourceNotFoundException", async () => {
    const { create, raw } = setup();
    const missing = "arn:aws:rekognition:us-east-1:111122223333:project/nope/1";
    expect(await failure(create("v1", {}, missing))).toBeInstanceOf(ResourceNotFoundException);
    const message = await expectModeledError(
      await raw("CreateProjectVersion", { ProjectArn: missing, VersionName: "v1", OutputConfig: output }),
      400,
      "ResourceNotFoundException",
    );
    expect(message).toContain(missing);
  });

  test("a VersionName already used in the project: ResourceInUseException; other projects may reuse it", async () => {
    const { create, simulator } = setup();
    await create("v1");
    const error = await failure(create("v1"));
    expect(error).toBeInstanceOf(ResourceInUseException);
    expect((error as ResourceInUseException).message).toContain("v1");
    expect((error as ResourceInUseException).$ambiguous).toBeUndefined();
    await create("v1", {}, DEMO_PROJECTS.moderation);
    expect(simulator.versions(DEMO_PROJECTS.customLabels)).toHaveLength(1);
  });

  test("input that breaks the model: InvalidParameterException naming the member", async () => {
    const { raw } = setup();
    const cases: [unknown, string][] = [
      [{ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "bad name", OutputConfig: output }, "VersionName"],
      [{ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1" }, "OutputConfig"],
      [{ ProjectArn: "not-an-arn", VersionName: "v1", OutputConfig: output }, "ProjectArn"],
      [{ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1", OutputConfig: output, Bogus: 1 }, "Bogus"],
      [{ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1", OutputConfig: output, Tags: { "aws:x": "y" } }, "Tags"],
      [
        { ProjectArn: DEMO_PROJECTS.moderation, VersionName: "v1", OutputConfig: output, FeatureConfig: { ContentModeration: { ConfidenceThreshold: 101 } } },
        "ConfidenceThreshold",
      ],
    ];
    for (const [body, member] of cases) {
      const message = await expectModeledError(await raw("CreateProjectVersion", body), 400, "InvalidParameterException");
      expect(message).toStartWith("Request has invalid parameters");
      expect(message).toContain(member);
    }
  });

  test("TrainingData without TestingData, or the reverse: InvalidParameterException", async () => {
    const { raw, simulator } = setup();
    const assets = { Assets: [{ GroundTruthManifest: { S3Object: { Bucket: "amzn-s3-demo-bucket", Name: "train.manifest" } } }] };
    const base = { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1", OutputConfig: output };
    expect(await expectModeledError(await raw("CreateProjectVersion", { ...base, TrainingData: assets }), 400, "InvalidParameterException")).toContain(
      "TestingData",
    );
    expect(await expectModeledError(await raw("CreateProjectVersion", { ...base, TestingData: assets }), 400, "InvalidParameterException")).toContain(
      "TrainingData",
    );
    expect((await raw("CreateProjectVersion", { ...base, TrainingData: assets, TestingData: { AutoCreate: true } })).status).toBe(200);
    expect(simulator.versions(DEMO_PROJECTS.customLabels)).toHaveLength(1);
  });

  test("manifests on a project that has datasets: InvalidParameterException; without manifests it trains", async () => {
    const { create } = setup();
    const manifests = { TrainingData: { Assets: [] }, TestingData: { AutoCreate: true } };
    const error = await failure(create("v1", manifests, DEMO_PROJECTS.withDatasets));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect((error as Error).message).toContain("datasets");
    expect((await create("v1", {}, DEMO_PROJECTS.withDatasets)).ProjectVersionArn).toContain("/demo-with-datasets/version/v1/");
    expect((await create("v1", manifests, DEMO_PROJECTS.customLabels)).ProjectVersionArn).toContain("/demo-custom-labels/version/v1/");
  });

  test("a FeatureConfig that does not match the project's feature: InvalidParameterException", async () => {
    const { create, client } = setup();
    const moderation = { FeatureConfig: { ContentModeration: { ConfidenceThreshold: 60 } } };
    const error = await failure(create("v1", moderation, DEMO_PROJECTS.customLabels));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect((error as Error).message).toContain("CUSTOM_LABELS");
    await create("adapter-1", moderation, DEMO_PROJECTS.moderation);
    const { ProjectVersionDescriptions } = await client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.moderation });
    expect(ProjectVersionDescriptions![0]).toMatchObject({ Feature: "CONTENT_MODERATION", FeatureConfig: { ContentModeration: { ConfidenceThreshold: 60 } } });
  });

  test("addProject adds a project of the given feature and datasets in the simulator's region and account; bad names and duplicates are refused", async () => {
    const clock = new VirtualClock({ start: START });
    const simulator = new RekognitionSimulator({ clock, seedDemoProjects: false, region: "eu-west-1", accountId: "123456789012" });
    const client = new RekognitionClient({ region: "eu-west-1", credentials: SIMULATOR_CREDENTIALS, fetch: simulator.fetch, clock, maxAttempts: 1 });
    const create = (VersionName: string, extra: Record<string, unknown>, ProjectArn: string) =>
      client.createProjectVersion({ ProjectArn, VersionName, OutputConfig: output, ...extra });
    expect(await failure(create("v1", {}, demoProjects("eu-west-1", "123456789012").customLabels))).toBeInstanceOf(ResourceNotFoundException);
    const { ProjectArn: adapters } = simulator.addProject({ ProjectName: "my-adapters", Feature: "CONTENT_MODERATION" });
    expect(adapters).toBe(`arn:aws:rekognition:eu-west-1:123456789012:project/my-adapters/${START}`);
    expect(await failure(create("v1", { FeatureConfig: { ContentModeration: {} } }, adapters))).toBeUndefined();
    const { ProjectArn: datasets } = simulator.addProject({ ProjectName: "p2", Datasets: true });
    expect(simulator.state().projects.map(({ ProjectArn, Feature, Datasets }) => [ProjectArn, Feature, Datasets])).toEqual([
      [adapters, "CONTENT_MODERATION", false],
      [datasets, "CUSTOM_LABELS", true],
    ]);
    const manifests = { TrainingData: { Assets: [] }, TestingData: { AutoCreate: true } };
    expect(await failure(create("v1", manifests, datasets))).toBeInstanceOf(InvalidParameterException);
    expect(() => simulator.addProject({ ProjectName: "bad name" })).toThrow(new ControlPlaneError(400, "ProjectName must be 1 to 255 letters, digits, _ . -"));
    expect(() => simulator.addProject({ ProjectName: "p2" })).toThrow(/already exists/);
    expect(() => simulator.addProject({ ProjectName: "p3", Feature: "FACES" as "CUSTOM_LABELS" })).toThrow(
      'Feature must be ("CUSTOM_LABELS" | "CONTENT_MODERATION"), got "FACES"',
    );
  });

  test("the demo projects: their ARNs in the default region and account, and in any other", () => {
    expect(DEMO_PROJECTS).toEqual({
      customLabels: "arn:aws:rekognition:us-east-1:111122223333:project/demo-custom-labels/1700000000000",
      moderation: "arn:aws:rekognition:us-east-1:111122223333:project/demo-moderation/1700000000001",
      withDatasets: "arn:aws:rekognition:us-east-1:111122223333:project/demo-with-datasets/1700000000002",
    });
    expect(demoProjects("eu-west-1", "123456789012").withDatasets).toBe("arn:aws:rekognition:eu-west-1:123456789012:project/demo-with-datasets/1700000000002");
    expect(new RekognitionSimulator().state().projects.map(({ ProjectArn }) => ProjectArn)).toEqual(Object.values(DEMO_PROJECTS));
  });
});

describe("training on the simulator's clock", () => {
  test("BillableTrainingTimeInSeconds is whole seconds, a fraction rounded up", async () => {
    const { create, client, clock } = setup({ trainingSeconds: 1.25 });
    await create("v1");
    clock.advance(1_250);
    const [done] = (await client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: ["v1"] })).ProjectVersionDescriptions!;
    expect([done!.Status, done!.BillableTrainingTimeInSeconds, done!.TrainingEndTimestamp]).toEqual(["TRAINING_COMPLETED", 2, new Date(START + 1_250)]);
  });

  test("TRAINING_IN_PROGRESS until trainingSeconds pass, then TRAINING_COMPLETED with the results", async () => {
    const { create, client, clock } = setup({ trainingSeconds: 90 });
    await create("v1");
    const describeV1 = async () =>
      (await client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: ["v1"] })).ProjectVersionDescriptions![0]!;
    const training = await describeV1();
    expect(training.Status).toBe("TRAINING_IN_PROGRESS");
    expect(training.StatusMessage).toBe("The model is being trained.");
    expect(training.CreationTimestamp).toEqual(new Date(START));
    for (const absent of ["EvaluationResult", "BillableTrainingTimeInSeconds", "TrainingEndTimestamp"]) expect(training).not.toHaveProperty(absent);
    clock.advance(89_999);
    expect((await describeV1()).Status).toBe("TRAINING_IN_PROGRESS");
    clock.advance(1);
    const done = await describeV1();
    expect(done.Status).toBe("TRAINING_COMPLETED");
    expect(done.TrainingEndTimestamp).toEqual(new Date(START + 90_000));
    expect(done.BillableTrainingTimeInSeconds).toBe(90);
    expect(done.EvaluationResult!.F1Score).toBeGreaterThan(0.8);
    expect(done.EvaluationResult!.F1Score).toBeLessThan(1);
    expect(done.EvaluationResult!.Summary!.S3Object).toEqual({
      Bucket: "amzn-s3-demo-bucket",
      Name: "results/demo-custom-labels.v1/EvaluationResultSummary-demo-custom-labels-v1.json",
    });
    expect(done.OutputConfig).toEqual(output);
    expect(done.TrainingDataResult!.Output!.Assets![0]!.GroundTruthManifest!.S3Object!.Bucket).toBe("amzn-s3-demo-bucket");
    expect(done.Feature).toBe("CUSTOM_LABELS");
  });

  test("a VersionName starting fixture-TrainingFailed ends in TRAINING_FAILED with a StatusMessage and no results", async () => {
    const { create, client, clock } = setup();
    await create("fixture-TrainingFailed-1");
    clock.advance(60_000);
    const [failed] = (await client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels })).ProjectVersionDescriptions!;
    expect(failed!.Status).toBe("TRAINING_FAILED");
    expect(failed!.StatusMessage).toBe("The manifest file contains too many invalid data rows.");
    expect(failed!.TrainingEndTimestamp).toEqual(new Date(START + 60_000));
    expect(failed).not.toHaveProperty("EvaluationResult");
    expect(failed).not.toHaveProperty("BillableTrainingTimeInSeconds");
  });

  test("changing trainingSeconds affects versions created afterwards only", async () => {
    const { create, simulator, clock } = setup({ trainingSeconds: 10 });
    await create("short");
    simulator.trainingSeconds = 100;
    await create("long");
    clock.advance(10_000);
    expect(simulator.versions(DEMO_PROJECTS.customLabels).map(({ status }) => status)).toEqual(["TRAINING_IN_PROGRESS", "TRAINING_COMPLETED"]);
    expect(() => (simulator.trainingSeconds = -1)).toThrow(RangeError);
  });

  test("the description carries what the caller gave: KmsKeyId, VersionDescription, manifests", async () => {
    const { create, client } = setup();
    const asset = { GroundTruthManifest: { S3Object: { Bucket: "amzn-s3-demo-bucket", Name: "train.manifest" } } };
    await create("v1", {
      KmsKeyId: "alias/training",
      VersionDescription: "First (baseline)",
      TrainingData: { Assets: [asset] },
      TestingData: { AutoCreate: true },
    });
    const [description] = (await client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels })).ProjectVersionDescriptions!;
    expect(description).toMatchObject({ KmsKeyId: "alias/training", VersionDescription: "First (baseline)" });
    expect(description!.TrainingDataResult!.Input).toEqual({ Assets: [asset] });
    expect(description!.TestingDataResult!.Input).toEqual({ AutoCreate: true });
  });
});

describe("DescribeProjectVersions", () => {
  async function seven() {
    const context = setup();
    for (let i = 1; i <= 7; i++) {
      await context.create(`v${i}`);
      context.clock.advance(1_000);
    }
    return context;
  }

  test("newest first; VersionNames filters; an unknown name gives an empty list", async () => {
    const { client } = await seven();
    const all = await client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels });
    expect(all.ProjectVersionDescriptions!.map(({ ProjectVersionArn }) => ProjectVersionArn!.split("/")[3])).toEqual([
      "v7",
      "v6",
      "v5",
      "v4",
      "v3",
      "v2",
      "v1",
    ]);
    expect(all.NextToken).toBeUndefined();
    const some = await client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: ["v2", "v5", "nope"] });
    expect(some.ProjectVersionDescriptions!.map(({ ProjectVersionArn }) => ProjectVersionArn!.split("/")[3])).toEqual(["v5", "v2"]);
    expect((await client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: ["nope"] })).ProjectVersionDescriptions).toEqual([]);
  });

  test("MaxResults and NextToken page through every version once, even when versions are created between pages", async () => {
    const { client, create } = await seven();
    const names: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels, MaxResults: 3, ...(NextToken ? { NextToken } : {}) });
      names.push(...page.ProjectVersionDescriptions!.map(({ ProjectVersionArn }) => ProjectVersionArn!.split("/")[3]!));
      NextToken = page.NextToken;
      if (++pages === 1) await create("v8"); // newer than the cursor: not part of this listing
    } while (NextToken);
    expect(pages).toBe(3);
    expect(names).toEqual(["v7", "v6", "v5", "v4", "v3", "v2", "v1"]);
  });

  test("a token is bound to its listing; an unknown one is InvalidPaginationTokenException", async () => {
    const { client, raw } = await seven();
    const first = await client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels, MaxResults: 2 });
    const token = first.NextToken!;
    expect(token).toBeString();
    expect((await client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels, MaxResults: 2, NextToken: token })).ProjectVersionDescriptions)
      .toHaveLength(2);
    const refused = [
      { ProjectArn: DEMO_PROJECTS.customLabels, NextToken: "made-up" },
      { ProjectArn: DEMO_PROJECTS.moderation, NextToken: token },
      { ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: ["v1"], NextToken: token },
    ];
    for (const input of refused) expect(await failure(client.describeProjectVersions(input))).toBeInstanceOf(InvalidPaginationTokenException);
    await expectModeledError(await raw("DescribeProjectVersions", refused[0]), 400, "InvalidPaginationTokenException");
  });

  test("unknown project: ResourceNotFoundException; MaxResults outside 1..100: InvalidParameterException", async () => {
    const { client, raw } = setup();
    expect(await failure(client.describeProjectVersions({ ProjectArn: "arn:aws:rekognition:us-east-1:111122223333:project/nope/1" }))).toBeInstanceOf(
      ResourceNotFoundException,
    );
    for (const MaxResults of [0, 101, 1.5]) {
      const message = await expectModeledError(
        await raw("DescribeProjectVersions", { ProjectArn: DEMO_PROJECTS.customLabels, MaxResults }),
        400,
        "InvalidParameterException",
      );
      expect(message).toContain("MaxResults");
    }
  });
});

describe("protocol", () => {
  test("every answer carries x-amzn-RequestId and the simulator's Date, errors and successes alike", async () => {
    const { raw, simulator, clock } = setup();
    clock.advance(123_000);
    const answers = [
      await raw("CreateProjectVersion", { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1", OutputConfig: output }),
      await raw("CreateProjectVersion", { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1", OutputConfig: output }),
      await raw("DescribeProjectVersions", { ProjectArn: DEMO_PROJECTS.customLabels }),
      await raw("DeleteProject", {}),
      await simulator.handle(new Request("https://rekognition.us-east-1.amazonaws.com/", { method: "POST", body: "{}" })),
    ];
    expect(answers.map(({ status }) => status)).toEqual([200, 400, 200, 400, 400]);
    const ids = answers.map((answer) => answer.headers.get("x-amzn-requestid"));
    expect(new Set(ids).size).toBe(answers.length);
    for (const answer of answers) {
      expect(answer.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.headers.get("date")).toBe(new Date(START + 123_000).toUTCString());
      expect(answer.headers.get("content-type")).toBe("application/x-amz-json-1.1");
      expect(answer.headers.has("x-amzn-errortype")).toBe(false);
    }
  });

  test("unknown or missing X-Amz-Target: UnknownOperationException", async () => {
    const { simulator, clock } = setup();
    for (const target of ["RekognitionService.DeleteProject", "DynamoDB_20120810.ListTables", ""]) {
      const response = await simulator.handle(await signedRequest({ target, time: clock.now() }));
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ __type: "UnknownOperationException" });
    }
  });

  test("a body that is not a JSON object: SerializationException", async () => {
    const { raw } = setup();
    for (const body of ['{"ProjectArn":', "[1,2]", "null", '"text"']) {
      const response = await raw("CreateProjectVersion", body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ __type: "SerializationException", message: expect.any(String) });
    }
  });

  test("auth failures answer as AWS does (400, __type and lower-case message)", async () => {
    const { simulator, clock } = setup();
    const expired = await simulator.handle(
      await signedRequest({ operation: "DescribeProjectVersions", body: { ProjectArn: DEMO_PROJECTS.customLabels }, time: clock.now() - 16 * 60_000 }),
    );
    expect(expired.status).toBe(400);
    const body = await expired.json();
    expect(body).toEqual({
      __type: "InvalidSignatureException",
      message: expect.stringMatching(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/),
    });
    expect(expired.headers.get("date")).toBe(new Date(clock.now()).toUTCString());
    const unsigned = await simulator.handle(
      new Request("http://127.0.0.1/", { method: "POST", headers: { "x-amz-target": "RekognitionService.DescribeProjectVersions" }, body: "{}" }),
    );
    expect([unsigned.status, await unsigned.json()]).toEqual([400, { __type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" }]);
  });

  test("our client corrects its clock from the Signature expired answer's Date header and succeeds", async () => {
    const clock = new VirtualClock({ start: START });
    const simulator = new RekognitionSimulator({ clock: new VirtualClock({ start: START + 30 * 60_000 }) });
    const client = new RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, fetch: simulator.fetch, clock, maxAttempts: 1 });
    const output = await client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels });
    expect(output.$metadata.attempts).toBe(2);
  });

  test("credentials given replace the default; onRequest sees every answer", async () => {
    const events: unknown[] = [];
    const clock = new VirtualClock({ start: START });
    const simulator = new RekognitionSimulator({
      clock,
      credentials: [{ accessKeyId: "AKIAOTHER", secretAccessKey: "other-secret" }],
      onRequest: (event) => events.push(event),
    });
    const answer = await simulator.handle(
      await signedRequest({ operation: "DescribeProjectVersions", body: { ProjectArn: DEMO_PROJECTS.customLabels }, time: START }),
    );
    expect((await answer.json()).__type).toBe("UnrecognizedClientException");
    const other = { accessKeyId: "AKIAOTHER", secretAccessKey: "other-secret" };
    const ok = await simulator.handle(
      await signedRequest({ operation: "DescribeProjectVersions", body: { ProjectArn: DEMO_PROJECTS.customLabels }, time: START, credentials: other }),
    );
    expect(ok.status).toBe(200);
    expect(events).toEqual([
      { method: "POST", operation: "DescribeProjectVersions", status: 400, requestId: expect.any(String) },
      { method: "POST", operation: "DescribeProjectVersions", status: 200, requestId: ok.headers.get("x-amzn-requestid") },
    ]);
  });
});

describe("triggers: any client reaches every scenario with its request body", () => {
  const triggers = Object.values(SCENARIOS).filter((scenario) => scenario.request.body !== undefined) as Scenario[];

  test("each trigger answers its scenario, with this request's own id, a fresh Logref and the simulator's Date, and creates nothing", async () => {
    const { raw, simulator, clock } = setup();
    const ids: string[] = [];
    for (const scenario of triggers) {
      const response = await raw(scenario.request.operation, scenarioInput(scenario));
      expect([scenario.name, response.status]).toEqual([scenario.name, scenario.response.status]);
      for (const [name, value] of Object.entries(scenario.response.headers)) {
        if (name.toLowerCase() !== "x-amzn-requestid") expect(response.headers.get(name)).toBe(value);
        else ids.push(response.headers.get(name)!);
      }
      expect(response.headers.get("date")).toBe(new Date(clock.now()).toUTCString());
      const text = await response.text();
      const body = scenario.response.body as Record<string, unknown> | undefined;
      if (typeof body?.Logref !== "string") expect([scenario.name, text]).toEqual([scenario.name, scenarioBodyText(scenario)]);
      else {
        const answered = JSON.parse(text);
        expect(answered).toEqual({ ...body, Logref: expect.stringMatching(UUID) });
        ids.push(answered.Logref);
      }
    }
    expect(ids.every((id) => UUID.test(id))).toBe(true);
    const fromFiles = triggers.flatMap((
      scenario,
    ) => [scenario.response.headers["x-amzn-RequestId"], (scenario.response.body as { Logref?: string } | undefined)?.Logref]);
    expect(new Set([...ids, ...fromFiles.filter(Boolean)]).size).toBe(ids.length + fromFiles.filter(Boolean).length); // all fresh, all different
    expect(simulator.versions(DEMO_PROJECTS.customLabels)).toEqual([]);
  });

  test("fixture-<ExceptionName> for each of the 9 CreateProjectVersion exceptions, through our client", async () => {
    const { create } = setup();
    const names = [
      "AccessDeniedException",
      "InternalServerError",
      "InvalidParameterException",
      "LimitExceededException",
      "ProvisionedThroughputExceededException",
      "ResourceInUseException",
      "ResourceNotFoundException",
      "ServiceQuotaExceededException",
      "ThrottlingException",
    ];
    for (const name of names) {
      const error = (await failure(create(`fixture-${name}`))) as Error;
      expect(error.name).toBe(name);
    }
    expect(await failure(create("fixture-ThrottlingException"))).toBeInstanceOf(ThrottlingException);
  });

  test("triggers still need a valid signature", async () => {
    const { simulator, clock } = setup();
    const request = await signedRequest({
      body: { VersionName: "fixture-ThrottlingException" },
      time: clock.now(),
      credentials: { ...SIMULATOR_CREDENTIALS, secretAccessKey: "wrong" },
    });
    expect((await (await simulator.handle(request)).json()).__type).toBe("InvalidSignatureException");
  });
});

describe("lost answers", () => {
  test("loseNextAnswer: the version is created, fetch rejects like a dropped connection, the name is then in use", async () => {
    const { simulator, create } = setup();
    simulator.loseNextAnswer();
    const lost = await failure(create("v1"));
    expect(lost).toBeInstanceOf(NetworkError);
    expect((lost as Error).message).toContain("lost answer");
    expect(simulator.versions(DEMO_PROJECTS.customLabels).map(({ name }) => name)).toEqual(["v1"]);
    expect(await failure(create("v1"))).toBeInstanceOf(ResourceInUseException);
    expect(await failure(create("v2"))).toBeUndefined(); // only the next one
  });

  test("handle() returns Response.error() for a lost answer", async () => {
    const { simulator, clock } = setup();
    simulator.loseNextAnswer();
    const response = await simulator.handle(
      await signedRequest({ body: { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1", OutputConfig: output }, time: clock.now() }),
    );
    expect(response.type).toBe("error");
  });

  test("a versionName filter and times: only matching creates lose their answer, that many times", async () => {
    const { simulator, create } = setup();
    simulator.loseNextAnswer({ versionName: "target", times: 2 });
    expect(await failure(create("other"))).toBeUndefined();
    expect(await failure(create("target"))).toBeInstanceOf(NetworkError);
    expect(await failure(create("target", {}, DEMO_PROJECTS.moderation))).toBeInstanceOf(NetworkError);
    expect(await failure(create("target", {}, DEMO_PROJECTS.withDatasets))).toBeUndefined();
    expect(await failure(create("refused", {}, "arn:aws:rekognition:us-east-1:111122223333:project/nope/1"))).toBeInstanceOf(ResourceNotFoundException);
  });

  test("our client retries, meets ResourceInUseException and reconciles: the version it created is returned", async () => {
    const { simulator, create } = setup({}, 3);
    simulator.loseNextAnswer();
    const output = await create("v1");
    expect(output.ProjectVersionArn).toBe(simulator.versions(DEMO_PROJECTS.customLabels)[0]!.arn);
    expect(output.$metadata.reconciled).toBe(true);
    expect(simulator.versions(DEMO_PROJECTS.customLabels)).toHaveLength(1);
  });

  test("VersionName fixture-LostAnswer…: any client can lose the first answer", async () => {
    const { create, simulator } = setup();
    expect(await failure(create("fixture-LostAnswer-1"))).toBeInstanceOf(NetworkError);
    expect(await failure(create("fixture-LostAnswer-1"))).toBeInstanceOf(ResourceInUseException);
    expect(simulator.versions(DEMO_PROJECTS.customLabels)).toHaveLength(1);
  });
});

test("concurrent creates with colliding names: every name exists once, nothing lost or duplicated", async () => {
  const { simulator, clock } = setup();
  const names = Array.from({ length: 40 }, (_, i) => `v${i}`);
  const requests = await Promise.all(
    Array.from(
      { length: 400 },
      (_, i) =>
        signedRequest({ body: { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: names[i % names.length], OutputConfig: output }, time: clock.now() }),
    ),
  );
  const answers = await Promise.all(requests.map((request) => simulator.handle(request)));
  const statuses = answers.map(({ status }) => status);
  expect(statuses.filter((status) => status === 200)).toHaveLength(names.length);
  expect(statuses.filter((status) => status === 400)).toHaveLength(400 - names.length);
  const arns = await Promise.all(answers.filter(({ status }) => status === 200).map(async (answer) => (await answer.json()).ProjectVersionArn as string));
  const versions = simulator.versions(DEMO_PROJECTS.customLabels);
  expect(versions.map(({ name }) => name).sort()).toEqual([...names].sort());
  expect(new Set(versions.map(({ arn }) => arn))).toEqual(new Set(arns));
});
