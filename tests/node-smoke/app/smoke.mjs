// Node ≥ 20 using the built package as an application would: `rekognition-edge`
// resolved from node_modules, against the standalone server.
// Usage: node smoke.mjs <endpoint>
import assert from "node:assert/strict";
import { RekognitionClient, ResourceInUseException, ValidationError, waitUntilTrainingCompleted } from "rekognition-edge";

// Node resolves the package's `node` entry: the client hashing SigV4 with node:crypto.
assert.match(import.meta.resolve("rekognition-edge"), /\/node_modules\/rekognition-edge\/dist\/mod\.node\.js$/);

const endpoint = process.argv[2];
const client = new RekognitionClient({
  region: "us-east-1",
  endpoint,
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
});
const ProjectArn = "arn:aws:rekognition:us-east-1:111122223333:project/demo-custom-labels/1700000000000";
const input = { ProjectArn, VersionName: "node-smoke", OutputConfig: { S3Bucket: "training-output", S3KeyPrefix: "node-smoke/" } };

const { ProjectVersionArn } = await client.createProjectVersion(input);
assert.match(ProjectVersionArn, /^arn:aws:rekognition:us-east-1:111122223333:project\/demo-custom-labels\/version\/node-smoke\/\d+$/);

const version = await waitUntilTrainingCompleted(client, { ProjectArn, VersionName: "node-smoke" }, { maxWaitTime: 30, minDelay: 0.2, maxDelay: 0.5 });
assert.equal(version.Status, "TRAINING_COMPLETED");
assert.equal(version.ProjectVersionArn, ProjectVersionArn);
assert.ok(version.CreationTimestamp instanceof Date);

await assert.rejects(client.createProjectVersion(input), ResourceInUseException);
await assert.rejects(client.createProjectVersion({ ...input, VersionName: "not valid!" }), ValidationError);
console.log(`node ${process.version}: created, trained and described ${ProjectVersionArn}`);
