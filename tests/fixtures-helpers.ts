/** Shared by the contract-harness tests: raw signed requests, scenario inputs, and what a scenario expects of a client. */
import { expect } from "bun:test";
import { connect } from "node:net";
import * as sdk from "@aws-sdk/client-rekognition";
import { type CreateProjectVersionOutput, type DescribeProjectVersionsOutput, MalformedResponseError, RekognitionServiceException } from "../mod.ts";
import { MODELED_EXCEPTIONS } from "../src/errors.ts";
import { type Scenario, scenarioBodyText } from "../fixtures/scenarios.ts";
import { DEMO_PROJECTS, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { JSON_1_1 } from "../src/protocol.ts";
import { type Credentials, SigningKeyCache, signRequest } from "../src/signer.ts";

/** What {@link signedRequest} builds. */
export interface RawRequest {
  /** The operation in `X-Amz-Target`, or a whole target with `target`. */
  operation?: string;
  target?: string;
  /** The body: an object is serialised as JSON, a string sent as is. */
  body?: unknown;
  url?: string;
  region?: string;
  credentials?: Credentials;
  /** The signing time, epoch ms. Default now. */
  time?: number;
  /** Extra headers, signed. */
  headers?: Record<string, string>;
}

/** A request signed by the client's signer (aws4fetch), with any body: inputs the client itself would refuse to send. */
export async function signedRequest(raw: RawRequest = {}): Promise<Request> {
  const url = raw.url ?? "https://rekognition.us-east-1.amazonaws.com/";
  const body = typeof raw.body === "string" ? raw.body : JSON.stringify(raw.body ?? {});
  const headers = await signRequest({
    url,
    headers: {
      "content-type": JSON_1_1,
      "x-amz-target": raw.target ?? `RekognitionService.${raw.operation ?? "CreateProjectVersion"}`,
      ...raw.headers,
    },
    body,
    credentials: raw.credentials ?? SIMULATOR_CREDENTIALS,
    region: raw.region ?? "us-east-1",
    service: "rekognition",
    date: new Date(raw.time ?? Date.now()),
    keys: new SigningKeyCache(),
  });
  return new Request(url, { method: "POST", headers, body });
}

/** Counts every read of `request`'s body (or copy of it, `clone()`): the count so far. */
export function countBodyReads(request: Request): () => number {
  let reads = 0;
  for (const method of ["arrayBuffer", "text", "json", "bytes", "blob", "clone"] as const) {
    if (typeof request[method] !== "function") continue;
    const original = (request[method] as () => unknown).bind(request);
    Object.defineProperty(request, method, { value: () => (reads++, original()) });
  }
  return () => reads;
}

/** The JSON body of an answer. */
export async function jsonOf(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/** A valid input for a scenario's operation that carries its trigger (if any). */
export function scenarioInput(scenario: Scenario, projectArn: string = DEMO_PROJECTS.customLabels) {
  const trigger = scenario.request.body ?? {};
  return scenario.request.operation === "CreateProjectVersion"
    ? { ProjectArn: projectArn, VersionName: "v1", OutputConfig: { S3Bucket: "amzn-s3-demo-bucket", S3KeyPrefix: "out/" }, ...trigger }
    : { ProjectArn: projectArn, ...trigger };
}

/** The version statuses in a scenario's DescribeProjectVersions answer. */
export function statusesOf(scenario: Scenario): string[] {
  const body = scenario.response.body as { ProjectVersionDescriptions?: { Status: string }[] };
  return (body.ProjectVersionDescriptions ?? []).map(({ Status }) => Status);
}

/** Asserts that our client did with a scenario's answer what the scenario expects. */
export function expectOurOutcome(scenario: Scenario, outcome: unknown): void {
  const { expect: expected, response } = scenario;
  if (expected.outcome === "success") {
    if (scenario.request.operation === "CreateProjectVersion") {
      expect((outcome as CreateProjectVersionOutput).ProjectVersionArn).toBe((response.body as CreateProjectVersionOutput).ProjectVersionArn);
    } else {
      expect((outcome as DescribeProjectVersionsOutput).ProjectVersionDescriptions!.map(({ Status }) => Status)).toEqual(statusesOf(scenario));
    }
    return;
  }
  if (expected.outcome === "malformed") {
    expect(outcome).toBeInstanceOf(MalformedResponseError);
    return;
  }
  expect(outcome).toBeInstanceOf(RekognitionServiceException);
  const error = outcome as RekognitionServiceException;
  expect(error.name).toBe(expected.errorType ?? "UnknownError");
  expect(error.$fault).toBe(expected.fault);
  expect(error.$metadata.httpStatusCode).toBe(response.status);
  const modeled = MODELED_EXCEPTIONS[expected.errorType as keyof typeof MODELED_EXCEPTIONS];
  if (modeled) expect(error).toBeInstanceOf(modeled);
}

/** An AWS SDK for JavaScript v3 client for a test: example credentials, no retries unless asked. */
export function sdkClient(config: Partial<sdk.RekognitionClientConfig> = {}): sdk.RekognitionClient {
  return new sdk.RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, maxAttempts: 1, ...config });
}

/** Sends a scenario's request (with its trigger) through the AWS SDK; returns the output or the error. */
export function sendWithSdk(client: sdk.RekognitionClient, scenario: Scenario, projectArn?: string): Promise<unknown> {
  const input = scenarioInput(scenario, projectArn);
  const command = scenario.request.operation === "CreateProjectVersion"
    ? new sdk.CreateProjectVersionCommand(input as sdk.CreateProjectVersionCommandInput)
    : new sdk.DescribeProjectVersionsCommand(input as sdk.DescribeProjectVersionsCommandInput);
  return client.send(command as sdk.CreateProjectVersionCommand).catch((error: unknown) => error);
}

/** The SDK's exception classes of the model's errors, by name. */
const SDK_EXCEPTIONS: Record<string, new (...args: never[]) => Error> = {
  AccessDeniedException: sdk.AccessDeniedException,
  InternalServerError: sdk.InternalServerError,
  InvalidPaginationTokenException: sdk.InvalidPaginationTokenException,
  InvalidParameterException: sdk.InvalidParameterException,
  LimitExceededException: sdk.LimitExceededException,
  ProvisionedThroughputExceededException: sdk.ProvisionedThroughputExceededException,
  ResourceInUseException: sdk.ResourceInUseException,
  ResourceNotFoundException: sdk.ResourceNotFoundException,
  ServiceQuotaExceededException: sdk.ServiceQuotaExceededException,
  ThrottlingException: sdk.ThrottlingException,
};

/**
 * Asserts that the AWS SDK did with a scenario's answer what the scenario
 * expects: the output, or an error of the scenario's type (an instance of the
 * SDK's class of that name for the model's errors). Where the scenario has no
 * type or is malformed, what the SDK does instead is asserted exactly.
 */
export function expectSdkOutcome(scenario: Scenario, outcome: unknown): void {
  const { expect: expected, response } = scenario;
  const error = outcome as Error & { $fault?: string; $metadata?: { httpStatusCode?: number } };
  if (expected.outcome === "success") {
    expect(outcome).not.toBeInstanceOf(Error);
    if (scenario.request.operation === "CreateProjectVersion") {
      expect((outcome as sdk.CreateProjectVersionCommandOutput).ProjectVersionArn).toBe((response.body as { ProjectVersionArn: string }).ProjectVersionArn);
    } else {
      expect((outcome as sdk.DescribeProjectVersionsCommandOutput).ProjectVersionDescriptions!.map(({ Status }) => String(Status))).toEqual(
        statusesOf(scenario),
      );
    }
  } else if (expected.outcome === "error" && expected.errorType !== null) {
    expect(outcome).toBeInstanceOf(SDK_EXCEPTIONS[expected.errorType] ?? sdk.RekognitionServiceException);
    expect(error.name).toBe(expected.errorType);
    expect(error.$fault).toBe(expected.fault);
    expect(error.$metadata?.httpStatusCode).toBe(response.status);
  } else if (expected.outcome === "error") {
    // No error type on the wire: the SDK raises no modeled exception, only its status.
    expect(outcome).toBeInstanceOf(Error);
    for (const modeled of Object.values(SDK_EXCEPTIONS)) expect(outcome).not.toBeInstanceOf(modeled);
    expect(error.$metadata?.httpStatusCode).toBe(response.status);
    if (scenarioBodyText(scenario) === "") expect([error.name, error.$fault]).toEqual(["Unknown", "server"]);
    else expect(error.name).toBe("SyntaxError"); // the SDK fails to parse the HTML as JSON
  } else if (response.bodyText !== undefined) {
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["SyntaxError", 200]); // truncated JSON
  } else {
    // Valid JSON of the wrong shape: the SDK does not validate and returns it; it is no usable ARN.
    expect(typeof (outcome as sdk.CreateProjectVersionCommandOutput).ProjectVersionArn).not.toBe("string");
  }
}

/** What came back on a raw socket: the bytes (as text), and the socket error's code if it failed (e.g. ECONNRESET). */
export interface RawExchange {
  text: string;
  error?: string;
}

/** Sends raw bytes to 127.0.0.1:`port`; resolves with what came back once the server closes (or after 2 s). */
export function rawExchange(port: number, bytes: string): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let text = "";
    let error: string | undefined;
    const done = () => resolve({ text, ...(error === undefined ? {} : { error }) });
    const timer = setTimeout(() => (socket.destroy(), done()), 2_000);
    socket.on("data", (chunk) => (text += chunk));
    socket.on("error", (caught: NodeJS.ErrnoException) => (error = caught.code ?? caught.message));
    socket.on("close", () => (clearTimeout(timer), done()));
  });
}

/** A request as HTTP/1.1 bytes (`Connection: close`), its body read. */
export async function httpBytes(request: Request): Promise<string> {
  const url = new URL(request.url);
  const body = await request.text();
  const headers = [...request.headers].filter(([name]) => !["host", "content-length", "connection"].includes(name));
  const lines = [
    `Host: ${url.host}`,
    ...headers.map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${new TextEncoder().encode(body).byteLength}`,
    "Connection: close",
  ];
  return `${request.method} ${url.pathname}${url.search} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n${body}`;
}

/** The status line's code, the headers (names in lower case) and the body of a raw HTTP answer. */
export function parseHttp(text: string): { status: number; headers: Record<string, string>; body: string } {
  const split = text.indexOf("\r\n\r\n");
  const [statusLine = "", ...lines] = text.slice(0, split === -1 ? text.length : split).split("\r\n");
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
  return { status: Number(statusLine.split(" ")[1]), headers, body: split === -1 ? "" : text.slice(split + 4) };
}
