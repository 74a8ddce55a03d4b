// Train a Rekognition Custom Labels version from Deno, and wait for it.
//   deno add npm:rekognition-edge
//   AWS_REGION=… AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… deno run --allow-env --allow-net train.ts <ProjectArn> <VersionName> <S3Bucket>
// REKOGNITION_ENDPOINT=http://127.0.0.1:4599 trains on `npx rekognition-edge serve` instead of AWS.
import { RekognitionClient, waitUntilTrainingCompleted } from "rekognition-edge";

const [ProjectArn, VersionName, S3Bucket] = Deno.args as [string, string, string];
const client = new RekognitionClient({
  region: Deno.env.get("AWS_REGION"),
  credentials: {
    accessKeyId: Deno.env.get("AWS_ACCESS_KEY_ID")!,
    secretAccessKey: Deno.env.get("AWS_SECRET_ACCESS_KEY")!,
    sessionToken: Deno.env.get("AWS_SESSION_TOKEN"),
  },
  endpoint: Deno.env.get("REKOGNITION_ENDPOINT"),
});

const { ProjectVersionArn } = await client.createProjectVersion({ ProjectArn, VersionName, OutputConfig: { S3Bucket, S3KeyPrefix: `${VersionName}/` } });
console.log(`training ${ProjectVersionArn}`);
const version = await waitUntilTrainingCompleted(client, { ProjectArn, VersionName }, {
  maxWaitTime: 24 * 3600,
  onPoll: ({ attempt, description }) => console.log(`poll ${attempt}: ${description?.Status ?? "no answer, retrying"}`),
});
console.log(`${version.Status}, F1 score ${version.EvaluationResult?.F1Score}`);
