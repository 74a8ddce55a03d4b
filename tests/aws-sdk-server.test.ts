/**
 * The official AWS SDK and our own client against the standalone server (in
 * eu-west-1: clients sign for the server's region), over real HTTP: every
 * trigger, the waiter on real (short) training, and a lost answer as a
 * dropped connection.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CreateProjectVersionCommand, ResourceInUseException, waitUntilProjectVersionTrainingCompleted } from "@aws-sdk/client-rekognition";
import { WaiterState } from "@smithy/core/client";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { type CreateProjectVersionInput, type DescribeProjectVersionsInput, RekognitionClient } from "../mod.ts";
import { type RunningServer, startNodeServer } from "../harness/node/server.ts";
import { type Scenario, SCENARIOS } from "../fixtures/scenarios.ts";
import { demoProjects, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { expectOurOutcome, expectSdkOutcome, scenarioInput, sdkClient, sendWithSdk } from "./fixtures-helpers.ts";

const DEMO_PROJECTS = demoProjects("eu-west-1");
let server: RunningServer;
beforeAll(async () => {
  server = await startNodeServer({ simulator: new RekognitionSimulator({ trainingSeconds: 0.2, region: "eu-west-1" }) });
});
afterAll(() => server.close());

const output = { S3Bucket: "amzn-s3-demo-bucket" };
const triggers = Object.values(SCENARIOS).filter((scenario) => scenario.request.body !== undefined) as Scenario[];
const sdk = () => sdkClient({ endpoint: server.url, region: "eu-west-1" });
const ours = (maxAttempts = 1) => new RekognitionClient({ endpoint: server.url, region: "eu-west-1", credentials: SIMULATOR_CREDENTIALS, maxAttempts });

describe("every trigger, in the server's region", () => {
  test.each(triggers.map((scenario) => [scenario.name, scenario] as const))("the AWS SDK: %s", async (_, scenario) => {
    expectSdkOutcome(scenario, await sendWithSdk(sdk(), scenario, DEMO_PROJECTS.customLabels));
  });

  test.each(triggers.map((scenario) => [scenario.name, scenario] as const))("our client: %s", async (_, scenario) => {
    const client = ours();
    const input = scenarioInput(scenario, DEMO_PROJECTS.customLabels);
    const outcome = await (scenario.request.operation === "CreateProjectVersion"
      ? client.createProjectVersion(input as CreateProjectVersionInput)
      : client.describeProjectVersions(input as DescribeProjectVersionsInput)).catch((error: unknown) =>
        error
      );
    expectOurOutcome(scenario, outcome);
  });
});

describe("the simulator over HTTP", () => {
  test("the AWS SDK creates a version and waitUntilProjectVersionTrainingCompleted completes (0.2 s of real training)", async () => {
    const client = sdk();
    const { ProjectVersionArn } = await client.send(
      new CreateProjectVersionCommand({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "sdk-v1", OutputConfig: output }),
    );
    expect(ProjectVersionArn).toBe(server.simulator.versions(DEMO_PROJECTS.customLabels).find(({ name }) => name === "sdk-v1")!.arn);
    const result = await waitUntilProjectVersionTrainingCompleted(
      { client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.1 },
      { ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: ["sdk-v1"] },
    );
    expect(result.state).toBe(WaiterState.SUCCESS);
  });

  test("the waiter fails for a fixture-TrainingFailed version", async () => {
    const client = sdk();
    await client.send(
      new CreateProjectVersionCommand({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "fixture-TrainingFailed-sdk", OutputConfig: output }),
    );
    const error = await waitUntilProjectVersionTrainingCompleted(
      { client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.1 },
      { ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: ["fixture-TrainingFailed-sdk"] },
    ).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain("FAILURE");
  });

  test("a lost answer drops the connection: the SDK retries and meets ResourceInUseException; our client reconciles", async () => {
    const sdkError = await sdkClient({ endpoint: server.url, region: "eu-west-1", retryStrategy: new ConfiguredRetryStrategy(2, 10) })
      .send(new CreateProjectVersionCommand({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "fixture-LostAnswer-sdk", OutputConfig: output }))
      .catch((caught: unknown) => caught);
    expect(sdkError).toBeInstanceOf(ResourceInUseException);
    expect((sdkError as ResourceInUseException).$metadata.attempts).toBe(2);

    server.simulator.loseNextAnswer({ versionName: "ours-lost" });
    const created = await ours(3).createProjectVersion({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "ours-lost", OutputConfig: output });
    expect(created.$metadata.reconciled).toBe(true);
    expect(created.ProjectVersionArn).toBe(server.simulator.versions(DEMO_PROJECTS.customLabels).find(({ name }) => name === "ours-lost")!.arn);
  });
});
