/**
 * The official AWS SDK (@aws-sdk/client-rekognition, its default Node HTTP
 * handler, node:https) against the MSW handlers: every scenario, the simulator,
 * and its waiter. MSW intercepts node:https under Bun too, so no fetch handler
 * is needed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import {
  CreateProjectVersionCommand,
  DescribeProjectVersionsCommand,
  ResourceInUseException,
  ThrottlingException,
  waitUntilProjectVersionTrainingCompleted,
} from "@aws-sdk/client-rekognition";
import { WaiterState } from "@smithy/core/client";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { http } from "msw";
import { setupServer } from "msw/node";
import { VirtualClock } from "../harness/clock.ts";
import { REKOGNITION_ENDPOINTS, scenarioHandler, scenarioSequence, simulatorHandlers } from "../fixtures/msw.ts";
import { type ScenarioName, SCENARIOS } from "../fixtures/scenarios.ts";
import { DEMO_PROJECTS, RekognitionSimulator } from "../harness/simulator.ts";
import { expectSdkOutcome, sdkClient, sendWithSdk } from "./fixtures-helpers.ts";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const output = { S3Bucket: "amzn-s3-demo-bucket" };

test("the SDK's default request handler is the node:https one MSW intercepts", () => {
  expect(sdkClient().config.requestHandler).toBeInstanceOf(NodeHttpHandler);
});

describe("every scenario through its MSW handler", () => {
  test.each(Object.keys(SCENARIOS) as ScenarioName[])("%s", async (name) => {
    server.use(scenarioHandler(name));
    expectSdkOutcome(SCENARIOS[name], await sendWithSdk(sdkClient(), SCENARIOS[name]));
  });
});

test("a sequence: the SDK's own retries get through two throttles to the success", async () => {
  const sequence = scenarioSequence(["create-ThrottlingException", "create-ThrottlingException", "create-project-version-success"]);
  server.use(sequence);
  // The SDK sleeps for real between retries (up to seconds for throttling): a 10 ms delay keeps this fast.
  const client = sdkClient({ retryStrategy: new ConfiguredRetryStrategy(3, 10) });
  const created = await client
    .send(new CreateProjectVersionCommand({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1", OutputConfig: output }))
    .catch((error: unknown) => error);
  expect(created).not.toBeInstanceOf(ThrottlingException);
  expect((created as { $metadata: { attempts: number } }).$metadata.attempts).toBe(3);
  expect(sequence.answered).toBe(3);
});

describe("the simulator behind MSW", () => {
  /** Simulator handlers whose virtual clock moves `stepMs` after every answer (the SDK signs with the real clock). */
  function simulated(stepMs: number) {
    const clock = new VirtualClock({ start: Date.now() });
    const simulator = new RekognitionSimulator({ clock, trainingSeconds: 60 });
    const [handler] = simulatorHandlers(simulator);
    server.use(
      http.all(REKOGNITION_ENDPOINTS, async ({ request }) => {
        const response = await simulator.handle(request);
        clock.advance(stepMs);
        return response;
      }),
    );
    return { simulator, clock, handler };
  }

  test("create, then waitUntilProjectVersionTrainingCompleted completes", async () => {
    simulated(30_000);
    const client = sdkClient();
    const { ProjectVersionArn } = await client.send(
      new CreateProjectVersionCommand({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1", OutputConfig: output }),
    );
    expect(ProjectVersionArn).toContain("/demo-custom-labels/version/v1/");
    const result = await waitUntilProjectVersionTrainingCompleted(
      { client, maxWaitTime: 10, minDelay: 0.01, maxDelay: 0.02 },
      { ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: ["v1"] },
    );
    expect(result.state).toBe(WaiterState.SUCCESS);
    const [description] =
      (result.reason as { ProjectVersionDescriptions: { Status: string; EvaluationResult: { F1Score: number }; TrainingEndTimestamp: Date }[] })
        .ProjectVersionDescriptions;
    expect(description!.Status).toBe("TRAINING_COMPLETED");
    expect(description!.EvaluationResult.F1Score).toBeGreaterThan(0);
    expect(description!.TrainingEndTimestamp).toBeInstanceOf(Date);
  });

  test("a version whose training fails makes the waiter fail", async () => {
    simulated(30_000);
    const client = sdkClient();
    await client.send(
      new CreateProjectVersionCommand({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "fixture-TrainingFailed-1", OutputConfig: output }),
    );
    const error = await waitUntilProjectVersionTrainingCompleted(
      { client, maxWaitTime: 10, minDelay: 0.01, maxDelay: 0.02 },
      { ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: ["fixture-TrainingFailed-1"] },
    ).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain("FAILURE");
  });

  test("a duplicate name is ResourceInUseException; pages come back newest first with NextToken", async () => {
    simulated(0);
    const client = sdkClient();
    for (const VersionName of ["a", "b", "c"]) {
      await client.send(new CreateProjectVersionCommand({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName, OutputConfig: output }));
    }
    const duplicate = await client.send(new CreateProjectVersionCommand({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "a", OutputConfig: output }))
      .catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(ResourceInUseException);
    const first = await client.send(new DescribeProjectVersionsCommand({ ProjectArn: DEMO_PROJECTS.customLabels, MaxResults: 2 }));
    const second = await client.send(
      new DescribeProjectVersionsCommand({ ProjectArn: DEMO_PROJECTS.customLabels, MaxResults: 2, NextToken: first.NextToken! }),
    );
    const names = [...first.ProjectVersionDescriptions!, ...second.ProjectVersionDescriptions!].map(({ ProjectVersionArn }) =>
      ProjectVersionArn!.split("/")[3]
    );
    expect(names).toEqual(["c", "b", "a"]);
    expect(second.NextToken).toBeUndefined();
  });

  test("a lost answer: the SDK raises MSW's network error (which it does not retry), though the version was created", async () => {
    const { simulator } = simulated(0);
    simulator.loseNextAnswer();
    const client = sdkClient({ retryStrategy: new ConfiguredRetryStrategy(2, 10) });
    const error = await client.send(new CreateProjectVersionCommand({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "v1", OutputConfig: output })).catch(
      (caught: unknown) => caught,
    );
    expect([(error as Error).name, (error as Error).message]).toEqual(["TypeError", "Network error"]);
    expect((error as { $metadata: { attempts: number } }).$metadata.attempts).toBe(1);
    expect(simulator.versions(DEMO_PROJECTS.customLabels).map(({ name }) => name)).toEqual(["v1"]);
  });
});
