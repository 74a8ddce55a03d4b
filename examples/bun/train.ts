// Train a Rekognition Custom Labels version from a Bun script, and wait for it.
//   bun add rekognition-edge
//   AWS_REGION=… AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… bun train.ts <ProjectArn> <VersionName> <S3Bucket>
// REKOGNITION_ENDPOINT=http://127.0.0.1:4599 trains on `npx rekognition-edge serve` instead of AWS.
import { RekognitionClient, waitUntilTrainingCompleted } from "rekognition-edge";

const [ProjectArn, VersionName, S3Bucket] = Bun.argv.slice(2) as [string, string, string];
const client = new RekognitionClient({
  region: Bun.env.AWS_REGION,
  credentials: { accessKeyId: Bun.env.AWS_ACCESS_KEY_ID!, secretAccessKey: Bun.env.AWS_SECRET_ACCESS_KEY!, sessionToken: Bun.env.AWS_SESSION_TOKEN },
  endpoint: Bun.env.REKOGNITION_ENDPOINT,
});

const { ProjectVersionArn } = await client.createProjectVersion({ ProjectArn, VersionName, OutputConfig: { S3Bucket, S3KeyPrefix: `${VersionName}/` } });
console.log(`training ${ProjectVersionArn}`);
const version = await waitUntilTrainingCompleted(client, { ProjectArn, VersionName }, {
  maxWaitTime: 24 * 3600,
  onPoll: ({ attempt, description }) => console.log(`poll ${attempt}: ${description?.Status ?? "no answer, retrying"}`),
});
console.log(`${version.Status}, F1 score ${version.EvaluationResult?.F1Score}`);
