// Train a Rekognition Custom Labels version from Node ≥ 20, and wait for it.
//   npm install rekognition-edge
//   AWS_REGION=… AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… node train.mjs <ProjectArn> <VersionName> <S3Bucket>
// REKOGNITION_ENDPOINT=http://127.0.0.1:4599 trains on `npx rekognition-edge serve` instead of AWS.
import { RekognitionClient, waitUntilTrainingCompleted } from "rekognition-edge";

const [ProjectArn, VersionName, S3Bucket] = process.argv.slice(2);
const { AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, REKOGNITION_ENDPOINT } = process.env;
const client = new RekognitionClient({
  region: AWS_REGION,
  credentials: { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY, sessionToken: AWS_SESSION_TOKEN },
  endpoint: REKOGNITION_ENDPOINT,
});

const { ProjectVersionArn } = await client.createProjectVersion({ ProjectArn, VersionName, OutputConfig: { S3Bucket, S3KeyPrefix: `${VersionName}/` } });
console.log(`training ${ProjectVersionArn}`);
const version = await waitUntilTrainingCompleted(client, { ProjectArn, VersionName }, {
  maxWaitTime: 24 * 3600,
  onPoll: ({ attempt, description }) => console.log(`poll ${attempt}: ${description?.Status ?? "no answer, retrying"}`),
});
console.log(`${version.Status}, F1 score ${version.EvaluationResult?.F1Score}`);
