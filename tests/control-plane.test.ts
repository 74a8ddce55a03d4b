/**
 * The control plane, web-standard: every `/__admin/` endpoint through
 * `simulator.fetch` (the function the server and the MSW handlers route to),
 * each beside the simulator method of the same name, and what each one does
 * to the API: queued answers and faults, the journal, clocks, statuses,
 * reset, seeds and the training quota.
 */
import { describe, expect, test } from "bun:test";
import { LimitExceededException, NetworkError, RekognitionClient, ResourceInUseException, ThrottlingException } from "../mod.ts";
import { VirtualClock } from "../harness/clock.ts";
import { handleAdminRequest, sameSecret } from "../harness/control-plane.ts";
import { faultOf } from "../harness/faults.ts";
import { JOURNAL_BODY_LIMIT, JOURNAL_LIMIT, RequestJournal } from "../harness/journal.ts";
import { RandomSource } from "../harness/random.ts";
import { SCENARIOS } from "../fixtures/scenarios.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS, type SimulatorOptions } from "../harness/simulator.ts";
import { countBodyReads, signedRequest } from "./fixtures-helpers.ts";

const START = Date.UTC(2026, 2, 1, 9, 0, 0);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PROJECT = DEMO_PROJECTS.customLabels;
const output = { S3Bucket: "amzn-s3-demo-bucket" };
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

/** A simulator on a virtual clock; our client and raw signed requests on the same clock; the control plane over its fetch. */
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
  /** Calls the control plane over HTTP semantics; returns status and JSON. */
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await simulator.fetch(`http://127.0.0.1:4599/__admin/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.headers.get("content-type")).toBe("application/json");
    // deno-lint-ignore no-explicit-any -- the control plane's JSON, which the assertions read into
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const create = (VersionName: string, ProjectArn: string = PROJECT) => client.createProjectVersion({ ProjectArn, VersionName, OutputConfig: output });
  const status = async (VersionName: string, ProjectArn: string = PROJECT) =>
    (await client.describeProjectVersions({ ProjectArn, VersionNames: [VersionName] })).ProjectVersionDescriptions![0]!.Status;
  /** A raw signed request at the simulator's clock (or `time`), answered by `handle`. */
  const raw = async (operation: string, body: unknown, time = simulator.now()) => simulator.handle(await signedRequest({ operation, body, time }));
  return { clock, simulator, client, admin, create, status, raw };
}

describe("health, state, reset", () => {
  test("GET /__admin/health: ok and what the simulator runs with", async () => {
    const { admin, simulator } = setup({ region: "eu-west-1", seed: 7, maxConcurrentTrainings: 2 });
    const { status, body } = await admin("GET", "health");
    expect(status).toBe(200);
    expect(body).toEqual({
      status: "ok",
      service: "rekognition-edge simulator",
      region: "eu-west-1",
      accountId: "111122223333",
      trainingSeconds: 60,
      maxConcurrentTrainings: 2,
      seed: 7,
      time: new Date(START).toISOString(),
    });
    expect(body).toEqual(JSON.parse(JSON.stringify(simulator.health())));
  });

  test("GET /__admin/state: each project with its versions exactly as DescribeProjectVersions shows them, and the clocks", async () => {
    const { admin, create, client, simulator } = setup();
    await create("v1");
    await create("v2");
    const { body } = await admin("GET", "state");
    expect(body.projects.map(({ ProjectArn, Feature, Datasets }: Record<string, unknown>) => [ProjectArn, Feature, Datasets])).toEqual([
      [DEMO_PROJECTS.customLabels, "CUSTOM_LABELS", false],
      [DEMO_PROJECTS.moderation, "CONTENT_MODERATION", false],
      [DEMO_PROJECTS.withDatasets, "CUSTOM_LABELS", true],
    ]);
    const described = await simulator.handle(await signedRequest({ operation: "DescribeProjectVersions", body: { ProjectArn: PROJECT }, time: START }));
    expect(body.projects[0].Versions).toEqual((await described.json()).ProjectVersionDescriptions);
    expect(body.projects[0].Versions.map(({ ProjectVersionArn }: { ProjectVersionArn: string }) => ProjectVersionArn.split("/")[3])).toEqual(["v2", "v1"]);
    expect(body.clock).toEqual({ time: new Date(START).toISOString(), skewSeconds: 0, advancedSeconds: 0 });
    expect(body).toEqual(JSON.parse(JSON.stringify(simulator.state())));
    expect((await client.describeProjectVersions({ ProjectArn: PROJECT })).ProjectVersionDescriptions).toHaveLength(2);
  });

  test("POST /__admin/reset: the demo projects, no versions, empty journal, no queued answers, clocks as at start", async () => {
    const { admin, create, simulator, status } = setup();
    await create("v1");
    await admin("POST", "projects", { ProjectName: "extra" });
    await admin("POST", "responses", { respond: { fault: "CONNECTION_RESET" } });
    await admin("POST", "clock/skew", { seconds: 120 });
    await admin("POST", "clock/advance", { seconds: 3600 });
    expect(simulator.requests()).toHaveLength(1);

    expect(await admin("POST", "reset")).toEqual({ status: 200, body: { status: "ok" } });
    const { body } = await admin("GET", "state");
    expect(body.projects.map(({ ProjectArn }: { ProjectArn: string }) => ProjectArn)).toEqual(Object.values(DEMO_PROJECTS));
    expect(body.projects.every(({ Versions }: { Versions: unknown[] }) => Versions.length === 0)).toBe(true);
    expect(body.clock).toEqual({ time: new Date(START).toISOString(), skewSeconds: 0, advancedSeconds: 0 });
    expect((await admin("GET", "requests")).body).toEqual({ requests: [] });
    expect((await admin("GET", "responses")).body).toEqual({ responses: [] });
    // The name is free again, the fault is gone, and training runs its full time again.
    await create("v1");
    expect(await status("v1")).toBe("TRAINING_IN_PROGRESS");
  });

  test("reset keeps no demo projects for a simulator that started without them", async () => {
    const { simulator } = setup({ seedDemoProjects: false });
    simulator.addProject({ ProjectName: "p" });
    simulator.reset();
    expect(simulator.state().projects).toEqual([]);
  });
});

describe("projects and version statuses", () => {
  test("POST /__admin/projects: a project in the simulator's region and account; 400 for a bad name, 409 for one in use", async () => {
    const { admin, simulator, clock } = setup({ region: "ap-south-1", accountId: "123456789012" });
    const added = await admin("POST", "projects", { ProjectName: "adapters", Feature: "CONTENT_MODERATION" });
    expect(added).toEqual({ status: 200, body: { ProjectArn: `arn:aws:rekognition:ap-south-1:123456789012:project/adapters/${START}` } });
    const state = (await admin("GET", "state")).body.projects.find(({ ProjectArn }: { ProjectArn: string }) => ProjectArn === added.body.ProjectArn);
    expect(state).toEqual({ ProjectArn: added.body.ProjectArn, Feature: "CONTENT_MODERATION", Datasets: false, Versions: [], Timelines: {} });
    expect((await admin("POST", "projects", { ProjectName: "with-data", Datasets: true })).body.ProjectArn).toContain(":project/with-data/");
    expect(await admin("POST", "projects", { ProjectName: "bad name" })).toEqual({
      status: 400,
      body: { error: "ProjectName must be 1 to 255 letters, digits, _ . -" },
    });
    expect(await admin("POST", "projects", { ProjectName: "adapters" })).toEqual({ status: 409, body: { error: "a project named adapters already exists" } });
    expect((await admin("POST", "projects", { ProjectName: "x", Extra: 1 })).status).toBe(400);
    expect((await admin("POST", "projects", {})).status).toBe(400);
    // The API sees it, signed for the simulator's region.
    const client = new RekognitionClient({ region: "ap-south-1", credentials: SIMULATOR_CREDENTIALS, fetch: simulator.fetch, clock, maxAttempts: 1 });
    const input = {
      ProjectArn: added.body.ProjectArn,
      VersionName: "a1",
      OutputConfig: output,
      FeatureConfig: { ContentModeration: { ConfidenceThreshold: 50 } },
    };
    expect((await client.createProjectVersion(input)).ProjectVersionArn).toStartWith(
      `arn:aws:rekognition:ap-south-1:123456789012:project/adapters/version/a1/`,
    );
  });

  test("POST /__admin/versions/status: RUNNING, FAILED, DEPRECATED, EXPIRED or a status outside the enum; it stays; results are kept after training", async () => {
    const { admin, create, client, clock } = setup();
    await create("v1");
    clock.advance(60_000);
    for (const Status of ["RUNNING", "FAILED", "DEPRECATED", "EXPIRED", "WARMING_UP_SOMEHOW"]) {
      const answer = await admin("POST", "versions/status", { ProjectArn: PROJECT, VersionName: "v1", Status });
      expect(answer.status).toBe(200);
      expect(answer.body.ProjectVersionDescription.Status).toBe(Status);
      const [described] = (await client.describeProjectVersions({ ProjectArn: PROJECT, VersionNames: ["v1"] })).ProjectVersionDescriptions!;
      expect(described!.Status as string).toBe(Status);
      expect(described!.EvaluationResult?.F1Score).toBeGreaterThan(0.8);
      expect(described!.BillableTrainingTimeInSeconds).toBe(60);
    }
    clock.advance(24 * 3600_000);
    expect((await client.describeProjectVersions({ ProjectArn: PROJECT })).ProjectVersionDescriptions![0]!.Status as string).toBe("WARMING_UP_SOMEHOW");
  });

  test("a status set during training ends it then; TRAINING_FAILED carries no results; StatusMessage as given", async () => {
    const { simulator, create, clock } = setup();
    await create("v1");
    await create("v2");
    clock.advance(20_000);
    const { ProjectVersionDescription: running } = simulator.setVersionStatus({
      ProjectArn: PROJECT,
      VersionName: "v1",
      Status: "RUNNING",
      StatusMessage: "Up.",
    });
    expect(running).toMatchObject({
      Status: "RUNNING",
      StatusMessage: "Up.",
      BillableTrainingTimeInSeconds: 20,
      TrainingEndTimestamp: (START + 20_000) / 1000,
    });
    const { ProjectVersionDescription: failed } = simulator.setVersionStatus({ ProjectArn: PROJECT, VersionName: "v2", Status: "TRAINING_FAILED" });
    expect(failed).toMatchObject({
      Status: "TRAINING_FAILED",
      StatusMessage: "The manifest file contains too many invalid data rows.",
      TrainingEndTimestamp: (START + 20_000) / 1000,
    });
    for (const absent of ["EvaluationResult", "BillableTrainingTimeInSeconds"]) expect(failed).not.toHaveProperty(absent);
    expect(simulator.setVersionStatus({ ProjectArn: PROJECT, VersionName: "v2", Status: "STOPPED" }).ProjectVersionDescription).not.toHaveProperty(
      "StatusMessage",
    );
  });

  test("versions/status: 404 for an unknown project or version, 400 without a Status", async () => {
    const { admin, create } = setup();
    await create("v1");
    expect(await admin("POST", "versions/status", { ProjectArn: PROJECT, VersionName: "nope", Status: "RUNNING" })).toEqual({
      status: 404,
      body: { error: `no version nope in project ${PROJECT}` },
    });
    expect((await admin("POST", "versions/status", { ProjectArn: `${PROJECT}9`, VersionName: "v1", Status: "RUNNING" })).status).toBe(404);
    expect((await admin("POST", "versions/status", { ProjectArn: PROJECT, VersionName: "v1" })).status).toBe(400);
    expect((await admin("POST", "versions/status", { ProjectArn: PROJECT, VersionName: "v1", Status: "" })).status).toBe(400);
  });
});

describe("clocks", () => {
  test("POST /__admin/clock/advance: versions finish as if that time had passed; later versions still train their full time", async () => {
    const { admin, create, status } = setup();
    await create("v1");
    expect(await status("v1")).toBe("TRAINING_IN_PROGRESS");
    expect(await admin("POST", "clock/advance", { seconds: 59 })).toEqual({
      status: 200,
      body: { time: new Date(START).toISOString(), skewSeconds: 0, advancedSeconds: 59 },
    });
    expect(await status("v1")).toBe("TRAINING_IN_PROGRESS");
    await admin("POST", "clock/advance", { seconds: 1 });
    expect(await status("v1")).toBe("TRAINING_COMPLETED");
    await create("v2");
    expect(await status("v2")).toBe("TRAINING_IN_PROGRESS");
    expect((await admin("POST", "clock/advance", { seconds: 60 })).body.advancedSeconds).toBe(120);
    expect(await status("v2")).toBe("TRAINING_COMPLETED");
    expect((await admin("POST", "clock/advance", { seconds: -1 })).status).toBe(400);
    expect((await admin("POST", "clock/advance", { seconds: "60" })).status).toBe(400);
    expect((await admin("POST", "clock/advance", {})).body).toEqual({ error: "seconds is required" });
  });

  test("POST /__admin/clock/skew: the service's clock runs that far off: Date headers and the signature window follow it", async () => {
    const { admin, raw, simulator } = setup();
    expect((await admin("POST", "clock/skew", { seconds: 600 })).body).toEqual({
      time: new Date(START + 600_000).toISOString(),
      skewSeconds: 600,
      advancedSeconds: 0,
    });
    expect(simulator.now()).toBe(START + 600_000);
    // Signed by a clock 10 minutes behind the service's: expired; the answer's Date is the service's.
    const refused = await raw("DescribeProjectVersions", { ProjectArn: PROJECT }, START);
    expect(refused.headers.get("date")).toBe(new Date(START + 600_000).toUTCString());
    expect((await refused.json()).message).toBe("Signature expired: 20260301T090000Z is now earlier than 20260301T090500Z (20260301T091000Z - 5 min.)");
    // 4 minutes off is within the window.
    expect((await raw("DescribeProjectVersions", { ProjectArn: PROJECT }, START + 360_000)).status).toBe(200);
    // The skew is set, not added; negative puts the service behind.
    await admin("POST", "clock/skew", { seconds: -600 });
    const ahead = await raw("DescribeProjectVersions", { ProjectArn: PROJECT }, START);
    expect((await ahead.json()).message).toBe("Signature not yet current: 20260301T090000Z is still later than 20260301T085500Z (20260301T085000Z + 5 min.)");
    expect((await admin("POST", "clock/skew", { seconds: Number.POSITIVE_INFINITY })).status).toBe(400); // JSON null
  });

  test("our client corrects itself from the skewed Date and succeeds on its second attempt", async () => {
    const { admin, client } = setup();
    await admin("POST", "clock/skew", { seconds: 900 });
    const output = await client.describeProjectVersions({ ProjectArn: PROJECT });
    expect(output.$metadata.attempts).toBe(2);
    expect((await client.describeProjectVersions({ ProjectArn: PROJECT })).$metadata.attempts).toBe(1);
  });

  test("skew moves CreationTimestamp, ARN times and training with the service's clock", async () => {
    const { admin, create, status, simulator } = setup();
    await admin("POST", "clock/skew", { seconds: 300 });
    const { ProjectVersionArn } = await create("v1");
    expect(ProjectVersionArn).toEndWith(`/version/v1/${START + 300_000}`);
    expect(simulator.versions(PROJECT)[0]!.createdAt).toBe(START + 300_000);
    expect(await status("v1")).toBe("TRAINING_IN_PROGRESS");
  });
});

describe("the journal", () => {
  test("GET /__admin/requests: every API request in arrival order with headers, body, signature verdict and answer; admin requests are not in it", async () => {
    const { admin, create, simulator, clock } = setup();
    await create("v1");
    await simulator.handle(
      await signedRequest({
        body: { ProjectArn: PROJECT, VersionName: "v2", OutputConfig: output },
        time: START,
        credentials: { ...SIMULATOR_CREDENTIALS, secretAccessKey: "wrong" },
      }),
    );
    await simulator.handle(new Request("http://127.0.0.1/", { method: "POST", headers: { "content-type": "application/x-amz-json-1.1" }, body: "not json" }));
    await failure(create("v1"));
    clock.advance(1_000);
    await admin("GET", "state");
    const { status, body } = await admin("GET", "requests");
    expect(status).toBe(200);
    const [first, forged, unsigned, again] = body.requests;
    expect(body.requests).toHaveLength(4);
    expect(first).toEqual({
      id: expect.stringMatching(UUID),
      receivedAt: new Date(START).toISOString(),
      method: "POST",
      path: "/",
      operation: "CreateProjectVersion",
      headers: expect.objectContaining({
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "RekognitionService.CreateProjectVersion",
        authorization: expect.stringContaining("Credential=AKIDEXAMPLE/"),
      }),
      body: { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output },
      signature: "valid",
      response: { status: 200 },
      latencyMs: expect.any(Number),
    });
    expect(forged).toMatchObject({ signature: "InvalidSignatureException", response: { status: 400, errorType: "InvalidSignatureException" } });
    expect(unsigned).toMatchObject({ operation: null, body: "not json", signature: "MissingAuthenticationTokenException", response: { status: 400 } });
    expect(again).toMatchObject({ signature: "valid", response: { status: 400, errorType: "ResourceInUseException" } });
    expect(body).toEqual(JSON.parse(JSON.stringify({ requests: simulator.requests() })));
  });

  test("the id of an entry is the x-amzn-RequestId its answer carried", async () => {
    const { raw, simulator } = setup();
    const answer = await raw("DescribeProjectVersions", { ProjectArn: PROJECT });
    expect(simulator.requests()[0]!.id).toBe(answer.headers.get("x-amzn-requestid")!);
  });

  test("filters: ?operation= and ?VersionName= (VersionName or one of VersionNames); unknown filters are refused", async () => {
    const { admin, create, client } = setup();
    await create("a");
    await create("b");
    await client.describeProjectVersions({ ProjectArn: PROJECT, VersionNames: ["b", "c"] });
    await client.describeProjectVersions({ ProjectArn: PROJECT });
    const names = async (query: string) =>
      (await admin("GET", `requests${query}`)).body.requests.map(({ operation, body }: { operation: string; body: Record<string, unknown> }) =>
        `${operation} ${body.VersionName ?? body.VersionNames ?? "-"}`
      );
    expect(await names("?operation=CreateProjectVersion")).toEqual(["CreateProjectVersion a", "CreateProjectVersion b"]);
    expect(await names("?VersionName=b")).toEqual(["CreateProjectVersion b", "DescribeProjectVersions b,c"]);
    expect(await names("?operation=DescribeProjectVersions&VersionName=b")).toEqual(["DescribeProjectVersions b,c"]);
    expect(await names("?VersionName=zzz")).toEqual([]);
    expect(await admin("GET", "requests?versionName=b")).toEqual({
      status: 400,
      body: { error: "the journal takes operation, VersionName, after (an entry's id), last and limit (integers ≥ 1) only" },
    });
  });

  test("session tokens are [REDACTED] in the header and wherever else they appear; secret keys never show", async () => {
    const temporary = { accessKeyId: "ASIATEMP", secretAccessKey: "temporary-secret-key", sessionToken: "session-token-0123456789" };
    const { simulator } = setup({ credentials: [temporary] });
    const echo = `${temporary.sessionToken} / ${temporary.secretAccessKey}`;
    await simulator.handle(
      await signedRequest({
        operation: "DescribeProjectVersions",
        body: { ProjectArn: PROJECT, NextToken: echo },
        time: START,
        credentials: temporary,
        headers: { "x-echo": temporary.sessionToken },
      }),
    );
    // A token the simulator does not know is still hidden.
    const stranger = { ...temporary, sessionToken: "unknown-token-abcdef" };
    await simulator.handle(
      await signedRequest({
        operation: "DescribeProjectVersions",
        body: { ProjectArn: PROJECT, NextToken: stranger.sessionToken },
        time: START,
        credentials: stranger,
      }),
    );
    const [known, unknown] = simulator.requests();
    expect(known!.headers["x-amz-security-token"]).toBe("[REDACTED]");
    expect(known!.headers["x-echo"]).toBe("[REDACTED]");
    expect(known!.body).toEqual({ ProjectArn: PROJECT, NextToken: "[REDACTED] / [REDACTED]" });
    expect(known!.signature).toBe("valid");
    expect(unknown!.headers["x-amz-security-token"]).toBe("[REDACTED]");
    expect(unknown!.body).toEqual({ ProjectArn: PROJECT, NextToken: "[REDACTED]" });
    expect(unknown!.signature).toBe("UnrecognizedClientException");
    const everything = JSON.stringify(simulator.requests());
    for (const secret of [temporary.sessionToken, temporary.secretAccessKey, "unknown-token-abcdef"]) expect(everything).not.toContain(secret);
  });

  test("a body is read, decoded and parsed once for both the journal and the answer", async () => {
    const { simulator } = setup();
    const text = JSON.stringify({ ProjectArn: PROJECT, VersionNames: ["v1"] });
    const request = await signedRequest({ operation: "DescribeProjectVersions", body: text, time: START });
    const reads = countBodyReads(request);
    const counts = { decodes: 0, parses: 0 };
    const { decode } = TextDecoder.prototype;
    const { parse } = JSON;
    TextDecoder.prototype.decode = function (this: TextDecoder, ...args: Parameters<TextDecoder["decode"]>) {
      const decoded = decode.apply(this, args);
      if (decoded === text) counts.decodes++;
      return decoded;
    };
    JSON.parse = (source: string, reviver?: (key: string, value: unknown) => unknown) => ((source === text ? counts.parses++ : 0), parse(source, reviver));
    let response: Response;
    try {
      response = await simulator.handle(request);
    } finally {
      TextDecoder.prototype.decode = decode;
      JSON.parse = parse;
    }
    expect([response.status, simulator.requests()[0]!.body, simulator.requests()[0]!.signature]).toEqual([
      200,
      { ProjectArn: PROJECT, VersionNames: ["v1"] },
      "valid",
    ]);
    expect({ reads: reads(), ...counts }).toEqual({ reads: 1, decodes: 1, parses: 1 });
  });

  test("a secret is hidden whole, also as JSON escapes it in a body, even when it contains another (the session token)", async () => {
    const temporary = { accessKeyId: "ASIATEMP", secretAccessKey: 'se"cret\\key+session-token', sessionToken: "session-token" };
    const { simulator } = setup({ credentials: [temporary] });
    await simulator.handle(
      await signedRequest({
        operation: "DescribeProjectVersions",
        body: { ProjectArn: PROJECT, NextToken: temporary.secretAccessKey },
        time: START,
        credentials: temporary,
        headers: { "x-echo": temporary.secretAccessKey },
      }),
    );
    const [entry] = simulator.requests();
    expect([entry!.signature, entry!.headers["x-echo"], entry!.body]).toEqual(["valid", "[REDACTED]", { ProjectArn: PROJECT, NextToken: "[REDACTED]" }]);
  });

  test("bodies: JSON when they parse, text otherwise, null when empty, cut at the body limit", async () => {
    const { simulator } = setup();
    const post = (body: string) => simulator.handle(new Request("http://127.0.0.1/", { method: "POST", body }));
    await post("");
    await post("x".repeat(JOURNAL_BODY_LIMIT + 10));
    const [empty, long] = simulator.requests();
    expect(empty!.body).toBeNull();
    expect(long!.body).toBe("x".repeat(JOURNAL_BODY_LIMIT));
    expect(long!.bodyTruncated).toBe(true);
    expect(empty).not.toHaveProperty("bodyTruncated");
  });

  test(`bounded: the latest ${JOURNAL_LIMIT} requests are kept, oldest dropped first`, () => {
    const arrival = (n: number) => ({ id: String(n), receivedAt: "", method: "POST", path: "/", operation: null, headers: {}, body: null });
    const record = (journal: RequestJournal, n: number) => journal.arrived(journal.place(), arrival(n));
    const small = new RequestJournal({ limit: 3 });
    for (let n = 1; n <= 5; n++) record(small, n);
    expect(small.list().map(({ id }) => id)).toEqual(["3", "4", "5"]);
    const full = new RequestJournal();
    for (let n = 1; n <= JOURNAL_LIMIT + 1; n++) record(full, n);
    const kept = full.list();
    expect([kept.length, kept[0]!.id, kept.at(-1)!.id]).toEqual([10_000, "2", "10001"]);
  });

  test("DELETE /__admin/requests empties it and says how many it held", async () => {
    const { admin, create } = setup();
    await create("a");
    await create("b");
    expect(await admin("DELETE", "requests")).toEqual({ status: 200, body: { cleared: 2 } });
    expect((await admin("GET", "requests")).body.requests).toEqual([]);
  });
});

describe("queued answers", () => {
  test("two throttles, then the usual answer: our client's retries get through; three signed requests in the journal", async () => {
    const { admin, simulator } = setup({}, 3);
    const client = new RekognitionClient({
      region: "us-east-1",
      credentials: SIMULATOR_CREDENTIALS,
      fetch: simulator.fetch,
      clock: new VirtualClock({ start: START }),
      random: () => 0.5,
      maxAttempts: 3,
    });
    const queued = await admin("POST", "responses", { operation: "CreateProjectVersion", times: 2, respond: { scenario: "create-ThrottlingException" } });
    expect(queued.body.id).toMatch(UUID);
    const created = await client.createProjectVersion({ ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output });
    expect(created.$metadata.attempts).toBe(3);
    const journal = simulator.requests({ operation: "CreateProjectVersion" });
    expect(journal.map(({ signature, response }) => [signature, response])).toEqual([
      ["valid", { status: 500, errorType: "ThrottlingException" }],
      ["valid", { status: 500, errorType: "ThrottlingException" }],
      ["valid", { status: 200 }],
    ]);
    expect(simulator.versions(PROJECT).map(({ name }) => name)).toEqual(["v1"]);
    expect((await admin("GET", "responses")).body).toEqual({ responses: [] });
  });

  test("a scenario answer carries this request's id and a fresh Logref, not the file's", async () => {
    const { simulator, raw } = setup();
    simulator.queueResponse({ respond: { scenario: "create-ThrottlingException" } });
    const answer = await raw("CreateProjectVersion", { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output });
    const file = SCENARIOS["create-ThrottlingException"].response;
    expect(answer.headers.get("x-amzn-requestid")).toBe(simulator.requests()[0]!.id);
    expect(answer.headers.get("x-amzn-requestid")).not.toBe(file.headers["x-amzn-RequestId"]!);
    const body = await answer.json();
    expect(body).toEqual({ ...(file.body as object), Logref: expect.stringMatching(UUID) });
    expect(body.Logref).not.toBe((file.body as { Logref: string }).Logref);
  });

  test("used once per `times`, oldest first, only by requests of its operation and match; then answers are usual again", async () => {
    const { simulator, create, client } = setup();
    simulator.queueResponse({
      operation: "CreateProjectVersion",
      match: { VersionName: "target" },
      respond: { scenario: "create-ServiceQuotaExceededException" },
    });
    simulator.queueResponse({ operation: "CreateProjectVersion", times: 2, respond: { scenario: "create-AccessDeniedException" } });
    simulator.queueResponse({
      operation: "DescribeProjectVersions",
      match: { ProjectArn: DEMO_PROJECTS.moderation },
      respond: { scenario: "describe-InvalidPaginationTokenException" },
    });
    expect(simulator.pendingResponses().map(({ remaining }) => remaining)).toEqual([1, 2, 1]);
    expect(((await failure(create("other"))) as Error).name).toBe("AccessDeniedException");
    expect(((await failure(create("target"))) as Error).name).toBe("ServiceQuotaExceededException");
    expect(((await failure(create("target"))) as Error).name).toBe("AccessDeniedException");
    expect(await failure(create("target"))).toBeUndefined();
    expect((await client.describeProjectVersions({ ProjectArn: PROJECT })).ProjectVersionDescriptions).toHaveLength(1);
    expect(((await failure(client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.moderation }))) as Error).name).toBe("InvalidPaginationTokenException");
    expect(simulator.pendingResponses()).toEqual([]);
  });

  test("a match on VersionName also takes a describe naming it among VersionNames", async () => {
    const { simulator, client } = setup();
    simulator.queueResponse({ match: { VersionName: "v9" }, respond: { status: 400, body: { __type: "ThrottlingException", message: "Rate exceeded" } } });
    expect((await client.describeProjectVersions({ ProjectArn: PROJECT, VersionNames: ["v1"] })).ProjectVersionDescriptions).toEqual([]);
    expect(((await failure(client.describeProjectVersions({ ProjectArn: PROJECT, VersionNames: ["v1", "v9"] }))) as Error).name).toBe("ThrottlingException");
  });

  test("only a correctly signed request uses it: a forged or unsigned one is refused as usual and leaves it queued", async () => {
    const { simulator, create } = setup();
    simulator.queueResponse({ respond: { scenario: "create-InternalServerError" } });
    const forged = await simulator.handle(
      await signedRequest({
        body: { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output },
        time: START,
        credentials: { ...SIMULATOR_CREDENTIALS, secretAccessKey: "x" },
      }),
    );
    expect((await forged.json()).__type).toBe("InvalidSignatureException");
    expect(simulator.pendingResponses()).toHaveLength(1);
    expect(((await failure(create("v1"))) as Error).name).toBe("InternalServerError");
  });

  test("a spelt-out answer: status, headers and body as given; a request id, Date and JSON 1.1 type added unless given", async () => {
    const { simulator, raw } = setup();
    simulator.queueResponse({ respond: { status: 503, headers: { "Retry-After": "1" }, body: { message: "Service Unavailable" } } });
    simulator.queueResponse({
      respond: { status: 502, headers: { "Content-Type": "text/html", "x-amzn-RequestId": "given" }, body: "<html>Bad Gateway</html>" },
    });
    const first = await raw("CreateProjectVersion", {});
    expect([first.status, first.headers.get("retry-after"), first.headers.get("content-type"), first.headers.get("date")]).toEqual([
      503,
      "1",
      "application/x-amz-json-1.1",
      new Date(START).toUTCString(),
    ]);
    expect(first.headers.get("x-amzn-requestid")).toBe(simulator.requests()[0]!.id);
    expect(await first.json()).toEqual({ message: "Service Unavailable" });
    const second = await raw("CreateProjectVersion", {});
    expect([second.status, second.headers.get("content-type"), second.headers.get("x-amzn-requestid"), await second.text()]).toEqual([
      502,
      "text/html",
      "given",
      "<html>Bad Gateway</html>",
    ]);
    expect(simulator.requests()[1]!.response).toEqual({ status: 502 });
  });

  test("bad specs are refused with the reason: 400", async () => {
    const { admin } = setup();
    const refused = async (spec: unknown) => {
      const answer = await admin("POST", "responses", spec);
      expect(answer.status).toBe(400);
      return answer.body.error as string;
    };
    expect(await refused({ respond: { scenario: "nope" } })).toStartWith("respond.scenario must be");
    expect(await refused({ respond: { fault: "MELTDOWN" } })).toStartWith("respond.fault must be");
    expect(await refused({ respond: { scenario: "create-ThrottlingException", fault: "LOST_ANSWER" } })).toBe(
      "respond must have only one of scenario, status and fault",
    );
    expect(await refused({ respond: { body: {} } })).toBe("respond headers and body go with status");
    expect(await refused({ respond: {} })).toBe("respond must have scenario, status, fault or delayMs");
    expect(await refused({ respond: { status: 99 } })).toBe("respond.status must be 200 to 599");
    expect(await refused({ operation: "DeleteProject", respond: { fault: "LOST_ANSWER" } })).toStartWith("operation must be");
    expect(await refused({ times: 0, respond: { fault: "LOST_ANSWER" } })).toBe("times must be an integer ≥ 1");
    expect(await refused({ match: { versionName: "x" }, respond: { fault: "LOST_ANSWER" } })).toStartWith("match.versionName");
    expect(await refused({ respond: { fault: "LOST_ANSWER", delayMs: -1 } })).toBe("respond.delayMs must be ≥ 0");
    expect(await refused({})).toStartWith("respond ");
    expect((await admin("GET", "responses")).body.responses).toEqual([]);
  });

  test("GET lists the pending answers with what is left; DELETE drops them", async () => {
    const { admin, create } = setup();
    const { body } = await admin("POST", "responses", { operation: "CreateProjectVersion", times: 3, respond: { status: 500, body: {} } });
    await failure(create("v1"));
    expect((await admin("GET", "responses")).body).toEqual({
      responses: [{ id: body.id, operation: "CreateProjectVersion", times: 3, remaining: 2, respond: { status: 500, body: {} } }],
    });
    expect(await admin("DELETE", "responses")).toEqual({ status: 200, body: { cleared: 1 } });
    expect(await failure(create("v2"))).toBeUndefined();
  });

  test("DELETE with ?id= drops that one answer, the others kept and still in order; an id not pending is a 404", async () => {
    const { admin, create, simulator } = setup();
    const ids: string[] = [];
    for (const status of [500, 501, 502]) {
      ids.push((await admin("POST", "responses", { operation: "CreateProjectVersion", respond: { status, body: {} } })).body.id);
    }
    const changes: unknown[] = [];
    const unsubscribe = simulator.subscribe((change) => changes.push(change));
    expect(await admin("DELETE", `responses?id=${ids[1]}`)).toEqual({ status: 200, body: { removed: ids[1] } });
    unsubscribe();
    expect(changes).toEqual([{ type: "state", what: "responses" }]); // pushed to every open dashboard
    expect((await admin("GET", "responses")).body.responses.map((pending: { id: string }) => pending.id)).toEqual([ids[0], ids[2]]);
    expect(await failure(create("v1"))).toMatchObject({ $metadata: { httpStatusCode: 500 } });
    expect(await failure(create("v2"))).toMatchObject({ $metadata: { httpStatusCode: 502 } });
    for (const id of [ids[0]!, ids[1]!, "no-such-id", ""]) {
      const missing = await admin("DELETE", `responses?id=${encodeURIComponent(id)}`);
      expect([missing.status, missing.body.error]).toEqual([404, expect.stringContaining("is pending")]);
    }
    expect(await failure(create("v3"))).toBeUndefined();
  });
});

describe("faults, as a fetch client meets them", () => {
  async function faultOfCreate(fault: string, VersionName = "v1") {
    const { simulator, raw } = setup();
    simulator.queueResponse({ operation: "CreateProjectVersion", respond: { fault: fault as "LOST_ANSWER" } });
    const request = await signedRequest({ body: { ProjectArn: PROJECT, VersionName, OutputConfig: output }, time: START });
    const error = await failure(simulator.fetch(request));
    return { simulator, raw, error: error as TypeError & { cause?: { code?: string } } };
  }

  test("CONNECTION_RESET: fetch fails as on a reset (ECONNRESET) and nothing is committed", async () => {
    const { simulator, error } = await faultOfCreate("CONNECTION_RESET");
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toStartWith("fetch failed");
    expect(error.cause?.code).toBe("ECONNRESET");
    expect(simulator.versions(PROJECT)).toEqual([]);
    expect(simulator.requests()[0]!.response).toEqual({ status: 0, fault: "CONNECTION_RESET" });
  });

  test("EMPTY_RESPONSE: fetch fails as on a closed socket (other side closed) and nothing is committed", async () => {
    const { simulator, error } = await faultOfCreate("EMPTY_RESPONSE");
    expect(error.cause?.code).toBe("UND_ERR_SOCKET");
    expect(simulator.versions(PROJECT)).toEqual([]);
    expect(simulator.requests()[0]!.response).toEqual({ status: 0, fault: "EMPTY_RESPONSE" });
  });

  test("LOST_ANSWER: the create commits, then fetch fails; the journal keeps the answer that was lost", async () => {
    const { simulator, error } = await faultOfCreate("LOST_ANSWER");
    expect(error.cause?.code).toBe("UND_ERR_SOCKET");
    expect(simulator.versions(PROJECT).map(({ name }) => name)).toEqual(["v1"]);
    expect(simulator.requests()[0]!.response).toEqual({ status: 200, fault: "LOST_ANSWER" });
  });

  test("TRUNCATED_BODY: the create commits; the answer declares its full length and its body breaks off halfway", async () => {
    const { simulator } = setup();
    simulator.queueResponse({ respond: { fault: "TRUNCATED_BODY" } });
    const response = await simulator.fetch(await signedRequest({ body: { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output }, time: START }));
    expect(faultOf(response)).toBe("TRUNCATED_BODY");
    expect(response.status).toBe(200);
    const arn = simulator.versions(PROJECT)[0]!.arn;
    const whole = JSON.stringify({ ProjectVersionArn: arn });
    expect(Number(response.headers.get("content-length"))).toBe(whole.length);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe(whole.slice(0, Math.floor(whole.length / 2)));
    expect(await reader.read().then(() => "read", (error: Error) => `${error.name}: ${error.message}`)).toBe("TypeError: terminated");
    expect(simulator.requests()[0]!.response).toEqual({ status: 200, fault: "TRUNCATED_BODY" });
  });

  test("our client: a reset is retried (nothing was created); a lost create answer is reconciled; a truncated one too", async () => {
    const { simulator, create } = setup({}, 3);
    for (const fault of ["CONNECTION_RESET", "EMPTY_RESPONSE", "LOST_ANSWER", "TRUNCATED_BODY"] as const) {
      simulator.queueResponse({ operation: "CreateProjectVersion", respond: { fault } });
      const VersionName = `after-${fault.toLowerCase().replace("_", "-")}`;
      const created = await create(VersionName);
      expect([fault, created.$metadata.attempts, created.$metadata.reconciled ?? false]).toEqual([
        fault,
        2,
        fault === "LOST_ANSWER" || fault === "TRUNCATED_BODY",
      ]);
    }
    expect(simulator.versions(PROJECT)).toHaveLength(4);
    const single = setup({}, 1);
    single.simulator.queueResponse({ respond: { fault: "CONNECTION_RESET" } });
    expect(await failure(single.create("v1"))).toBeInstanceOf(NetworkError);
  });

  test("delayMs waits that long in real time before the answer (or the fault)", async () => {
    const { simulator, create } = setup();
    simulator.queueResponse({ respond: { scenario: "create-ThrottlingException", delayMs: 120 } });
    simulator.queueResponse({ respond: { delayMs: 120 } }); // the usual answer, late
    let started = performance.now();
    expect(await failure(create("v1"))).toBeInstanceOf(ThrottlingException);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    started = performance.now();
    expect((await create("v2")).ProjectVersionArn).toContain("/version/v2/");
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  test("a queued answer's delay ends when the client gives up (simulator.fetch rejects with its reason), and on reset or DELETE /__admin/responses: no answer then, never the stale one", async () => {
    /** Resolves once `condition` holds, checking every few ms: bounded only by the test's timeout (10 minutes of delay would exceed it). */
    const until = async (condition: () => boolean) => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const late = { respond: { scenario: "create-ThrottlingException", delayMs: 600_000 } } as const;
    const onSystemClock = new RekognitionSimulator(); // the client's timeout runs in real time
    onSystemClock.queueResponse(late);
    const impatient = new RekognitionClient({
      region: "us-east-1",
      credentials: SIMULATOR_CREDENTIALS,
      fetch: onSystemClock.fetch,
      maxAttempts: 1,
      requestTimeoutMs: 50,
    });
    expect(await failure(impatient.createProjectVersion({ ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output }))).toMatchObject({
      name: "RequestTimeoutError",
    });
    await until(() => onSystemClock.requests()[0]?.response !== undefined);
    expect(onSystemClock.requests()[0]!.response).toEqual({ status: 0 });
    const aborted = new AbortController();
    onSystemClock.queueResponse(late);
    const fetched = onSystemClock.fetch(await signedRequest({ body: { ProjectArn: PROJECT, VersionName: "v2", OutputConfig: output } }), {
      signal: aborted.signal,
    });
    await until(() => onSystemClock.pendingResponses().length === 0);
    aborted.abort(new Error("given up"));
    expect(await fetched.catch((error: Error) => error.message)).toBe("given up");
    onSystemClock.queueResponse(late);
    const alreadyGone = await signedRequest({ body: { ProjectArn: PROJECT, VersionName: "v3", OutputConfig: output } });
    expect((await onSystemClock.handle(new Request(alreadyGone, { signal: AbortSignal.abort() }))).type).toBe("error");
    const lateFault = { respond: { fault: "EMPTY_RESPONSE", delayMs: 600_000 } } as const;
    for (const [cut, queued] of [["reset", late], ["clearResponses", lateFault]] as const) {
      const { simulator } = setup();
      simulator.queueResponse(queued);
      const answer = simulator.handle(await signedRequest({ body: { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output }, time: START }));
      await until(() => simulator.pendingResponses().length === 0); // taken: its delay runs
      simulator[cut]();
      expect([cut, (await answer).type]).toEqual([cut, "error"]);
      if (cut === "clearResponses") expect(simulator.requests()[0]!.response).toEqual({ status: 0 }); // dropped, not the fault it had waited to inject
      const fetched = simulator.fetch(await signedRequest({ body: { ProjectArn: PROJECT, VersionName: "v2", OutputConfig: output }, time: START }));
      expect(await fetched.then((response) => response.status)).toBe(200); // nothing queued any more: answered as usual, at once
    }
  });

  test("loseNextAnswer is a queued LOST_ANSWER for CreateProjectVersion", () => {
    const { simulator } = setup();
    simulator.loseNextAnswer({ versionName: "v1", times: 2 });
    expect(simulator.pendingResponses()).toEqual([
      {
        id: expect.stringMatching(UUID),
        operation: "CreateProjectVersion",
        match: { VersionName: "v1" },
        times: 2,
        remaining: 2,
        respond: { fault: "LOST_ANSWER" },
      },
    ]);
  });
});

describe("seed", () => {
  /** Everything generated in a short session: request ids, Logrefs, ARN times, F1 scores, page tokens. */
  async function session(seed?: number) {
    const { simulator, create, client, clock, raw } = setup(seed === undefined ? {} : { seed });
    const ids: string[] = [];
    for (const name of ["v1", "v2", "v3"]) ids.push((await create(name)).ProjectVersionArn);
    clock.advance(60_000);
    const page = await client.describeProjectVersions({ ProjectArn: PROJECT, MaxResults: 2 });
    const error = await (await raw("CreateProjectVersion", { ProjectArn: PROJECT, VersionName: "v1", OutputConfig: output })).json();
    const { ProjectArn } = simulator.addProject({ ProjectName: "added" });
    return {
      arns: ids,
      projectArn: ProjectArn,
      requestIds: simulator.requests().map(({ id }) => id),
      logref: error.Logref as string,
      f1: page.ProjectVersionDescriptions!.map(({ EvaluationResult }) => EvaluationResult!.F1Score),
      token: page.NextToken!,
    };
  }

  test("the same seed gives the same values run to run; each answer still gets its own", async () => {
    const first = await session(42);
    const second = await session(42);
    expect(second).toEqual(first);
    expect(new Set(first.requestIds).size).toBe(first.requestIds.length);
    expect(first.requestIds.every((id) => UUID.test(id))).toBe(true);
    expect(first.logref).toMatch(UUID);
    expect(new Set(first.arns.map((arn) => arn.split("/").at(-1))).size).toBe(3);
    expect(first.f1.every((score) => score! >= 0.85 && score! <= 0.99)).toBe(true);
    const other = await session(43);
    for (const key of ["arns", "requestIds", "logref", "token", "projectArn"] as const) expect([key, other[key]]).not.toEqual([key, first[key]]);
  });

  test("seeded ARN times run on from 2026-01-01, increasing; reset starts the sequence over", async () => {
    const { simulator, create } = setup({ seed: 1 });
    const times = [];
    for (const name of ["a", "b"]) times.push(Number((await create(name)).ProjectVersionArn.split("/").at(-1)));
    expect(times[0]).toBeGreaterThan(Date.UTC(2026, 0, 1));
    expect(times[1]).toBeGreaterThan(times[0]!);
    simulator.reset();
    expect(Number((await create("a")).ProjectVersionArn.split("/").at(-1))).toBe(times[0]!);
  });

  test("a seeded UUID: version 4 and RFC 4122 variant bits set, lower-case hex, the same for a seed on every runtime", () => {
    const random = new RandomSource(1);
    expect([random.uuid(), random.uuid()]).toEqual(["a00087fb-f747-4cb8-adfe-747d23673f27", expect.stringMatching(UUID)]);
    random.restart();
    expect(random.uuid()).toBe("a00087fb-f747-4cb8-adfe-747d23673f27");
  });

  test("without a seed, request ids differ between simulators", async () => {
    const [first, second] = [await session(), await session()];
    expect(first.requestIds[0]).not.toBe(second.requestIds[0]);
  });
});

describe("maxConcurrentTrainings", () => {
  test("beyond N versions in training: LimitExceededException, after authentication and validation; a finished or stopped version frees its slot", async () => {
    const { create, simulator, raw, clock } = setup({ maxConcurrentTrainings: 2 });
    await create("v1");
    clock.advance(30_000);
    await create("v2");
    const refused = await failure(create("v3"));
    expect(refused).toBeInstanceOf(LimitExceededException);
    expect((refused as Error).message).toBe("You have reached the maximum number of concurrent training jobs for this account and region.");
    // Validation and signatures come first, like the service's own errors.
    expect((await (await raw("CreateProjectVersion", { ProjectArn: PROJECT, VersionName: "bad name", OutputConfig: output })).json()).__type).toBe(
      "InvalidParameterException",
    );
    expect((await (await raw("CreateProjectVersion", { ProjectArn: PROJECT, VersionName: "v3", OutputConfig: output }, START - 3600_000)).json()).__type).toBe(
      "InvalidSignatureException",
    );
    expect(await failure(create("v1"))).toBeInstanceOf(ResourceInUseException);
    clock.advance(30_000); // v1 has trained 60 s: done
    await create("v3");
    expect(await failure(create("v4"))).toBeInstanceOf(LimitExceededException);
    simulator.setVersionStatus({ ProjectArn: PROJECT, VersionName: "v2", Status: "STOPPED" });
    await create("v4");
    expect(simulator.versions(PROJECT).map(({ name }) => name)).toEqual(["v4", "v3", "v2", "v1"]);
  });

  test("counts every project of the simulator; without the option there is no limit", async () => {
    const limited = setup({ maxConcurrentTrainings: 1 });
    await limited.create("a", DEMO_PROJECTS.moderation);
    expect(await failure(limited.create("b", DEMO_PROJECTS.customLabels))).toBeInstanceOf(LimitExceededException);
    const free = setup();
    for (let i = 0; i < 20; i++) await free.create(`v${i}`);
    expect(() => new RekognitionSimulator({ maxConcurrentTrainings: 1.5 })).toThrow(RangeError);
  });
});

describe("the control plane itself", () => {
  test("unknown endpoint: 404 listing the endpoints; wrong method: 405 with Allow; a body that is not JSON: 400", async () => {
    const { admin, simulator } = setup();
    const missing = await admin("GET", "nope");
    expect(missing.status).toBe(404);
    expect(missing.body.endpoints).toContain("POST /__admin/responses");
    expect(missing.body.endpoints).toContain("GET /__admin/events");
    expect(missing.body.endpoints).toHaveLength(15);
    const wrong = await simulator.fetch("http://127.0.0.1/__admin/reset", { method: "GET" });
    expect([wrong.status, wrong.headers.get("allow")]).toEqual([405, "POST"]);
    const broken = await simulator.fetch("http://127.0.0.1/__admin/projects", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect([broken.status, await broken.json()]).toEqual([400, { error: "the body is not JSON" }]);
    expect((await admin("GET", "health/")).status).toBe(200); // a trailing slash is fine
  });

  test("with a token: 401 in JSON without it, with another or a prefix or extension of it, never echoing it; Bearer in any case; sameSecret equal only for the same text", async () => {
    const { simulator } = setup();
    const call = (authorization?: string) =>
      handleAdminRequest(simulator, new Request("http://127.0.0.1/__admin/state", { headers: authorization === undefined ? {} : { authorization } }), {
        token: "s3cret-token",
      });
    for (const authorization of [undefined, "Bearer wrong", "Bearer s3cret-toke", "Bearer s3cret-token-", "Basic s3cret-token", "s3cret-token"]) {
      const response = await call(authorization);
      expect([authorization, response.status]).toEqual([authorization, 401]);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      expect(JSON.stringify(await response.json())).not.toContain("s3cret");
    }
    expect((await call("Bearer s3cret-token")).status).toBe(200);
    expect((await call("bearer   s3cret-token")).status).toBe(200);
    expect([sameSecret("abc", "abc"), sameSecret("abd", "abc"), sameSecret("ab", "abc"), sameSecret("abcd", "abc"), sameSecret("", "")]).toEqual([
      true,
      false,
      false,
      false,
      true,
    ]);
  });

  test("the TypeScript methods and the endpoints are the same operations", async () => {
    // The clients' calls must be the same request to the byte: one amz-sdk-invocation-id for both worlds.
    const { randomUUID } = crypto;
    crypto.randomUUID = () => "00000000-0000-4000-8000-000000000000";
    try {
      const viaHttp = setup({ seed: 5 });
      const viaMethods = setup({ seed: 5 });
      await viaHttp.admin("POST", "projects", { ProjectName: "p" });
      viaMethods.simulator.addProject({ ProjectName: "p" });
      for (const world of [viaHttp, viaMethods]) await world.create("v1");
      await viaHttp.admin("POST", "versions/status", { ProjectArn: PROJECT, VersionName: "v1", Status: "RUNNING" });
      viaMethods.simulator.setVersionStatus({ ProjectArn: PROJECT, VersionName: "v1", Status: "RUNNING" });
      await viaHttp.admin("POST", "clock/advance", { seconds: 10 });
      viaMethods.simulator.advanceClock(10);
      await viaHttp.admin("POST", "clock/skew", { seconds: 3 });
      viaMethods.simulator.setClockSkew(3);
      await viaHttp.admin("POST", "responses", { respond: { fault: "LOST_ANSWER" } });
      viaMethods.simulator.queueResponse({ respond: { fault: "LOST_ANSWER" } });
      const snapshot = async (world: ReturnType<typeof setup>) => ({
        state: (await world.admin("GET", "state")).body,
        // Latency is real time, the one thing the two worlds cannot share.
        requests: (await world.admin("GET", "requests")).body.requests.map(({ latencyMs: _, ...entry }: { latencyMs: number }) => entry),
        responses: (await world.admin("GET", "responses")).body,
      });
      expect(await snapshot(viaHttp)).toEqual(await snapshot(viaMethods));
      expect(() => viaMethods.simulator.advanceClock(-5)).toThrow("seconds must be ≥ 0");
    } finally {
      crypto.randomUUID = randomUUID;
    }
  });
});
