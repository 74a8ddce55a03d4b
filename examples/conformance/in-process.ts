/**
 * Grading a JavaScript client in-process (Bun, Node, Deno): `runConformance`
 * calls the client once per case with the driver contract's environment and
 * a signal aborted at the case's time limit; resolving is exit 0, throwing is
 * a failure. Here the client is rekognition-edge itself (the same calls as
 * examples/conformance/rekognition-edge.mjs, without a process per case).
 *
 *   import { runConformance } from "rekognition-edge/harness/node";
 *   const report = await runConformance({ client: rekognitionEdge, clientName: "rekognition-edge (in-process)" });
 */
import { RekognitionClient, waitUntilTrainingCompleted } from "rekognition-edge";
import type { ConformanceClient } from "rekognition-edge/harness/node";

/** rekognition-edge, as an in-process conformance client. */
export const rekognitionEdge: ConformanceClient = async (env, { signal }) => {
  const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN };
  const client = new RekognitionClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL_REKOGNITION, credentials });
  const [ProjectArn, VersionName] = [env.REKOGNITION_EDGE_PROJECT_ARN, env.REKOGNITION_EDGE_VERSION_NAME];
  await client.createProjectVersion({ ProjectArn, VersionName, OutputConfig: { S3Bucket: env.REKOGNITION_EDGE_OUTPUT_BUCKET } }, { signal });
  if (env.REKOGNITION_EDGE_ACTION === "create-and-wait") {
    await waitUntilTrainingCompleted(client, { ProjectArn, VersionName }, { maxWaitTime: Number(env.REKOGNITION_EDGE_TIME_LIMIT_SECONDS), signal });
  }
};
