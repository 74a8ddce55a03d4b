/**
 * Where the harness is exactly as strict as Rekognition (issue 10, section 2;
 * evidence: WIRE-SAMPLES, cited by finding number): the 5-minute signature window and its texts,
 * the region of the signature, `POST /` only, null members, the content
 * type, request ids and Logrefs on every answer, triggers after
 * authentication and validation, the Assets rule, repeated headers. Each
 * point is checked through the simulator and, where HTTP itself is the
 * point, through the server on a raw socket.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { VirtualClock } from "../harness/clock.ts";
import { type RunningServer, startNodeServer } from "../harness/node/server.ts";
import { SCENARIOS } from "../fixtures/scenarios.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { JSON_1_1 } from "../src/protocol.ts";
import { SigningKeyCache, signRequest } from "../src/signer.ts";
import { parseHttp, rawExchange, scenarioInput, signedRequest } from "./fixtures-helpers.ts";

const START = Date.UTC(2026, 2, 1, 9, 0, 0);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PROJECT = DEMO_PROJECTS.customLabels;
const output = { S3Bucket: "amzn-s3-demo-bucket" };
const createInput = (VersionName: string, extra: Record<string, unknown> = {}) => ({ ProjectArn: PROJECT, VersionName, OutputConfig: output, ...extra });

function setup() {
  const clock = new VirtualClock({ start: START });
  const simulator = new RekognitionSimulator({ clock, trainingSeconds: 60 });
  const raw = async (operation: string, body: unknown, options: { time?: number; region?: string } = {}) =>
    simulator.handle(await signedRequest({ operation, body, time: options.time ?? START, ...(options.region ? { region: options.region } : {}) }));
  return { simulator, raw };
}

async function typeAndMessage(response: Response) {
  const body = await response.json();
  return [response.status, body.__type, body.message ?? body.Message];
}

describe("signatures", () => {
  test("more than 5 minutes off the service's clock: refused with Rekognition's texts (WIRE-SAMPLES finding 6, S11, S12)", async () => {
    const { raw } = setup();
    const describe = { ProjectArn: PROJECT };
    expect(await typeAndMessage(await raw("DescribeProjectVersions", describe, { time: START - 6 * 60_000 }))).toEqual([
      400,
      "InvalidSignatureException",
      "Signature expired: 20260301T085400Z is now earlier than 20260301T085500Z (20260301T090000Z - 5 min.)",
    ]);
    expect(await typeAndMessage(await raw("DescribeProjectVersions", describe, { time: START + 6 * 60_000 }))).toEqual([
      400,
      "InvalidSignatureException",
      "Signature not yet current: 20260301T090600Z is still later than 20260301T090500Z (20260301T090000Z + 5 min.)",
    ]);
    for (const offset of [-5 * 60_000, 5 * 60_000]) expect((await raw("DescribeProjectVersions", describe, { time: START + offset })).status).toBe(200);
  });

  test("the fixture-SignatureExpired scenario says the same 5-minute text", async () => {
    const { raw } = setup();
    const answer = await raw("CreateProjectVersion", createInput("fixture-SignatureExpired"));
    expect((await answer.json()).message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
  });

  test("signed for another region than the server's: InvalidSignatureException naming the region signed for", async () => {
    const { raw } = setup();
    expect(await typeAndMessage(await raw("DescribeProjectVersions", { ProjectArn: PROJECT }, { region: "eu-west-1" }))).toEqual([
      400,
      "InvalidSignatureException",
      "Credential should be scoped to a valid region, not 'eu-west-1'. ",
    ]);
    const elsewhere = new RekognitionSimulator({ clock: new VirtualClock({ start: START }), region: "eu-west-1", seedDemoProjects: false });
    const answer = await elsewhere.handle(await signedRequest({ operation: "DescribeProjectVersions", body: { ProjectArn: PROJECT }, time: START }));
    expect((await answer.json()).message).toBe("Credential should be scoped to a valid region, not 'us-east-1'. ");
  });
});

describe("only POST / is the API", () => {
  test("another path or method answers as WIRE-SAMPLES S16 shows: 403 MissingAuthenticationTokenException in XML, signed or not", async () => {
    const { simulator } = setup();
    const requests = [
      new Request("https://rekognition.us-east-1.amazonaws.com/"),
      new Request("https://rekognition.us-east-1.amazonaws.com/DetectText", { method: "OPTIONS" }),
      await signedRequest({
        url: "https://rekognition.us-east-1.amazonaws.com/DescribeProjectVersions",
        operation: "DescribeProjectVersions",
        body: { ProjectArn: PROJECT },
        time: START,
      }),
    ];
    for (const request of requests) {
      const response = await simulator.handle(request);
      expect([request.method, new URL(request.url).pathname, response.status]).toEqual([request.method, new URL(request.url).pathname, 403]);
      expect(await response.text()).toContain(
        "<MissingAuthenticationTokenException>\n  <Message>Missing Authentication Token</Message>\n</MissingAuthenticationTokenException>",
      );
      expect(response.headers.get("x-amzn-requestid")).toMatch(UUID);
    }
    expect(simulator.requests().map(({ response }) => response)).toEqual(Array(3).fill({ status: 403, errorType: "MissingAuthenticationTokenException" }));
  });
});

describe("the request body", () => {
  test("null members are read as absent (Smithy AwsJson11ServersDontDeserializeNullStructureValues)", async () => {
    const { raw, simulator } = setup();
    const withNulls = createInput("v1", {
      KmsKeyId: null,
      TrainingData: null,
      TestingData: null,
      Tags: null,
      OutputConfig: { S3Bucket: "amzn-s3-demo-bucket", S3KeyPrefix: null },
    });
    const answer = await raw("CreateProjectVersion", withNulls);
    expect(answer.status).toBe(200);
    const described = await (await raw("DescribeProjectVersions", { ProjectArn: PROJECT, VersionNames: ["v1"], NextToken: null, MaxResults: null })).json();
    const [version] = described.ProjectVersionDescriptions;
    expect(version.OutputConfig).toEqual({ S3Bucket: "amzn-s3-demo-bucket" });
    expect(version).not.toHaveProperty("KmsKeyId");
    expect(simulator.versions(PROJECT)).toHaveLength(1);
    // A required member sent as null is missing.
    const missing = await raw("CreateProjectVersion", createInput("v2", { VersionName: null }));
    expect(await typeAndMessage(missing)).toEqual([400, "InvalidParameterException", "Request has invalid parameters: VersionName is required"]);
  });

  test("without Content-Type: application/x-amz-json-1.1 it is not answered as a normal call", async () => {
    const { simulator } = setup();
    for (const contentType of [undefined, "application/json", "text/plain"]) {
      const body = JSON.stringify(createInput(`v-${contentType ?? "none"}`.replace(/\W/g, "-")));
      const headers: Record<string, string> = {
        "x-amz-target": "RekognitionService.CreateProjectVersion",
        ...(contentType ? { "content-type": contentType } : {}),
      };
      const url = "https://rekognition.us-east-1.amazonaws.com/";
      const signed = await signRequest({
        url,
        headers,
        body,
        credentials: SIMULATOR_CREDENTIALS,
        region: "us-east-1",
        service: "rekognition",
        date: new Date(START),
        keys: new SigningKeyCache(),
      });
      if (!contentType) signed.delete("content-type");
      const response = await simulator.handle(new Request(url, { method: "POST", headers: signed, body }));
      expect([contentType, response.status, await response.json()]).toEqual([contentType, 400, { __type: "UnknownOperationException" }]);
    }
    expect(simulator.versions(PROJECT)).toEqual([]);
    // Parameters of the media type are fine.
    const response = await simulator.handle(
      await signedRequest({ body: createInput("v1"), time: START, headers: { "content-type": `${JSON_1_1}; charset=utf-8` } }),
    );
    expect(response.status).toBe(200);
  });

  test("TrainingData/TestingData: Assets may be omitted only for TestingData with AutoCreate (SPEC §3); {} for both is refused", async () => {
    const { raw, simulator } = setup();
    const asset = { GroundTruthManifest: { S3Object: { Bucket: "amzn-s3-demo-bucket", Name: "train.manifest" } } };
    const refused = [
      [{ TrainingData: {}, TestingData: {} }, ["TrainingData.Assets", "TestingData.Assets"]],
      [{ TrainingData: { Assets: [asset] }, TestingData: {} }, ["TestingData.Assets"]],
      [{ TrainingData: { Assets: [asset] }, TestingData: { AutoCreate: false } }, ["TestingData.Assets"]],
      [{ TrainingData: {}, TestingData: { AutoCreate: true } }, ["TrainingData.Assets"]],
    ] as const;
    for (const [i, [manifests, members]] of refused.entries()) {
      const [status, type, message] = await typeAndMessage(await raw("CreateProjectVersion", createInput(`r${i}`, manifests)));
      expect([JSON.stringify(manifests), status, type]).toEqual([JSON.stringify(manifests), 400, "InvalidParameterException"]);
      expect([...String(message).matchAll(/\w+\.Assets/g)].map(([member]) => member)).toEqual([...members]);
    }
    for (
      const [i, manifests] of [{ TrainingData: { Assets: [asset] }, TestingData: { AutoCreate: true } }, {
        TrainingData: { Assets: [asset] },
        TestingData: { Assets: [asset] },
      }].entries()
    ) {
      expect((await raw("CreateProjectVersion", createInput(`ok${i}`, manifests))).status).toBe(200);
    }
    expect(simulator.versions(PROJECT).map(({ name }) => name)).toEqual(["ok1", "ok0"]);
  });
});

describe("every answer has its own request id, a Date, and (modeled errors) its own Logref", () => {
  test("trigger answers: this request's id and a fresh Logref, never the scenario file's", async () => {
    const { raw } = setup();
    const file = SCENARIOS["create-ThrottlingException"].response;
    const answers = [
      await raw("CreateProjectVersion", createInput("fixture-ThrottlingException")),
      await raw("CreateProjectVersion", createInput("fixture-ThrottlingException")),
    ];
    const ids = answers.map((answer) => answer.headers.get("x-amzn-requestid"));
    const logrefs = await Promise.all(answers.map(async (answer) => (await answer.json()).Logref));
    expect(new Set([...ids, ...logrefs, file.headers["x-amzn-RequestId"], (file.body as { Logref: string }).Logref]).size).toBe(6);
    for (const answer of answers) expect(answer.headers.get("date")).toBe(new Date(START).toUTCString());
  });

  test("an internal error: 500 InternalServerError with a request id, Date and Logref", async () => {
    const { simulator } = setup();
    const failing = new ReadableStream({ pull: (controller) => controller.error(new Error("the body broke")) });
    const response = await simulator.handle(
      new Request("https://rekognition.us-east-1.amazonaws.com/", { method: "POST", body: failing, duplex: "half" } as RequestInit),
    );
    const body = await response.json();
    expect([response.status, body.__type, body.Logref]).toEqual([500, "InternalServerError", expect.stringMatching(UUID)]);
    expect(response.headers.get("x-amzn-requestid")).toMatch(UUID);
    expect(response.headers.get("date")).toBe(new Date(START).toUTCString());
  });
});

describe("triggers are business errors: after authentication and validation", () => {
  test("a trigger in an invalid request: InvalidParameterException; for an unknown project: ResourceNotFoundException", async () => {
    const { raw } = setup();
    const invalid = await raw("CreateProjectVersion", { ProjectArn: PROJECT, VersionName: "fixture-ThrottlingException" }); // no OutputConfig
    expect((await invalid.json()).__type).toBe("InvalidParameterException");
    const unknown = "arn:aws:rekognition:us-east-1:111122223333:project/nope/1";
    expect((await (await raw("CreateProjectVersion", { ...createInput("fixture-ThrottlingException"), ProjectArn: unknown })).json()).__type).toBe(
      "ResourceNotFoundException",
    );
    expect((await (await raw("DescribeProjectVersions", { ProjectArn: unknown, VersionNames: ["fixture-TRAINING_COMPLETED"] })).json()).__type).toBe(
      "ResourceNotFoundException",
    );
    expect((await (await raw("DescribeProjectVersions", { ProjectArn: unknown, NextToken: "fixture-InvalidPaginationTokenException" })).json()).__type).toBe(
      "ResourceNotFoundException",
    );
    expect((await (await raw("DescribeProjectVersions", { ProjectArn: PROJECT, VersionNames: ["fixture-TRAINING_COMPLETED"], MaxResults: 0 })).json()).__type)
      .toBe("InvalidParameterException");
    expect((await (await raw("CreateProjectVersion", createInput("fixture-ThrottlingException"), { time: START - 3600_000 })).json()).__type).toBe(
      "InvalidSignatureException",
    );
  });

  test("describe triggers build their version ARNs from the project asked about", async () => {
    const { raw } = setup();
    for (const name of ["describe-training-in-progress", "describe-training-completed", "describe-training-failed"] as const) {
      const answer = await raw("DescribeProjectVersions", scenarioInput(SCENARIOS[name], DEMO_PROJECTS.moderation));
      const [version] = (await answer.json()).ProjectVersionDescriptions;
      expect(version.ProjectVersionArn).toMatch(
        /^arn:aws:rekognition:us-east-1:111122223333:project\/demo-moderation\/version\/fixture-TRAINING_[A-Z_]+\/\d+$/,
      );
    }
  });
});

describe("over HTTP: the server", () => {
  let server: RunningServer;
  let broken: RunningServer;
  beforeAll(async () => {
    server = await startNodeServer({ simulator: new RekognitionSimulator(), maxBodyBytes: 1024 });
    broken = await startNodeServer({ handler: () => Promise.reject(new Error("handler failed")) });
  });
  afterAll(async () => {
    await server.close();
    await broken.close();
  });

  const exchange = async (target: RunningServer, bytes: string) => (await rawExchange(target.port, bytes)).text;

  function expectFrontDoorError(answer: string, status: number, type: string) {
    const { status: answered, headers, body } = parseHttp(answer);
    expect([answered, JSON.parse(body).__type]).toEqual([status, type]);
    expect(headers["content-type"]).toBe(JSON_1_1);
    expect(headers["x-amzn-requestid"]).toMatch(UUID);
    expect(Math.abs(Date.parse(headers.date!) - Date.now())).toBeLessThan(60_000);
  }

  test("a malformed request line: a JSON 400 with a request id", async () => {
    expectFrontDoorError(await exchange(server, "THIS IS NOT HTTP\r\n\r\n"), 400, "BadRequestException");
  });

  test("a malformed Host: a JSON 400 with a request id, not a 500", async () => {
    const answer = await exchange(server, "POST / HTTP/1.1\r\nHost: bad host\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    expectFrontDoorError(answer, 400, "BadRequestException");
    expect(JSON.parse(parseHttp(answer).body).message).toContain("malformed Host");
  });

  test("a body over the limit: a JSON 413 with a request id", async () => {
    expectFrontDoorError(
      await exchange(server, `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2000\r\nConnection: close\r\n\r\n${"x".repeat(2000)}`),
      413,
      "RequestEntityTooLargeException",
    );
  });

  test("the body limit at its boundary: exactly maxBodyBytes reaches the handler, one byte more is a 413; counted over every chunk", async () => {
    const limit = 1024;
    const counting = await startNodeServer({
      maxBodyBytes: limit,
      handler: async (request) => new Response(`${(await request.arrayBuffer()).byteLength} bytes`),
    });
    try {
      const post = (length: number) =>
        exchange(counting, `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n${"x".repeat(length)}`);
      const chunked = (sizes: number[]) =>
        exchange(
          counting,
          `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${
            sizes.map((size) => `${size.toString(16)}\r\n${"y".repeat(size)}\r\n`).join("")
          }0\r\n\r\n`,
        );
      for (const answer of [await post(limit), await chunked([limit - 24, 24])]) {
        expect([parseHttp(answer).status, parseHttp(answer).body]).toEqual([200, `${limit} bytes`]);
      }
      expectFrontDoorError(await post(limit + 1), 413, "RequestEntityTooLargeException");
      expectFrontDoorError(await chunked([limit - 24, 25]), 413, "RequestEntityTooLargeException");
    } finally {
      await counting.close();
    }
  });

  test("a handler that fails: a JSON 500 with a request id", async () => {
    expectFrontDoorError(
      await exchange(broken, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"),
      500,
      "InternalFailure",
    );
  });

  test("a header sent on several lines is signed as SigV4 canonicalises it (get-header-key-duplicate): accepted", async () => {
    const body = JSON.stringify({ ProjectArn: PROJECT });
    const host = `127.0.0.1:${server.port}`;
    // Signed over the canonical value, sent as three lines.
    const headers = await signRequest({
      url: `${server.url}/`,
      headers: { "content-type": JSON_1_1, "x-amz-target": "RekognitionService.DescribeProjectVersions", "my-header1": "value2,value2,value1" },
      body,
      credentials: SIMULATOR_CREDENTIALS,
      region: "us-east-1",
      service: "rekognition",
      date: new Date(),
      keys: new SigningKeyCache(),
    });
    expect(headers.get("authorization")).toContain("my-header1");
    const lines = [...headers].filter(([name]) => name !== "my-header1" && name !== "host").map(([name, value]) => `${name}: ${value}\r\n`);
    const request = `POST / HTTP/1.1\r\nHost: ${host}\r\n${
      lines.join("")
    }My-Header1: value2\r\nMy-Header1:   value2 \r\nMy-Header1: value1\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
    const answer = parseHttp(await exchange(server, request));
    expect([answer.status, JSON.parse(answer.body)]).toEqual([200, { ProjectVersionDescriptions: [] }]);
  });
});
