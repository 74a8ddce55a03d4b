// Errors thrown by one entry and caught with `instanceof` from another, as an application does: the workflow
// helper (rekognition-edge/workflows) throws rekognition-edge's classes, whichever build the runtime loads (one
// class per name per runtime). The client's transport is the simulator's (rekognition-edge/harness).
// Prints what it checked, or throws. Runs on Node, Bun and Deno. Usage: <runtime> instanceof.mjs
import {
  RekognitionClient,
  RekognitionServiceException,
  ResourceInUseException,
  TrainingFailedError,
  ValidationError,
  WaiterFailureError,
} from "rekognition-edge";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS, VirtualClock } from "rekognition-edge/harness";
import { trainProjectVersion } from "rekognition-edge/workflows";

const clock = new VirtualClock({ start: Date.now() });
const simulator = new RekognitionSimulator({ clock, trainingSeconds: 0 });
const client = new RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, fetch: simulator.fetch, clock });
/** A Workflow `step` that runs each step once and sleeps not at all. */
const step = { do: (_name, config, callback) => (callback ?? config)(), sleep: async () => {} };
const input = (VersionName) => ({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName, OutputConfig: { S3Bucket: "training-output" } });

/** What `trainProjectVersion(VersionName)` rejects with; throws if it resolves. */
async function rejection(VersionName) {
  const error = await trainProjectVersion(step, client, input(VersionName), { clock }).then(() => undefined, (error) => error);
  if (error === undefined) throw new Error(`trainProjectVersion(${JSON.stringify(VersionName)}) resolved`);
  return error;
}

const checked = [];
/** `error` must be an instance of each class (imported from rekognition-edge), as `name` says it is. */
function expectInstance(error, name, ...classes) {
  const failed = classes.filter((each) => !(error instanceof each)).map((each) => each.name);
  if (error?.name !== name || failed.length > 0) {
    throw new Error(`a ${error?.name} from rekognition-edge/workflows is not an instance of rekognition-edge's ${failed.join(", ") || name}`);
  }
  checked.push(`${name} instanceof ${classes.map((each) => each.name).join(", ")}`);
}

expectInstance(await rejection("not a valid name!"), "ValidationError", ValidationError);
await client.createProjectVersion(input("taken"));
expectInstance(await rejection("taken"), "ResourceInUseException", ResourceInUseException, RekognitionServiceException);
expectInstance(await rejection("fixture-TrainingFailed-1"), "TrainingFailedError", TrainingFailedError, WaiterFailureError);
console.log(`caught across entries: ${checked.join("; ")}`);
