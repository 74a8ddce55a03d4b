/** Shared test data and a scripted transport that records what the client sends. */
import { type CreateProjectVersionInput, RekognitionClient, type RekognitionClientConfig, type Transport } from "../mod.ts";
import { VirtualClock } from "../harness/clock.ts";
import { inspect } from "node:util";

/** AWS's documented example credentials. */
export const EXAMPLE_CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
} as const;

export const SESSION_TOKEN = "FQoGZXIvYXdzEXAMPLE-session-token-0123456789";

/** The model's example project. */
export const PROJECT_ARN = "arn:aws:rekognition:us-east-1:111122223333:project/my-project/1690474772815";
export const VERSION_ARN = "arn:aws:rekognition:us-east-1:111122223333:project/my-project/version/1/1690556751958";

/** The model's example input. */
export function exampleInput(): CreateProjectVersionInput {
  return {
    ProjectArn: PROJECT_ARN,
    VersionName: "1",
    OutputConfig: { S3Bucket: "output_bucket", S3KeyPrefix: "output_folder" },
  };
}

/** An input with every member set. */
export function fullInput(): CreateProjectVersionInput {
  const asset = { GroundTruthManifest: { S3Object: { Bucket: "manifests", Name: "train.manifest", Version: "3" } } };
  return {
    ...exampleInput(),
    TrainingData: { Assets: [asset] },
    TestingData: { Assets: [asset], AutoCreate: false },
    Tags: { team: "vision", "cost:center": "42" },
    KmsKeyId: "alias/training",
    VersionDescription: "First model (baseline)",
    FeatureConfig: { ContentModeration: { ConfidenceThreshold: 55.5 } },
  };
}

/** A request as the transport saw it. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string;
  signal: AbortSignal | undefined;
}

/** What a scripted transport answers with, in order. */
export type Step = Response | Error | ((request: SeenRequest) => Response | Promise<Response>);

/** A transport that plays `steps` in order and records every request; it fails the test when it runs out. */
export function scriptedTransport(...steps: Step[]): { fetch: Transport; requests: SeenRequest[] } {
  const requests: SeenRequest[] = [];
  const fetch: Transport = async (url, init) => {
    const request: SeenRequest = {
      url,
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      body: String(init.body),
      signal: init.signal ?? undefined,
    };
    requests.push(request);
    const step = steps.shift();
    if (step === undefined) throw new Error(`unexpected request #${requests.length}`);
    if (step instanceof Error) throw step;
    return typeof step === "function" ? step(request) : step;
  };
  return { fetch, requests };
}

/** A JSON answer with a request id. */
export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-RequestId": `req-${status}`, ...headers },
  });
}

/** The success answer of CreateProjectVersion. */
export function created(arn = VERSION_ARN): Response {
  return jsonAnswer(200, { ProjectVersionArn: arn });
}

/** An error answer as Rekognition sends it. */
export function awsError(type: string, status = 400, message = `${type} message`): Response {
  return jsonAnswer(status, { __type: type, Message: message, Code: type, Logref: "5022229e-7e48-11e9-9ad1-854a4567eb71" });
}

/** A client on a virtual clock with a fixed jitter, over `fetch`. */
export function testClient(fetch: Transport, config: Partial<RekognitionClientConfig> = {}) {
  const clock = new VirtualClock();
  const client = new RekognitionClient({
    region: "us-east-1",
    credentials: EXAMPLE_CREDENTIALS,
    fetch,
    clock,
    random: () => 0.5,
    ...config,
  });
  return { client, clock };
}

/** Every inspection of `value` the running runtime offers: node:util's, plus `Bun.inspect` on Bun or `Deno.inspect` on Deno. */
export function inspectAll(value: unknown): string[] {
  const options = { showHidden: true, depth: 10 };
  const texts = [inspect(value, options)];
  const { Bun, Deno } = globalThis as {
    Bun?: { inspect(value: unknown, options?: object): string };
    Deno?: { inspect(value: unknown, options?: object): string };
  };
  if (Bun) texts.push(Bun.inspect(value, { depth: 10 }));
  if (Deno) texts.push(Deno.inspect(value, options));
  return texts;
}
