// A rekognition-edge conformance driver for a raw aws4fetch call: a naive client (the driver contract: docs/conformance.md).
//   rekognition-edge conformance -- node examples/conformance/aws4fetch.mjs
// aws4fetch's defaults: 10 retries of 5xx and 429 answers; nothing else is handled. The wait polls every 5 s.
import { AwsClient } from "aws4fetch";

const env = process.env;
const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken, AWS_REGION: region } = env;
const aws = new AwsClient({ accessKeyId, secretAccessKey, sessionToken, region, service: "rekognition" });
async function call(operation, input) {
  const headers = { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": `RekognitionService.${operation}` };
  const response = await aws.fetch(env.AWS_ENDPOINT_URL, { method: "POST", headers, body: JSON.stringify(input) });
  const output = await response.json();
  if (!response.ok) throw new Error(output.__type ?? `HTTP ${response.status}`);
  return output;
}
const [ProjectArn, VersionName] = [env.REKOGNITION_EDGE_PROJECT_ARN, env.REKOGNITION_EDGE_VERSION_NAME];
try {
  const created = await call("CreateProjectVersion", { ProjectArn, VersionName, OutputConfig: { S3Bucket: env.REKOGNITION_EDGE_OUTPUT_BUCKET } });
  console.log(created.ProjectVersionArn);
  while (env.REKOGNITION_EDGE_ACTION === "create-and-wait") {
    const [version] = (await call("DescribeProjectVersions", { ProjectArn, VersionNames: [VersionName] })).ProjectVersionDescriptions;
    if (version?.Status === "TRAINING_COMPLETED") break;
    if (version?.Status === "TRAINING_FAILED") throw new Error("TRAINING_FAILED");
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
} catch (error) {
  console.error(error.message); // the last stderr line (informative only)
  process.exitCode = 1;
}
