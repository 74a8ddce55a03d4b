// A rekognition-edge conformance driver for the AWS SDK for JavaScript v3 (the driver contract: docs/conformance.md).
//   rekognition-edge conformance -- node examples/conformance/aws-sdk-js-v3.mjs
// Endpoint (AWS_ENDPOINT_URL), region and credentials come from the environment, as the SDK reads them by default.
import { CreateProjectVersionCommand, RekognitionClient, waitUntilProjectVersionTrainingCompleted } from "@aws-sdk/client-rekognition";

const env = process.env;
const client = new RekognitionClient({});
const [ProjectArn, VersionName] = [env.REKOGNITION_EDGE_PROJECT_ARN, env.REKOGNITION_EDGE_VERSION_NAME];
try {
  const input = { ProjectArn, VersionName, OutputConfig: { S3Bucket: env.REKOGNITION_EDGE_OUTPUT_BUCKET } };
  console.log((await client.send(new CreateProjectVersionCommand(input))).ProjectVersionArn);
  if (env.REKOGNITION_EDGE_ACTION === "create-and-wait") {
    // A training's wait; the SDK refuses a maxWaitTime not above the waiter's 120-s minDelay (the kit's time limit stops it sooner).
    await waitUntilProjectVersionTrainingCompleted({ client, maxWaitTime: 24 * 3600 }, { ProjectArn, VersionNames: [VersionName] });
  }
} catch (error) {
  console.error(error.name); // the last stderr line: the error's name (informative only)
  process.exitCode = 1;
}
