// rekognition-edge/harness in process, as a test suite uses it: the client's fetch is the simulator's,
// and a virtual clock trains the version. Web-standard: runs on Node, Bun, Deno and in workerd.
import { RekognitionClient, waitUntilTrainingCompleted } from "rekognition-edge";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS, VirtualClock } from "rekognition-edge/harness";

/** Creates a version on a simulator, sees it training, advances the clock, waits for it; throws on any surprise. */
export async function trainOnSimulator() {
  const clock = new VirtualClock({ start: Date.now() });
  const simulator = new RekognitionSimulator({ clock, trainingSeconds: 60 });
  const client = new RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, fetch: simulator.fetch });
  const target = { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "simulated" };

  const { ProjectVersionArn } = await client.createProjectVersion({ ...target, OutputConfig: { S3Bucket: "training-output", S3KeyPrefix: "simulated/" } });
  const [training] = (await client.describeProjectVersions({ ProjectArn: target.ProjectArn, VersionNames: ["simulated"] })).ProjectVersionDescriptions ?? [];
  clock.advance(60_000);
  const trained = await waitUntilTrainingCompleted(client, target, { maxWaitTime: 5, minDelay: 0.1, maxDelay: 0.1 });
  if (training?.Status !== "TRAINING_IN_PROGRESS" || trained.Status !== "TRAINING_COMPLETED" || trained.ProjectVersionArn !== ProjectVersionArn) {
    throw new Error(`unexpected: ${training?.Status} then ${trained.Status} (${trained.ProjectVersionArn} vs ${ProjectVersionArn})`);
  }
  return `simulated: ${training.Status} → ${trained.Status} after 60 virtual seconds`;
}
