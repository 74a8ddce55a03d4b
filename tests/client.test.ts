/** The client's one path: serialization, signing, retries, timeouts, cancellation, response validation. */
import { describe, expect, test } from "bun:test";
import { AwsV4Signer } from "aws4fetch";
import {
  AccessDeniedException,
  backoffDelay,
  type CreateProjectVersionInput,
  InternalServerError,
  isRetryable,
  LimitExceededException,
  MalformedResponseError,
  NetworkError,
  RekognitionClient,
  type RekognitionClientConfig,
  RekognitionServiceException,
  RequestTimeoutError,
  ResourceInUseException,
  ThrottlingException,
  ValidationError,
} from "../mod.ts";
import { VirtualClock } from "../harness/clock.ts";
import { isRetryableFailure } from "../src/retry.ts";
import { SigningKeyCache, signRequest } from "../src/signer.ts";
import {
  awsError,
  created,
  EXAMPLE_CREDENTIALS,
  exampleInput,
  fullInput,
  inspectAll,
  jsonAnswer,
  PROJECT_ARN,
  scriptedTransport,
  SESSION_TOKEN,
  testClient,
  VERSION_ARN,
} from "./helpers.ts";

/** A transport answer that never comes, whatever the signal says. */
const never = () => new Promise<Response>(() => {});

describe("serialization", () => {
  test("POST / with the JSON 1.1 headers and a body of exactly the members given", async () => {
    const { fetch, requests } = scriptedTransport(created());
    const { client } = testClient(fetch);
    const output = await client.createProjectVersion({ ...exampleInput(), KmsKeyId: undefined });
    expect(output.ProjectVersionArn).toBe(VERSION_ARN);
    const [request] = requests;
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe("https://rekognition.us-east-1.amazonaws.com/");
    expect([...request!.headers.keys()].sort()).toEqual([
      "amz-sdk-invocation-id",
      "amz-sdk-request",
      "authorization",
      "content-type",
      "x-amz-date",
      "x-amz-target",
    ]);
    expect(request!.headers.get("amz-sdk-invocation-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(request!.headers.get("amz-sdk-request")).toBe("attempt=1; max=3");
    expect(request!.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(request!.headers.get("x-amz-target")).toBe("RekognitionService.CreateProjectVersion");
    expect(JSON.parse(request!.body)).toEqual(exampleInput());
  });

  test("every member round-trips, including Unicode tags and float thresholds", async () => {
    const { fetch, requests } = scriptedTransport(created());
    const { client } = testClient(fetch);
    const input = { ...fullInput(), Tags: { "\u{1D49C}ключ": "значение 日本", empty: "" } };
    await client.createProjectVersion(input);
    expect(JSON.parse(requests[0]!.body)).toEqual(input);
  });

  test("DescribeProjectVersions uses its own target", async () => {
    const { fetch, requests } = scriptedTransport(jsonAnswer(200, { ProjectVersionDescriptions: [] }));
    const { client } = testClient(fetch);
    const output = await client.describeProjectVersions({ ProjectArn: PROJECT_ARN, MaxResults: 5 });
    expect(output.ProjectVersionDescriptions).toEqual([]);
    expect(requests[0]!.headers.get("x-amz-target")).toBe("RekognitionService.DescribeProjectVersions");
    expect(JSON.parse(requests[0]!.body)).toEqual({ ProjectArn: PROJECT_ARN, MaxResults: 5 });
  });

  test("bad input throws ValidationError and the transport is never called", async () => {
    let called = false;
    const { client } = testClient(async () => {
      called = true;
      return created();
    });
    for (const bad of [undefined, null, 42, {}, { ...exampleInput(), VersionName: "bad name" }]) {
      const error = await client.createProjectVersion(bad as never).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.length).toBeGreaterThan(0);
    }
    expect(called).toBe(false);
  });

  test("manifests the service refuses (TrainingData without Assets, TestingData without Assets or AutoCreate) throw a ValidationError naming the member; nothing is sent", async () => {
    const { fetch, requests } = scriptedTransport(created());
    const { client } = testClient(fetch);
    const asset = { GroundTruthManifest: { S3Object: { Bucket: "manifests", Name: "train.manifest" } } };
    const refused: [Partial<CreateProjectVersionInput>, string][] = [
      [
        { TrainingData: {}, TestingData: { Assets: [asset] } },
        "Invalid CreateProjectVersion input: TrainingData.Assets is required when TrainingData is given",
      ],
      [
        { TrainingData: { Assets: [asset] }, TestingData: { AutoCreate: false } },
        "Invalid CreateProjectVersion input: TestingData.Assets is required unless AutoCreate is true",
      ],
    ];
    for (const [manifests, message] of refused) {
      const error = await client.createProjectVersion({ ...exampleInput(), ...manifests }).catch((caught: unknown) => caught);
      expect([error instanceof ValidationError, (error as Error).message]).toEqual([true, message]);
    }
    expect(requests).toEqual([]);
    await client.createProjectVersion({ ...exampleInput(), TrainingData: { Assets: [asset] }, TestingData: { AutoCreate: true } });
    expect(JSON.parse(requests[0]!.body).TestingData).toEqual({ AutoCreate: true });
  });
});

describe("SigV4 signing", () => {
  const vectorDate = new Date("2015-08-30T12:36:00Z");

  // AWS's post-vanilla vector is signed with each hashing (WebCrypto, node:crypto, Bun) in tests/sha256.test.ts.

  test("a CreateProjectVersion request carries the signature an independent implementation computes", async () => {
    // Expected value computed with Python's hmac/hashlib from the SigV4 specification (not aws4fetch): canonical
    // headers amz-sdk-invocation-id (the UUID below), amz-sdk-request, host, x-amz-date, x-amz-security-token,
    // x-amz-target (as botocore and the JS SDK, the SDK headers are signed; content-type is not, as in aws4fetch);
    // body as below.
    const token =
      "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
    const { fetch, requests } = scriptedTransport(created());
    const client = new RekognitionClient({
      region: "us-east-1",
      credentials: { ...EXAMPLE_CREDENTIALS, sessionToken: token },
      fetch,
      clock: new VirtualClock({ start: vectorDate.getTime() }),
    });
    const { randomUUID } = crypto;
    crypto.randomUUID = () => "8f6a4b52-2f55-4d4e-9c31-6b1e0c1d2a3f";
    try {
      await client.createProjectVersion(exampleInput());
    } finally {
      crypto.randomUUID = randomUUID;
    }
    const { headers, body } = requests[0]!;
    expect(body).toBe(
      '{"ProjectArn":"arn:aws:rekognition:us-east-1:111122223333:project/my-project/1690474772815","VersionName":"1","OutputConfig":{"S3Bucket":"output_bucket","S3KeyPrefix":"output_folder"}}',
    );
    expect(headers.get("x-amz-date")).toBe("20150830T123600Z");
    expect(headers.get("x-amz-security-token")).toBe(token);
    expect(headers.get("authorization")).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/rekognition/aws4_request, " +
        "SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;host;x-amz-date;x-amz-security-token;x-amz-target, " +
        "Signature=88be3cea6ec9dd0ec27211c20765b2be2f2d057b2361ffb49d2c0ea99fc4d2b8",
    );
  });

  test("the cached signing key signs exactly as aws4fetch does, across days, regions and a new secret", async () => {
    const keys = new SigningKeyCache();
    const secrets = [EXAMPLE_CREDENTIALS.secretAccessKey, "another/secret+KEY"];
    for (const secretAccessKey of secrets) {
      for (
        const [iso, region] of [
          ["2026-01-01T23:59:59Z", "us-east-1"],
          ["2026-01-02T00:00:01Z", "us-east-1"],
          ["2026-01-02T00:00:02Z", "eu-west-1"],
          ["2026-01-01T12:00:00Z", "us-east-1"],
        ] as const
      ) {
        const request = {
          url: "https://rekognition.us-east-1.amazonaws.com/",
          headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "RekognitionService.CreateProjectVersion" },
          body: '{"a":1}',
        };
        const datetime = iso.replace(/[:-]/g, "");
        const reference = await new AwsV4Signer({ ...request, method: "POST", accessKeyId: "AKID", secretAccessKey, service: "rekognition", region, datetime })
          .sign();
        const ours = await signRequest({
          ...request,
          credentials: { accessKeyId: "AKID", secretAccessKey },
          region,
          service: "rekognition",
          date: new Date(iso),
          keys,
        });
        expect(ours.get("authorization")).toBe(reference.headers.get("authorization")!);
      }
    }
  });
});

describe("retries", () => {
  test("throttled twice, then created: three attempts, exponential jittered delays", async () => {
    const { fetch, requests } = scriptedTransport(awsError("ThrottlingException", 500), awsError("ProvisionedThroughputExceededException"), created());
    const { client, clock } = testClient(fetch);
    const output = await client.createProjectVersion(exampleInput());
    expect(requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([50, 100]); // random 0.5 × 100 ms × 2^(n-1)
    expect(output.$metadata).toEqual({ httpStatusCode: 200, requestId: "req-200", attempts: 3, totalRetryDelayMs: 150 });
  });

  const retried: [string, () => Response | Error][] = [
    ["ThrottlingException (500)", () => awsError("ThrottlingException", 500)],
    ["ProvisionedThroughputExceededException (400)", () => awsError("ProvisionedThroughputExceededException", 400)],
    ["InternalServerError (500)", () => awsError("InternalServerError", 500)],
    ["an unknown 503", () => new Response("Service Unavailable", { status: 503 })],
    ["a 429 without a type", () => new Response("", { status: 429 })],
    ["a connection reset", () => new TypeError("fetch failed: ECONNRESET")],
  ];
  for (const [what, answer] of retried) {
    test(`retries ${what}`, async () => {
      const { fetch, requests } = scriptedTransport(answer(), created());
      const { client } = testClient(fetch);
      expect((await client.createProjectVersion(exampleInput())).$metadata.attempts).toBe(2);
      expect(requests).toHaveLength(2);
    });
  }

  const notRetried = [
    "AccessDeniedException",
    "InvalidParameterException",
    "LimitExceededException",
    "ResourceNotFoundException",
    "ServiceQuotaExceededException",
    "ResourceInUseException",
    "UnrecognizedClientException",
  ];
  for (const type of notRetried) {
    test(`does not retry ${type}`, async () => {
      const { fetch, requests } = scriptedTransport(awsError(type));
      const { client } = testClient(fetch);
      const error = await client.createProjectVersion(exampleInput()).catch((caught: unknown) => caught);
      expect((error as Error).name).toBe(type);
      expect(requests).toHaveLength(1);
    });
  }

  test("gives up after maxAttempts with the last error and its metadata", async () => {
    const { fetch, requests } = scriptedTransport(...Array.from({ length: 4 }, () => awsError("ThrottlingException", 500)));
    const { client } = testClient(fetch, { maxAttempts: 4 });
    const error = (await client.createProjectVersion(exampleInput()).catch((caught: unknown) => caught)) as ThrottlingException;
    expect(error).toBeInstanceOf(ThrottlingException);
    expect(requests).toHaveLength(4);
    expect(error.$metadata).toEqual({ httpStatusCode: 500, requestId: "req-500", attempts: 4, totalRetryDelayMs: 50 + 100 + 200 });
  });

  test("maxAttempts 1 disables retries; a network error then surfaces as NetworkError", async () => {
    const { fetch, requests } = scriptedTransport(new TypeError("connect ECONNREFUSED 127.0.0.1:1"));
    const { client } = testClient(fetch, { maxAttempts: 1 });
    const error = (await client.createProjectVersion(exampleInput()).catch((caught: unknown) => caught)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(error.$metadata).toEqual({ attempts: 1, totalRetryDelayMs: 0 });
    expect(requests).toHaveLength(1);
  });

  test("isRetryable, and isRetryableFailure on the same errors as plain data: throttling, 5xx, 429, transport failures; nothing else", () => {
    const $metadata = (httpStatusCode?: number) => ({ attempts: 1, totalRetryDelayMs: 0, ...(httpStatusCode ? { httpStatusCode } : {}) });
    const unmodeled = (name: string, status: number) =>
      new RekognitionServiceException({ name, $fault: status >= 500 ? "server" : "client", $metadata: $metadata(status) });
    const cases: [Error, boolean][] = [
      [new ThrottlingException({ $metadata: $metadata(400) }), true],
      [unmodeled("TooManyRequestsException", 400), true], // a throttling type whatever its status
      [new InternalServerError({ $metadata: $metadata(500) }), true],
      [unmodeled("ServiceUnavailable", 503), true],
      [unmodeled("SomethingElse", 429), true],
      [unmodeled("SomethingElse", 499), false],
      [new AccessDeniedException({ $metadata: $metadata(400) }), false],
      [new LimitExceededException({ $metadata: $metadata(400) }), false], // a training slot frees in minutes
      [new ResourceInUseException({ $metadata: $metadata(400) }), false],
      [new NetworkError("socket hang up"), true],
      [new RequestTimeoutError("no answer"), true],
      [new MalformedResponseError("not JSON"), false],
      [new ValidationError("input", []), false],
      [new Error("anything"), false],
    ];
    for (const [error, retryable] of cases) {
      const data = JSON.parse(JSON.stringify({ ...error, name: error.name })) as Parameters<typeof isRetryableFailure>[0];
      expect([error.name, isRetryable(error), isRetryableFailure(error as never), isRetryableFailure(data)]).toEqual([
        error.name,
        retryable,
        retryable,
        retryable,
      ]);
    }
    // Only data says so: an error of another copy of the classes is judged by its members.
    expect(isRetryableFailure({ name: "InternalServerError", $fault: "server", $metadata: { httpStatusCode: 500 } })).toBe(true);
    expect(isRetryable({ name: "InternalServerError", $fault: "server", $metadata: { httpStatusCode: 500 } })).toBe(false);
  });

  test("backoff: full jitter under an exponential ceiling capped at 20 s", () => {
    expect(backoffDelay(1, () => 0.999)).toBe(99);
    expect(backoffDelay(3, () => 0.999)).toBe(399);
    expect(backoffDelay(9, () => 0.999)).toBe(19_980);
    expect(backoffDelay(30, () => 0.999)).toBe(19_980);
    expect(backoffDelay(5, () => 0)).toBe(0);
  });

  test("a ResourceInUseException after a lost answer is marked $ambiguous; a first-attempt one is not", async () => {
    const lost = scriptedTransport(awsError("InternalServerError", 500), awsError("ResourceInUseException"));
    const afterLoss =
      (await testClient(lost.fetch).client.createProjectVersion(exampleInput(), { reconcile: false }).catch((caught: unknown) =>
        caught
      )) as ResourceInUseException;
    expect(afterLoss).toBeInstanceOf(ResourceInUseException);
    expect(afterLoss.$ambiguous).toBe(true);
    expect(afterLoss.$metadata.attempts).toBe(2);

    const taken = scriptedTransport(awsError("ResourceInUseException"));
    const plain = (await testClient(taken.fetch).client.createProjectVersion(exampleInput()).catch((caught: unknown) => caught)) as ResourceInUseException;
    expect(plain).toBeInstanceOf(ResourceInUseException);
    expect(plain.$ambiguous).toBeUndefined();
    expect(taken.requests).toHaveLength(1);
  });
});

describe("reconciling a create whose answer was lost", () => {
  const describing = (created: Date) =>
    jsonAnswer(200, {
      ProjectVersionDescriptions: [{ ProjectVersionArn: VERSION_ARN, CreationTimestamp: created.getTime() / 1000, Status: "TRAINING_IN_PROGRESS" }],
    });

  test("returns the version when it was created after the call began", async () => {
    const clock = new VirtualClock();
    const { fetch, requests } = scriptedTransport(new TypeError("socket hang up"), awsError("ResourceInUseException"), () => describing(new Date(clock.now())));
    const client = new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, fetch, clock, random: () => 0.5 });
    const output = await client.createProjectVersion(exampleInput());
    expect(output.ProjectVersionArn).toBe(VERSION_ARN);
    expect(output.$metadata.reconciled).toBe(true);
    expect(output.$metadata.attempts).toBe(2);
    expect(JSON.parse(requests[2]!.body)).toEqual({ ProjectArn: PROJECT_ARN, VersionNames: ["1"] });
  });

  test("rethrows the ambiguous conflict when the version is older than the call", async () => {
    const clock = new VirtualClock();
    const { fetch } = scriptedTransport(
      new TypeError("socket hang up"),
      awsError("ResourceInUseException"),
      () => describing(new Date(clock.now() - 3_600_000)),
    );
    const client = new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, fetch, clock });
    const error = (await client.createProjectVersion(exampleInput()).catch((caught: unknown) => caught)) as ResourceInUseException;
    expect(error).toBeInstanceOf(ResourceInUseException);
    expect(error.$ambiguous).toBe(true);
  });

  test("with the service's clock measured from Date headers, 'after the call began' is judged on the service's clock", async () => {
    const clock = new VirtualClock();
    const serverAhead = 10 * 60_000;
    const serverDate = () => ({ date: new Date(clock.now() + serverAhead).toUTCString() });
    const run = async (createdOffsetMs: number) => {
      const { fetch } = scriptedTransport(
        jsonAnswer(500, { __type: "InternalServerError" }, serverDate()),
        awsError("ResourceInUseException"),
        () => describing(new Date(clock.now() + serverAhead + createdOffsetMs)),
      );
      const client = new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, fetch, clock, random: () => 0 });
      return client.createProjectVersion(exampleInput()).catch((caught: unknown) => caught);
    };
    // Created when the call began, by the service's clock (10 minutes ahead of ours): ours.
    expect(((await run(0)) as { $metadata: { reconciled?: boolean } }).$metadata.reconciled).toBe(true);
    // Created 3 minutes before the call began by the service's clock: not ours, although within 5 minutes of our clock's idea.
    const older = (await run(-3 * 60_000)) as ResourceInUseException;
    expect(older).toBeInstanceOf(ResourceInUseException);
    expect(older.$ambiguous).toBe(true);
  });

  // A Date header has whole seconds, so the service clock is known to about a second: the check allows 2 s.
  test("the measured service clock is trusted to 2 s: created 1.5 s before the call began is ours, 2.5 s before is not", async () => {
    const clock = new VirtualClock(); // on a whole second, as the Date header: the offset is measured exactly
    const serverAhead = 7 * 60_000;
    const run = async (createdBeforeStartMs: number) => {
      const startedAt = clock.now() + serverAhead; // the call's start, on the service's clock
      const { fetch } = scriptedTransport(
        jsonAnswer(500, { __type: "InternalServerError" }, { date: new Date(clock.now() + serverAhead).toUTCString() }),
        awsError("ResourceInUseException"),
        describing(new Date(startedAt - createdBeforeStartMs)),
      );
      const client = new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, fetch, clock, random: () => 0 });
      return client.createProjectVersion(exampleInput()).catch((caught: unknown) => caught) as Promise<{ $metadata: { reconciled?: true }; $ambiguous?: true }>;
    };
    expect((await run(1_500)).$metadata.reconciled).toBe(true);
    const older = await run(2_500);
    expect(older).toBeInstanceOf(ResourceInUseException);
    expect([older.$ambiguous, older.$metadata.reconciled]).toEqual([true, undefined]);
  });

  test("rethrows the ambiguous conflict when describing is denied", async () => {
    const { fetch } = scriptedTransport(new TypeError("socket hang up"), awsError("ResourceInUseException"), awsError("AccessDeniedException"));
    const error = (await testClient(fetch).client.createProjectVersion(exampleInput()).catch((caught: unknown) => caught)) as ResourceInUseException;
    expect(error).toBeInstanceOf(ResourceInUseException);
    expect(error.$ambiguous).toBe(true);
  });
});

describe("reconcile: { since }: a conflict on any attempt may be a version the caller made in an earlier call", () => {
  const describing = (created: number) =>
    jsonAnswer(200, { ProjectVersionDescriptions: [{ ProjectVersionArn: VERSION_ARN, CreationTimestamp: created / 1000, Status: "TRAINING_IN_PROGRESS" }] });
  type Outcome = { $metadata: { reconciled?: true; attempts: number }; $ambiguous?: true; ProjectVersionArn?: string };
  const settle = (promise: Promise<unknown>) => promise.catch((caught: unknown) => caught) as Promise<Outcome>;

  test("a first attempt's conflict is looked up: made at or after `since`, it resolves, reconciled, in one attempt", async () => {
    const { fetch, requests } = scriptedTransport(awsError("ResourceInUseException"), describing(Date.UTC(2026, 0, 1) - 60_000));
    const { client, clock } = testClient(fetch);
    const since = clock.now() - 60_000; // a minute ago, when an earlier call (whose answer was lost) began
    const output = await client.createProjectVersion(exampleInput(), { reconcile: { since } });
    expect(output.ProjectVersionArn).toBe(VERSION_ARN);
    expect(output.$metadata).toMatchObject({ reconciled: true, attempts: 1, httpStatusCode: 400 });
    expect(requests.map((request) => request.headers.get("x-amz-target"))).toEqual([
      "RekognitionService.CreateProjectVersion",
      "RekognitionService.DescribeProjectVersions",
    ]);
    expect(JSON.parse(requests[1]!.body)).toEqual({ ProjectArn: PROJECT_ARN, VersionNames: ["1"] });
  });

  // As the call's own start (the "trusted to 2 s" test above): the service clock measured from a Date header, 2 s allowed.
  test("`since` is judged on the measured service clock, trusted to 2 s: made 1.5 s before `since` is the caller's, 2.5 s before is not", async () => {
    const clock = new VirtualClock(); // on a whole second, as the Date header: the offset is measured exactly
    const serverAhead = -11 * 60_000;
    const since = clock.now() - 3_600_000; // an hour ago, on our clock
    const run = (createdBeforeSinceMs: number) => {
      const { fetch, requests } = scriptedTransport(
        jsonAnswer(400, { __type: "ResourceInUseException" }, { date: new Date(clock.now() + serverAhead).toUTCString() }),
        describing(since + serverAhead - createdBeforeSinceMs),
      );
      const client = new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, fetch, clock });
      return { outcome: settle(client.createProjectVersion(exampleInput(), { reconcile: { since } })), requests };
    };
    expect((await run(1_500).outcome).$metadata).toMatchObject({ reconciled: true, attempts: 1 });
    const { outcome, requests } = run(2_500);
    const older = await outcome;
    expect(older).toBeInstanceOf(ResourceInUseException);
    expect([older.$ambiguous, older.$metadata.reconciled]).toEqual([undefined, undefined]); // a first attempt's conflict: not ambiguous
    expect(requests).toHaveLength(2); // it was looked up
  });

  // No Date header seen: the service's clock is known only to the skew AWS tolerates (5 minutes).
  test("without a measured service clock, `since` allows 5 minutes: made 4.5 minutes before is the caller's, 5.5 minutes before is not", async () => {
    const run = async (createdBeforeSinceMs: number) => {
      const clock = new VirtualClock();
      const since = clock.now() - 3_600_000;
      const { fetch } = scriptedTransport(awsError("ResourceInUseException"), describing(since - createdBeforeSinceMs));
      const client = new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, fetch, clock });
      return settle(client.createProjectVersion(exampleInput(), { reconcile: { since } }));
    };
    expect((await run(4.5 * 60_000)).$metadata.reconciled).toBe(true);
    const older = await run(5.5 * 60_000);
    expect(older).toBeInstanceOf(ResourceInUseException);
    expect(older.$metadata.reconciled).toBeUndefined();
  });

  test("after a lost answer, `since` (not the call's start) decides: a version older than the call but after `since` is the caller's", async () => {
    const clock = new VirtualClock();
    const { fetch } = scriptedTransport(new TypeError("socket hang up"), awsError("ResourceInUseException"), describing(clock.now() - 30 * 60_000));
    const client = new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, fetch, clock, random: () => 0 });
    const output = await client.createProjectVersion(exampleInput(), { reconcile: { since: clock.now() - 40 * 60_000 } });
    expect(output.$metadata).toMatchObject({ reconciled: true, attempts: 2 });
    // The same answers without `since`: older than the call, so not claimed.
    const again = scriptedTransport(new TypeError("socket hang up"), awsError("ResourceInUseException"), describing(clock.now() - 30 * 60_000));
    const plain = await settle(
      new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, fetch: again.fetch, clock, random: () => 0 }).createProjectVersion(
        exampleInput(),
      ),
    );
    expect([plain instanceof ResourceInUseException, plain.$ambiguous]).toEqual([true, true]);
  });

  test("a look-up that fails transiently rejects with its error (calling again is safe); one that is denied, with the conflict", async () => {
    const since = Date.UTC(2026, 0, 1) - 60_000;
    const transient = scriptedTransport(awsError("ResourceInUseException"), awsError("ThrottlingException"));
    const throttled = await settle(testClient(transient.fetch, { maxAttempts: 1 }).client.createProjectVersion(exampleInput(), { reconcile: { since } }));
    expect(throttled).toBeInstanceOf(ThrottlingException);
    expect(transient.requests).toHaveLength(2);
    // With the default reconcile, the same failed look-up leaves the ambiguous conflict (a new call could not recognise the version).
    const byDefault = scriptedTransport(new TypeError("socket hang up"), awsError("ResourceInUseException"), awsError("ThrottlingException"));
    const conflict = await settle(testClient(byDefault.fetch, { maxAttempts: 2 }).client.createProjectVersion(exampleInput()));
    expect([conflict instanceof ResourceInUseException, conflict.$ambiguous]).toEqual([true, true]);
    // A look-up that cannot succeed by trying again proves nothing: the conflict.
    const denied = scriptedTransport(awsError("ResourceInUseException"), awsError("AccessDeniedException"));
    expect(await settle(testClient(denied.fetch).client.createProjectVersion(exampleInput(), { reconcile: { since } }))).toBeInstanceOf(ResourceInUseException);
  });

  test("other errors are thrown without a look-up, and a `since` that is not a number claims nothing", async () => {
    const limited = scriptedTransport(awsError("LimitExceededException"));
    expect(await settle(testClient(limited.fetch).client.createProjectVersion(exampleInput(), { reconcile: { since: 0 } }))).toMatchObject({
      name: "LimitExceededException",
    });
    expect(limited.requests).toHaveLength(1);
    const { fetch } = scriptedTransport(awsError("ResourceInUseException"), describing(Date.UTC(2026, 0, 1)));
    const error = await settle(testClient(fetch).client.createProjectVersion(exampleInput(), { reconcile: { since: Number.NaN } }));
    expect(error).toBeInstanceOf(ResourceInUseException);
    expect(error.$metadata.reconciled).toBeUndefined();
  });
});

describe("timeouts and cancellation", () => {
  test("requestTimeoutMs bounds each attempt, even when the transport ignores the signal", async () => {
    const { fetch, requests } = scriptedTransport(never, never);
    const { client } = testClient(fetch, { requestTimeoutMs: 20, maxAttempts: 2 });
    const error = (await client.createProjectVersion(exampleInput()).catch((caught: unknown) => caught)) as RequestTimeoutError;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain("20 ms");
    expect(error.$metadata.attempts).toBe(2);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.signal?.aborted).toBe(true);
  });

  test("a body that stalls half-way times out too", async () => {
    const stalled = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"ProjectVersionArn":'));
          },
        }),
        { status: 200 },
      );
    const { fetch } = scriptedTransport(stalled);
    const { client } = testClient(fetch, { requestTimeoutMs: 20, maxAttempts: 1 });
    expect(await client.createProjectVersion(exampleInput()).catch((caught: unknown) => caught)).toBeInstanceOf(RequestTimeoutError);
  });

  test("an already aborted signal rejects with its reason and sends nothing", async () => {
    const { fetch, requests } = scriptedTransport(created());
    const { client } = testClient(fetch);
    const reason = new Error("stop");
    await expect(client.createProjectVersion(exampleInput(), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(requests).toHaveLength(0);
  });

  test("abort during a request rejects at once with the signal's reason", async () => {
    const { fetch } = scriptedTransport(never);
    const { client } = testClient(fetch);
    const controller = new AbortController();
    const call = client.createProjectVersion(exampleInput(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    const error = await call.catch((caught: unknown) => caught);
    expect((error as DOMException).name).toBe("AbortError");
  });

  test("abort during a backoff sleep stops the call and no further attempt is made", async () => {
    const clock = new VirtualClock({ autoAdvance: false });
    const { fetch, requests } = scriptedTransport(awsError("ThrottlingException", 500), created());
    const client = new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, fetch, clock });
    const controller = new AbortController();
    const call = client.createProjectVersion(exampleInput(), { signal: controller.signal }).catch((caught: unknown) => caught);
    while (clock.pendingSleeps === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    const reason = new Error("user cancelled");
    controller.abort(reason);
    expect(await call).toBe(reason);
    clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(requests).toHaveLength(1);
  });
});

describe("responses are validated", () => {
  const malformed: [string, () => Response][] = [
    ["not JSON", () => new Response("<html>OK</html>", { status: 200, headers: { "x-amzn-RequestId": "rid-1" } })],
    ["truncated JSON", () => new Response('{"ProjectVersionArn":"arn:aws:rek', { status: 200, headers: { "x-amzn-RequestId": "rid-1" } })],
    ["an empty body", () => new Response("", { status: 200, headers: { "x-amzn-RequestId": "rid-1" } })],
    ["ProjectVersionArn missing", () => jsonAnswer(200, { Other: 1 }, { "x-amzn-RequestId": "rid-1" })],
    ["ProjectVersionArn not a string", () => jsonAnswer(200, { ProjectVersionArn: 42 }, { "x-amzn-RequestId": "rid-1" })],
    ["a JSON array", () => jsonAnswer(200, [VERSION_ARN], { "x-amzn-RequestId": "rid-1" })],
    ["invalid UTF-8", () => new Response(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), { status: 200, headers: { "x-amzn-RequestId": "rid-1" } })],
  ];
  for (const [what, answer] of malformed) {
    test(`a 200 with ${what} is a MalformedResponseError with status and request id, not retried`, async () => {
      const { fetch, requests } = scriptedTransport(answer(), created());
      const { client } = testClient(fetch);
      const error = (await client.createProjectVersion(exampleInput()).catch((caught: unknown) => caught)) as MalformedResponseError;
      expect(error).toBeInstanceOf(MalformedResponseError);
      expect(error.$metadata).toEqual({ httpStatusCode: 200, requestId: "rid-1", attempts: 1, totalRetryDelayMs: 0 });
      expect(requests).toHaveLength(1);
    });
  }

  test("the problem is named", async () => {
    const { fetch } = scriptedTransport(jsonAnswer(200, {}));
    const error = await testClient(fetch).client.createProjectVersion(exampleInput()).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe("CreateProjectVersion: the 200 answer is not a CreateProjectVersion response: ProjectVersionArn is required");
  });

  test("unknown extra members are accepted", async () => {
    const { fetch } = scriptedTransport(jsonAnswer(200, { ProjectVersionArn: VERSION_ARN, NewMember: { x: 1 } }));
    const output = await testClient(fetch).client.createProjectVersion(exampleInput());
    expect(output.ProjectVersionArn).toBe(VERSION_ARN);
  });

  test("a body over maxResponseBytes is refused without reading it all", async () => {
    const { fetch } = scriptedTransport(jsonAnswer(200, { ProjectVersionArn: VERSION_ARN, Padding: "x".repeat(2_000) }));
    const error = await testClient(fetch, { maxResponseBytes: 1_000 }).client.createProjectVersion(exampleInput()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as Error).message).toContain("larger than 1000 bytes");
  });
});

describe("configuration", () => {
  test("bad settings are refused with their path", () => {
    const attempt = (config: Record<string, unknown>) => {
      try {
        new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, ...config });
        return [];
      } catch (error) {
        return (error as ValidationError).issues.map((issue) => issue.path);
      }
    };
    expect(attempt({ maxAttempts: 0 })).toEqual(["maxAttempts"]);
    expect(attempt({ maxAttempts: 1.5 })).toEqual(["maxAttempts"]);
    expect(attempt({ requestTimeoutMs: -1 })).toEqual(["requestTimeoutMs"]);
    expect(attempt({ fetch: "fetch" })).toEqual(["fetch"]);
    expect(attempt({ maxAttemps: 2 })).toEqual(["maxAttemps"]);
    expect(attempt({ credentials: { accessKeyId: "AKID" } })).toEqual(["credentials"]);
    expect(attempt({ credentials: undefined })).toEqual(["credentials"]);
  });

  /** The issues a configuration is refused with, or `[]` when it is accepted. */
  const issuesOf = (config: unknown) => {
    try {
      new RekognitionClient(config as RekognitionClientConfig);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toStartWith("Invalid RekognitionClient configuration: ");
      return (error as ValidationError).issues;
    }
  };
  const base = { region: "us-east-1", credentials: EXAMPLE_CREDENTIALS };
  const clock = { now: () => 0, sleep: async () => {} };
  const sha256 = { hashHex: () => "", hmacKey: () => ({ sign: () => new Uint8Array() }) };

  test("every setting: what it accepts, and what it refuses with which message", () => {
    const cases: [setting: string, accepted: unknown[], refused: unknown[], message: string][] = [
      ["region", ["eu-west-1", "x", "a".repeat(63)], ["EU-WEST-1", "-eu", "eu-", "a".repeat(64), "", 1, null], "must be a region name such as us-east-1"],
      ["endpoint", ["http://127.0.0.1:4566", "https://example.com/base/"], [
        "ftp://example.com",
        "http://example.com/?q",
        "http://example.com/#f",
        "example.com",
        1,
      ], "must be an http(s) URL without query or fragment"],
      ["useFipsEndpoint", [true, false], [1], "must be a boolean, got 1"],
      ["useDualstackEndpoint", [true, false], ["false"], 'must be a boolean, got "false"'],
      ["fetch", [fetch, () => {}], ["fetch", {}, null], "must be a function"],
      ["maxAttempts", [1, 10], [0, 1.5, Number.POSITIVE_INFINITY], "must be an integer ≥ 1"],
      ["maxAttempts", [], ["3"], 'must be a number, got "3"'],
      ["requestTimeoutMs", [1, 1.5, 60_000], [0.5, -1, Number.POSITIVE_INFINITY], "must be a finite number ≥ 1"],
      ["requestTimeoutMs", [], [Number.NaN], "must be a number, got NaN"],
      ["maxResponseBytes", [1, 1024], [0, Number.POSITIVE_INFINITY], "must be a finite number ≥ 1"],
      ["maxResponseBytes", [], [null], "must be a number, got null"],
      ["clock", [clock], [{ now: () => 0 }, { sleep: clock.sleep }, Date, null, 5], "must have now() and sleep()"],
      ["random", [Math.random], [0.5, null], "must be a function"],
      ["sha256", [sha256], [{ hashHex: sha256.hashHex }, { hmacKey: sha256.hmacKey }, null, "sha256"], "must have hashHex() and hmacKey()"],
      [
        "credentials",
        [EXAMPLE_CREDENTIALS, { ...EXAMPLE_CREDENTIALS, sessionToken: "token" }, () => EXAMPLE_CREDENTIALS],
        [
          { accessKeyId: "AKID" },
          { ...EXAMPLE_CREDENTIALS, accessKeyId: "" },
          { ...EXAMPLE_CREDENTIALS, secretAccessKey: 1 },
          { ...EXAMPLE_CREDENTIALS, sessionToken: 1 },
          null,
          "AKID:secret",
        ],
        "must be { accessKeyId, secretAccessKey, sessionToken? } with non-empty strings, or a function returning them",
      ],
    ];
    for (const [setting, accepted, refused, message] of cases) {
      for (const value of accepted) expect([setting, value, issuesOf({ ...base, [setting]: value })]).toEqual([setting, value, []]);
      for (const value of refused) expect([setting, value, issuesOf({ ...base, [setting]: value })]).toEqual([setting, value, [{ path: setting, message }]]);
      // Left undefined: the default, but there is none for the credentials, nor for the region without an endpoint.
      const unset = { credentials: message, region: "Invalid Configuration: Missing Region" }[setting];
      expect(issuesOf({ ...base, [setting]: undefined })).toEqual(unset ? [{ path: setting, message: unset }] : []);
    }
  });

  test("every problem at once, unknown names too; a configuration that is no object", () => {
    expect(issuesOf({ maxAttemps: 2, region: "EU", maxAttempts: 0 })).toEqual([
      { path: "region", message: "must be a region name such as us-east-1" },
      { path: "credentials", message: "is required" },
      { path: "maxAttempts", message: "must be an integer ≥ 1" },
      { path: "maxAttemps", message: "is not a member of this shape (misspelt?)" },
    ]);
    expect(issuesOf({ ...base, toString: undefined })).toEqual([{ path: "toString", message: "is not a member of this shape (misspelt?)" }]);
    for (const config of [undefined, null, "us-east-1"]) {
      expect(issuesOf(config)).toEqual([{ path: "", message: `must be an object, got ${config === "us-east-1" ? '"us-east-1"' : config}` }]);
    }
  });

  test("the default transport is globalThis.fetch, looked up at each call", async () => {
    const original = globalThis.fetch;
    const { fetch, requests } = scriptedTransport(created());
    const client = new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS });
    globalThis.fetch = ((url: string, init: RequestInit) => fetch(url, init)) as typeof globalThis.fetch;
    try {
      await client.createProjectVersion(exampleInput());
    } finally {
      globalThis.fetch = original;
    }
    expect(requests).toHaveLength(1);
  });
});

describe("credentials", () => {
  test("a provider is asked once, shared by concurrent calls, and again near expiration", async () => {
    let calls = 0;
    const clock = new VirtualClock();
    const provider = async () => {
      calls++;
      return { ...EXAMPLE_CREDENTIALS, sessionToken: `token-${calls}`, expiration: new Date(clock.now() + 15 * 60_000) };
    };
    const { fetch, requests } = scriptedTransport(created(), created(), created(), created());
    const client = new RekognitionClient({ region: "us-east-1", credentials: provider, fetch, clock });
    await Promise.all([client.createProjectVersion(exampleInput()), client.createProjectVersion(exampleInput())]);
    expect(calls).toBe(1);
    clock.advance(5 * 60_000);
    await client.createProjectVersion(exampleInput());
    expect(calls).toBe(1);
    clock.advance(6 * 60_000); // now within 5 minutes of expiration
    await client.createProjectVersion(exampleInput());
    expect(calls).toBe(2);
    expect(requests.map((request) => request.headers.get("x-amz-security-token"))).toEqual(["token-1", "token-1", "token-1", "token-2"]);
  });

  test("a failing provider fails the call and is asked again next time", async () => {
    let calls = 0;
    const { fetch } = scriptedTransport(created());
    const client = new RekognitionClient({
      region: "us-east-1",
      fetch,
      credentials: () => {
        if (++calls === 1) throw new Error("no credentials yet");
        return EXAMPLE_CREDENTIALS;
      },
    });
    await expect(client.createProjectVersion(exampleInput())).rejects.toThrow("no credentials yet");
    expect((await client.createProjectVersion(exampleInput())).ProjectVersionArn).toBe(VERSION_ARN);
  });
});

describe("clock skew", () => {
  test("a signature-expired answer with a Date header corrects the clock and retries once", async () => {
    const clock = new VirtualClock();
    const serverNow = new Date(clock.now() + 20 * 60_000);
    const { fetch, requests } = scriptedTransport(
      jsonAnswer(400, { __type: "InvalidSignatureException", message: "Signature expired: …" }, { date: serverNow.toUTCString() }),
      created(),
      created(),
    );
    const client = new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, fetch, clock, maxAttempts: 1 });
    const output = await client.createProjectVersion(exampleInput());
    expect(output.$metadata.attempts).toBe(2);
    const signedAt = (index: number) => requests[index]!.headers.get("x-amz-date");
    expect(signedAt(1)).toBe(new Date(serverNow).toISOString().replace(/[:-]|\.\d{3}/g, ""));
    await client.createProjectVersion(exampleInput());
    expect(signedAt(2)).toBe(signedAt(1)); // the offset is kept (the virtual clock has not moved)
  });

  test("a signature error without skew is not retried", async () => {
    const clock = new VirtualClock();
    const { fetch, requests } = scriptedTransport(
      jsonAnswer(400, { __type: "InvalidSignatureException", message: "The request signature we calculated does not match" }, {
        date: new Date(clock.now()).toUTCString(),
      }),
    );
    const client = new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, fetch, clock });
    await expect(client.createProjectVersion(exampleInput())).rejects.toThrow("does not match");
    expect(requests).toHaveLength(1);
  });
});

describe("secrets never leak", () => {
  const secret = EXAMPLE_CREDENTIALS.secretAccessKey;
  const leaks = (text: string) => text.includes(secret) || text.includes(SESSION_TOKEN);

  test("not in JSON.stringify, inspect, or the config", async () => {
    const client = new RekognitionClient({ region: "us-east-1", credentials: { ...EXAMPLE_CREDENTIALS, sessionToken: SESSION_TOKEN } });
    expect(leaks(JSON.stringify(client))).toBe(false);
    for (const text of inspectAll(client)) expect(leaks(text)).toBe(false);
    expect(leaks(String(client))).toBe(false);
    expect(leaks(JSON.stringify(client.config))).toBe(false);
  });

  test("not in errors, their stacks, causes or metadata, even when the transport's message holds them", async () => {
    const hostile = new TypeError(`invalid header value: ${SESSION_TOKEN} signed with ${secret}`);
    const { fetch } = scriptedTransport(hostile, awsError("AccessDeniedException"));
    const client = new RekognitionClient({ region: "us-east-1", credentials: { ...EXAMPLE_CREDENTIALS, sessionToken: SESSION_TOKEN }, fetch, maxAttempts: 1 });
    for (const expected of [NetworkError, AccessDeniedException]) {
      const error = (await client.createProjectVersion(exampleInput()).catch((caught: unknown) => caught)) as Error & { $metadata: unknown };
      expect(error).toBeInstanceOf(expected);
      for (
        const text of [
          error.message,
          String(error.stack),
          JSON.stringify(error),
          ...inspectAll(error),
          JSON.stringify(error.$metadata),
          String((error.cause as Error)?.message),
        ]
      ) {
        expect(leaks(text)).toBe(false);
      }
    }
  });

  test("not in a ValidationError about credentials", () => {
    try {
      new RekognitionClient({ region: "us-east-1", credentials: { accessKeyId: 7, secretAccessKey: secret } as never });
      throw new Error("accepted");
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect(leaks(String((error as Error).message) + JSON.stringify(error))).toBe(false);
    }
  });
});

test("server faults and network errors are retried on DescribeProjectVersions too", async () => {
  const { fetch } = scriptedTransport(awsError("InternalServerError", 500), jsonAnswer(200, {}));
  const { client } = testClient(fetch);
  const output = await client.describeProjectVersions({ ProjectArn: PROJECT_ARN });
  expect(output.$metadata.attempts).toBe(2);
  expect(output.ProjectVersionDescriptions).toBeUndefined();
  expect(InternalServerError.name).toBe("InternalServerError");
});
