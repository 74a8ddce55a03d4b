/**
 * Record and replay in process, with MSW: the official AWS SDK records a
 * session through the recording proxy (an upstream simulator with other
 * credentials), then the same calls, the SDK's waiter included, replay from
 * the files through `replayHandlers` at Rekognition's real endpoint.
 */
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { CreateProjectVersionCommand, DescribeProjectVersionsCommand, waitUntilProjectVersionTrainingCompleted } from "@aws-sdk/client-rekognition";
import { http } from "msw";
import { setupServer } from "msw/node";
import { RekognitionClient } from "../mod.ts";
import { replayHandlers } from "../fixtures/msw.ts";
import { RecordingProxy, type RecordingStore } from "../harness/recorder.ts";
import { loadScenarioFolder, RecordingReplayer, REPLAYED_HEADER } from "../harness/replay.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import type { Scenario } from "../fixtures/scenarios.ts";
import { sdkClient, signedRequest } from "./fixtures-helpers.ts";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const REAL = { accessKeyId: "AKIAUPSTREAMMSW00001", secretAccessKey: "msw/Upstream+Secret0123456789abcdefGHIJK" };
const ProjectArn = DEMO_PROJECTS.customLabels;
const output = { S3Bucket: "amzn-s3-demo-bucket" };

/** The SDK's calls of the session, outcomes without the per-call metadata. */
async function sdkSession(endpoint?: string) {
  const client = sdkClient(endpoint === undefined ? {} : { endpoint });
  const strip = ({ $metadata: _metadata, ...rest }: { $metadata: unknown }) => rest;
  const created = strip(await client.send(new CreateProjectVersionCommand({ ProjectArn, VersionName: "sdk-v1", OutputConfig: output })));
  const waited = await waitUntilProjectVersionTrainingCompleted({ client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.1 }, {
    ProjectArn,
    VersionNames: ["sdk-v1"],
  });
  const throttled = await client
    .send(new CreateProjectVersionCommand({ ProjectArn, VersionName: "fixture-ThrottlingException", OutputConfig: output }))
    .catch((error: Error & { $metadata: { httpStatusCode?: number } }) => [error.name, error.message, error.$metadata.httpStatusCode]);
  const listed = strip(await client.send(new DescribeProjectVersionsCommand({ ProjectArn })));
  return { created, waited: [waited.state, strip(waited.reason as { $metadata: unknown })], throttled, listed };
}

test("the AWS SDK records through the proxy; the same calls replay from the files with the same results", async () => {
  const upstream = new RekognitionSimulator({ credentials: [REAL], trainingSeconds: 0.3 });
  const files = new Map<string, string>();
  const store: RecordingStore = { write: async (file, text) => void files.set(file, text) };
  const proxy = new RecordingProxy({ upstream: { region: "us-east-1", endpoint: "https://upstream.test", credentials: REAL, fetch: upstream.fetch }, store });
  server.use(http.all("https://recorder.test/", ({ request }) => proxy.handle(request)));
  const recorded = await sdkSession("https://recorder.test");
  const polls = [...files.keys()].filter((file) => /^\d+-describe-training/.test(file));
  expect(polls.length).toBeGreaterThanOrEqual(2); // in progress at least once, then completed
  expect(polls.at(-1)).toMatch(/describe-training-completed\.json$/);

  server.resetHandlers();
  const scenarios = await loadScenarioFolder(async (file) => files.get(file)!);
  server.use(...replayHandlers(scenarios));
  const replayed = await sdkSession(); // Rekognition's own endpoint, intercepted
  expect(replayed).toEqual(recorded);
  expect(recorded.waited[0]).toBe("SUCCESS");
  expect(recorded.throttled).toEqual(["ThrottlingException", "Service Unavailable", 500]);
});

test("our client through replayHandlers given a replayer: recorded progress in order, reset starts over, the recording named", async () => {
  const page = (sequence: number, Status: string): Scenario => ({
    name: `000${sequence}-describe-${Status.toLowerCase().replace(/_/g, "-")}`,
    summary: "recorded",
    request: { operation: "DescribeProjectVersions", body: { ProjectArn } },
    response: {
      status: 200,
      headers: { "Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": `r-${sequence}` },
      body: { ProjectVersionDescriptions: [{ ProjectVersionArn: `${ProjectArn.replace(/\/\d+$/, "")}/version/v1/1700000000000`, Status }] },
    },
    expect: { outcome: "success" },
    recording: { sequence, recordedAt: "2026-01-01T00:00:00.000Z", upstream: "rekognition.eu-west-1.amazonaws.com", anonymized: false },
  });
  const replayer = new RecordingReplayer([page(1, "TRAINING_IN_PROGRESS"), page(2, "TRAINING_COMPLETED")]);
  server.use(...replayHandlers(replayer));
  const client = new RekognitionClient({ region: "eu-west-1", credentials: SIMULATOR_CREDENTIALS });
  const status = async () => {
    const { ProjectVersionDescriptions, $metadata } = await client.describeProjectVersions({ ProjectArn });
    return `${ProjectVersionDescriptions![0]!.Status} ${$metadata.requestId}`;
  };
  expect([await status(), await status(), await status()]).toEqual(["TRAINING_IN_PROGRESS r-1", "TRAINING_COMPLETED r-2", "TRAINING_COMPLETED r-2"]);
  replayer.reset();
  expect(await status()).toBe("TRAINING_IN_PROGRESS r-1");
  const raw = await fetch(
    await signedRequest({
      url: "https://rekognition.eu-west-1.amazonaws.com/",
      region: "eu-west-1",
      operation: "DescribeProjectVersions",
      body: { ProjectArn },
    }),
  );
  expect(raw.headers.get(REPLAYED_HEADER)).toBe("0002-describe-training-completed");
});
