/** The MSW handlers with `setupServer` (msw/node), and our own client through every scenario. */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { http } from "msw";
import { setupServer } from "msw/node";
import { NetworkError, RekognitionClient, type RekognitionClientConfig } from "../mod.ts";
import { VirtualClock } from "../harness/clock.ts";
import {
  handlers,
  REKOGNITION_ENDPOINTS,
  scenarioHandler,
  scenarioHandlers,
  scenarioSequence,
  simulator as defaultSimulator,
  simulatorHandlers,
  triggerHandlers,
} from "../fixtures/msw.ts";
import { type ScenarioName, SCENARIOS } from "../fixtures/scenarios.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { expectOurOutcome, scenarioInput } from "./fixtures-helpers.ts";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const output = { S3Bucket: "amzn-s3-demo-bucket" };
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

/** Our client with the global fetch (which MSW intercepts) on a virtual clock. */
function client(clock = new VirtualClock({ start: Date.now() }), config: Partial<RekognitionClientConfig> = {}) {
  return new RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, clock, random: () => 0.5, maxAttempts: 1, ...config });
}

/** A handler that answers 418, to see that a request fell through to it (handlers are tried in order). */
const teapot = http.post(REKOGNITION_ENDPOINTS, () => new Response("fell through", { status: 418 }));

describe("simulator handlers", () => {
  test("create, describe and train through intercepted fetch, on the simulator's virtual clock", async () => {
    const clock = new VirtualClock({ start: Date.now() });
    const simulator = new RekognitionSimulator({ clock, trainingSeconds: 30 });
    server.use(...simulatorHandlers(simulator));
    const ours = client(clock);
    const { ProjectVersionArn } = await ours.createProjectVersion({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1", OutputConfig: output });
    expect(ProjectVersionArn).toContain("/demo-custom-labels/version/v1/");
    const status = async () =>
      (await ours.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: ["v1"] })).ProjectVersionDescriptions![0]!.Status;
    expect(await status()).toBe("TRAINING_IN_PROGRESS");
    clock.advance(30_000);
    expect(await status()).toBe("TRAINING_COMPLETED");
  });

  test("the default `handlers` answer from the exported `simulator` (system clock, demo projects)", async () => {
    server.use(...handlers);
    const name = `default-${crypto.randomUUID().slice(0, 8)}`;
    const { ProjectVersionArn } = await client(new VirtualClock({ start: Date.now() })).createProjectVersion({
      ProjectArn: DEMO_PROJECTS.moderation,
      VersionName: name,
      OutputConfig: output,
    });
    expect(defaultSimulator.versions(DEMO_PROJECTS.moderation).find((version) => version.name === name)?.arn).toBe(ProjectVersionArn);
  });

  test("the simulator still verifies signatures behind MSW", async () => {
    server.use(...simulatorHandlers(new RekognitionSimulator()));
    const wrong = client(undefined, { credentials: { ...SIMULATOR_CREDENTIALS, secretAccessKey: "wrong" } });
    const error = (await failure(wrong.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels }))) as Error;
    expect(error.name).toBe("InvalidSignatureException");
  });

  test("a custom endpoint URL", async () => {
    server.use(...simulatorHandlers(new RekognitionSimulator(), { url: "http://localhost:4599/" }));
    const local = client(undefined, { endpoint: "http://localhost:4599" });
    expect((await local.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels })).ProjectVersionDescriptions).toEqual([]);
  });

  test("a lost answer is a network error; our client retries and reconciles", async () => {
    const simulator = new RekognitionSimulator();
    server.use(...simulatorHandlers(simulator));
    simulator.loseNextAnswer();
    const raw = await failure(fetch("https://rekognition.us-east-1.amazonaws.com/", { method: "POST", body: "{}" }));
    expect(raw).toBeUndefined(); // unsigned: refused before anything is created, so nothing is lost
    const ours = client(undefined, { maxAttempts: 3 });
    const created = await ours.createProjectVersion({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1", OutputConfig: output });
    expect(created.$metadata.reconciled).toBe(true);
    expect(created.ProjectVersionArn).toBe(simulator.versions(DEMO_PROJECTS.customLabels)[0]!.arn);
    simulator.loseNextAnswer();
    expect(await failure(client().createProjectVersion({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v2", OutputConfig: output }))).toBeInstanceOf(
      NetworkError,
    );
  });
});

describe("scenario handlers", () => {
  const names = Object.keys(SCENARIOS) as ScenarioName[];

  test.each(names)("our client does what %s expects", async (name) => {
    const scenario = SCENARIOS[name];
    server.use(scenarioHandler(name));
    const ours = client();
    const input = scenarioInput(scenario);
    const outcome = await (scenario.request.operation === "CreateProjectVersion"
      ? ours.createProjectVersion(input as Parameters<RekognitionClient["createProjectVersion"]>[0])
      : ours.describeProjectVersions(input as Parameters<RekognitionClient["describeProjectVersions"]>[0])).catch((error: unknown) =>
        error
      );
    expectOurOutcome(scenario, outcome);
  });

  test("a scenario handler answers any request of its operation (not only its trigger), others fall through", async () => {
    server.resetHandlers(scenarioHandlers()["create-LimitExceededException"], teapot);
    const ours = client();
    expect(
      ((await failure(ours.createProjectVersion({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "any-name", OutputConfig: output }))) as Error).name,
    ).toBe("LimitExceededException");
    const described = (await failure(ours.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels }))) as { $metadata: { httpStatusCode: number } };
    expect(described.$metadata.httpStatusCode).toBe(418);
  });

  test("matchBody: only requests holding the trigger; once: only one request", async () => {
    server.resetHandlers(scenarioHandler("create-ThrottlingException", { matchBody: true }), teapot);
    const ours = client();
    const create = (VersionName: string) => failure(ours.createProjectVersion({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName, OutputConfig: output }));
    expect(((await create("v1")) as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(418);
    expect(((await create("fixture-ThrottlingException")) as Error).name).toBe("ThrottlingException");
    server.resetHandlers(scenarioHandler("create-ServiceQuotaExceededException", { once: true }), teapot);
    expect(((await create("v1")) as Error).name).toBe("ServiceQuotaExceededException");
    expect(((await create("v1")) as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(418);
  });

  test("triggerHandlers route each request to the scenario its body triggers", async () => {
    server.resetHandlers(...triggerHandlers(), teapot);
    const ours = client();
    expect(
      ((await failure(
        ours.createProjectVersion({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "fixture-NamespacedType", OutputConfig: output }),
      )) as Error).name,
    ).toBe(
      "ResourceNotFoundException",
    );
    const page = await ours.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: ["fixture-TRAINING_FAILED"] });
    expect(page.ProjectVersionDescriptions![0]!.Status).toBe("TRAINING_FAILED");
    expect(
      ((await failure(ours.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels }))) as { $metadata: { httpStatusCode: number } }).$metadata
        .httpStatusCode,
    ).toBe(418);
  });
});

describe("sequences for retry tests", () => {
  test("throttle twice, then succeed: our client succeeds on the third attempt; later requests fall through", async () => {
    const clock = new VirtualClock({ start: Date.now() });
    const simulator = new RekognitionSimulator({ clock });
    const sequence = scenarioSequence(["create-ThrottlingException", "create-ThrottlingException", "create-project-version-success"]);
    server.use(sequence, ...simulatorHandlers(simulator));
    const ours = client(clock, { maxAttempts: 3 });
    const created = await ours.createProjectVersion({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1", OutputConfig: output });
    expect(created.ProjectVersionArn).toBe((SCENARIOS["create-project-version-success"].response.body as { ProjectVersionArn: string }).ProjectVersionArn);
    expect(created.$metadata.attempts).toBe(3);
    expect(created.$metadata.totalRetryDelayMs).toBeGreaterThan(0);
    expect(clock.sleeps).toHaveLength(2);
    expect(sequence.answered).toBe(3);
    const next = await ours.createProjectVersion({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v2", OutputConfig: output });
    expect(next.ProjectVersionArn).toBe(simulator.versions(DEMO_PROJECTS.customLabels)[0]!.arn);
    expect(sequence.answered).toBe(3);
  });

  test("a step answers only its own operation; others pass by without using it", async () => {
    const simulator = new RekognitionSimulator();
    const sequence = scenarioSequence(["create-InternalServerError", "describe-training-completed"]);
    server.use(sequence, ...simulatorHandlers(simulator));
    const ours = client();
    expect((await ours.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels })).ProjectVersionDescriptions).toEqual([]);
    expect(sequence.answered).toBe(0);
    expect(((await failure(ours.createProjectVersion({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1", OutputConfig: output }))) as Error).name)
      .toBe("InternalServerError");
    expect((await ours.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels })).ProjectVersionDescriptions![0]!.Status).toBe("TRAINING_COMPLETED");
    expect(sequence.answered).toBe(2);
  });
});

describe("the control plane, queued answers and faults through MSW, as through the server", () => {
  const ENDPOINT = "https://rekognition.us-east-1.amazonaws.com";
  const admin = async (method: string, path: string, body?: unknown, origin = ENDPOINT) => {
    const response = await fetch(`${origin}/__admin/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  };

  test("/__admin/ answers on the intercepted origin: queue two throttles, our client retries through them, the journal shows three signed requests", async () => {
    const clock = new VirtualClock({ start: Date.now() });
    const simulator = new RekognitionSimulator({ clock });
    server.use(...simulatorHandlers(simulator));
    const queued = await admin("POST", "responses", { operation: "CreateProjectVersion", times: 2, respond: { scenario: "create-ThrottlingException" } });
    expect(queued.status).toBe(200);
    const created = await client(clock, { maxAttempts: 3 }).createProjectVersion({
      ProjectArn: DEMO_PROJECTS.customLabels,
      VersionName: "v1",
      OutputConfig: output,
    });
    expect(created.$metadata.attempts).toBe(3);
    const { body } = await admin("GET", "requests?operation=CreateProjectVersion");
    expect(body.requests.map(({ signature, response }: { signature: string; response: { status: number } }) => `${signature} ${response.status}`)).toEqual([
      "valid 500",
      "valid 500",
      "valid 200",
    ]);
    expect((await admin("POST", "reset")).status).toBe(200);
    expect(simulator.versions(DEMO_PROJECTS.customLabels)).toEqual([]);
  });

  test("faults: a reset is a network error and nothing is created; a lost or truncated create answer is reconciled", async () => {
    const simulator = new RekognitionSimulator();
    server.use(...simulatorHandlers(simulator));
    const once = client(undefined, { maxAttempts: 1 });
    await admin("POST", "responses", { respond: { fault: "CONNECTION_RESET" } });
    expect(await failure(once.createProjectVersion({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1", OutputConfig: output }))).toBeInstanceOf(
      NetworkError,
    );
    expect(simulator.versions(DEMO_PROJECTS.customLabels)).toEqual([]);
    for (const fault of ["LOST_ANSWER", "TRUNCATED_BODY"]) {
      await admin("POST", "responses", { operation: "CreateProjectVersion", respond: { fault } });
      const created = await client(undefined, { maxAttempts: 2 }).createProjectVersion({
        ProjectArn: DEMO_PROJECTS.customLabels,
        VersionName: fault,
        OutputConfig: output,
      });
      expect([fault, created.$metadata.reconciled]).toEqual([fault, true]);
    }
    expect(simulator.requests().map(({ response }) => response?.fault ?? null)).toEqual([
      "CONNECTION_RESET",
      "LOST_ANSWER",
      null,
      null,
      "TRUNCATED_BODY",
      null,
      null,
    ]);
  });

  test("a custom endpoint URL: the control plane is on its origin", async () => {
    const simulator = new RekognitionSimulator();
    server.use(...simulatorHandlers(simulator, { url: "http://localhost:4599/" }));
    expect((await admin("GET", "health", undefined, "http://localhost:4599")).body).toMatchObject({ status: "ok" });
    await admin("POST", "versions/status", { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "none", Status: "RUNNING" }, "http://localhost:4599").then((
      { status },
    ) => expect(status).toBe(404));
  });
});
