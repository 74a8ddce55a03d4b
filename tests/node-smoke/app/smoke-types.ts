// The published declarations, as a TypeScript application on Node resolves them (nodenext).
import { type CreateProjectVersionInput, type ProjectVersionDescription, RekognitionClient, waitUntilTrainingCompleted } from "rekognition-edge";
import { RekognitionSimulator, SIMULATOR_CREDENTIALS } from "rekognition-edge/harness";

const input: CreateProjectVersionInput = {
  ProjectArn: "arn:aws:rekognition:us-east-1:111122223333:project/demo-custom-labels/1700000000000",
  VersionName: "v1",
  OutputConfig: { S3Bucket: "training-output", S3KeyPrefix: "v1/" },
};
// @ts-expect-error VersionName is required
const incomplete: CreateProjectVersionInput = { ProjectArn: input.ProjectArn, OutputConfig: input.OutputConfig };

export async function train(client: RekognitionClient): Promise<string | undefined> {
  const { ProjectVersionArn, $metadata } = await client.createProjectVersion(input);
  const attempts: number = $metadata.attempts;
  const version: ProjectVersionDescription = await waitUntilTrainingCompleted(client, { ProjectArn: input.ProjectArn, VersionName: "v1" }, {
    maxWaitTime: 3600,
  });
  return `${ProjectVersionArn} ${attempts} ${version.EvaluationResult?.F1Score} ${incomplete}`;
}

/** A client on the simulator (rekognition-edge/harness's declarations). */
export function simulatedClient(): RekognitionClient {
  return new RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, fetch: new RekognitionSimulator({ trainingSeconds: 1 }).fetch });
}
