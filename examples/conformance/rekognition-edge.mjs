// A rekognition-edge conformance driver for rekognition-edge itself (the driver contract: docs/conformance.md).
//   rekognition-edge conformance -- node examples/conformance/rekognition-edge.mjs
// The same client graded in-process, without a process per case: examples/conformance/in-process.ts.
import { RekognitionClient, waitUntilTrainingCompleted } from "rekognition-edge";

const env = process.env;
const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN };
const client = new RekognitionClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL_REKOGNITION ?? env.AWS_ENDPOINT_URL, credentials });
const [ProjectArn, VersionName] = [env.REKOGNITION_EDGE_PROJECT_ARN, env.REKOGNITION_EDGE_VERSION_NAME];
try {
  const output = await client.createProjectVersion({ ProjectArn, VersionName, OutputConfig: { S3Bucket: env.REKOGNITION_EDGE_OUTPUT_BUCKET } });
  console.log(output.ProjectVersionArn);
  if (env.REKOGNITION_EDGE_ACTION === "create-and-wait") {
    await waitUntilTrainingCompleted(client, { ProjectArn, VersionName }, { maxWaitTime: Number(env.REKOGNITION_EDGE_TIME_LIMIT_SECONDS) });
  }
} catch (error) {
  console.error(error.name); // the last stderr line: the error's name (informative only)
  process.exitCode = 1;
}
