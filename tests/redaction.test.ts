/**
 * Redaction with short secrets (LocalStack's `test`, or `x`, or `e`): the client scrubs the secrets in use from the
 * free text that leaves it (messages, causes, the string members of an error body), and never rewrites what
 * identifies an error: its type, request id, status, `Code`, `Logref`, nor the operation's name.
 */
import { describe, expect, test } from "bun:test";
import { MalformedResponseError, NetworkError, RekognitionClient, RekognitionServiceException } from "../mod.ts";
import { MODELED_EXCEPTIONS } from "../src/errors.ts";
import { VirtualClock } from "../harness/clock.ts";
import { exampleInput, jsonAnswer, scriptedTransport, type Step } from "./helpers.ts";
import { readSpec } from "./spec.ts";

const SECRETS = ["x", "test", "e"];
const REQUEST_ID = "test-request-e-x";
const LOGREF = "5022229e-7e48-11e9-9ad1-854a4567eb71";

/** `text` as the client must show it: every occurrence of the secret replaced. */
const scrubbed = (text: string, secret: string) => text.split(secret).join("[REDACTED]");

/** `value` with every string in it scrubbed, at any depth. */
function scrubbedValue(value: unknown, secret: string): unknown {
  if (typeof value === "string") return scrubbed(value, secret);
  if (Array.isArray(value)) return value.map((item) => scrubbedValue(item, secret));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubbedValue(item, secret)]));
  return value;
}

/** What one CreateProjectVersion (or `describe`: DescribeProjectVersions) call, one attempt, with this secret rejects with. */
async function rejection(secret: string, answer: Step, describe = false): Promise<Error & Record<string, unknown>> {
  const { fetch } = scriptedTransport(answer);
  const client = new RekognitionClient({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret },
    fetch,
    clock: new VirtualClock(),
    maxAttempts: 1,
  });
  const call = describe ? client.describeProjectVersions({ ProjectArn: exampleInput().ProjectArn }) : client.createProjectVersion(exampleInput());
  return (await call.then(() => expect.unreachable("resolved"), (error: unknown) => error)) as Error & Record<string, unknown>;
}

/** Every error type: the model's, and those any AWS JSON service sends. */
const ERROR_TYPES: [type: string, status: number][] = [
  ...Object.keys(MODELED_EXCEPTIONS).map((type): [string, number] => [type, type === "ThrottlingException" || type === "InternalServerError" ? 500 : 400]),
  ["UnrecognizedClientException", 400],
  ["InvalidSignatureException", 403],
  ["ExpiredTokenException", 400],
  ["IncompleteSignatureException", 400],
  ["MissingAuthenticationTokenException", 403],
  ["ServiceUnavailableException", 503],
];

describe.each(SECRETS)('with the secret "%s"', (secret) => {
  for (const [type, status] of ERROR_TYPES) {
    const modeled = Object.hasOwn(MODELED_EXCEPTIONS, type);
    test(`${type}: its type, status, request id, Code and Logref intact; message and other members scrubbed`, async () => {
      const message = `The security token included in the request is invalid: ${secret} (expected ${secret}${secret})`;
      const body = {
        __type: `com.amazonaws.rekognition#${type}`,
        Message: message,
        Code: type,
        Logref: LOGREF,
        Echo: { header: `Authorization: ${secret}`, list: [secret, 7] },
      };
      const error = await rejection(secret, jsonAnswer(status, body, { "x-amzn-RequestId": REQUEST_ID }));
      expect(error).toBeInstanceOf(modeled ? MODELED_EXCEPTIONS[type as keyof typeof MODELED_EXCEPTIONS] : RekognitionServiceException);
      expect(error.name).toBe(type);
      expect(error.$fault).toBe(
        modeled
          ? new MODELED_EXCEPTIONS[type as keyof typeof MODELED_EXCEPTIONS]({ $metadata: { attempts: 1, totalRetryDelayMs: 0 } }).$fault
          : status >= 500
          ? "server"
          : "client",
      );
      expect([error.Code, error.Logref]).toEqual([type, LOGREF]);
      expect(error.$metadata).toEqual({ httpStatusCode: status, requestId: REQUEST_ID, attempts: 1, totalRetryDelayMs: 0 });
      expect(error.message).toBe(scrubbed(message, secret));
      expect(error.Echo).toEqual(scrubbedValue(body.Echo, secret));
    });
  }

  test("a type in the X-Amzn-Errortype header is read before scrubbing too", async () => {
    const error = await rejection(
      secret,
      jsonAnswer(400, { message: `bad ${secret}` }, {
        "x-amzn-errortype": "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/",
        "x-amzn-RequestId": REQUEST_ID,
      }),
    );
    expect([error.name, error.message, (error.$metadata as { requestId: string }).requestId]).toEqual([
      "UnrecognizedClientException",
      scrubbed(`bad ${secret}`, secret),
      REQUEST_ID,
    ]);
  });

  test("an answer without a type: the client's own words intact, only the body's excerpt scrubbed", async () => {
    const error = await rejection(secret, new Response(`<html>Service Unavailable ${secret}</html>`, { status: 503 }));
    expect(error.name).toBe("UnknownError");
    expect(error.message).toBe(`HTTP 503 without an error type (body begins: ${scrubbed(`<html>Service Unavailable ${secret}</html>`, secret)})`);
  });

  test("every Smithy awsJson1_1 error vector keeps its type and its non-string members", async () => {
    const vectors = readSpec<
      {
        status: number;
        headers: Record<string, string>;
        body: string;
        expectedErrorShape: string;
        expectedParams?: Record<string, unknown>;
        appliesTo: string;
      }[]
    >(
      "awsjson11-error-cases.json",
    ).filter((vector) => vector.appliesTo !== "server");
    for (const vector of vectors) {
      const error = await rejection(secret, new Response(vector.body || null, { status: vector.status, headers: vector.headers }));
      expect([error.name, (error.$metadata as { httpStatusCode: number }).httpStatusCode]).toEqual([vector.expectedErrorShape, vector.status]);
      for (const [member, value] of Object.entries(vector.expectedParams ?? {})) expect(error[member]).toEqual(scrubbedValue(value, secret));
    }
  });

  test("a malformed answer names the operation intact; only what the answer holds is scrubbed", async () => {
    const notJson = await rejection(secret, new Response("<html>OK</html>", { status: 200, headers: { "x-amzn-RequestId": REQUEST_ID } }));
    expect(notJson).toBeInstanceOf(MalformedResponseError);
    expect(notJson.message).toBe("CreateProjectVersion: the 200 answer is not a JSON object");
    expect((notJson.$metadata as { requestId: string }).requestId).toBe(REQUEST_ID);
    const missing = await rejection(secret, jsonAnswer(200, {}));
    expect(missing.message).toBe("CreateProjectVersion: the 200 answer is not a CreateProjectVersion response: ProjectVersionArn is required");
    const echoing = await rejection(secret, jsonAnswer(200, { ProjectVersionArn: [`${secret}`] }));
    expect(echoing.message).toBe("CreateProjectVersion: the 200 answer is not a CreateProjectVersion response: ProjectVersionArn must be a string, got Array");
    const counting = await rejection(secret, jsonAnswer(200, { ProjectVersionArn: 1 }));
    expect(counting.message).toBe("CreateProjectVersion: the 200 answer is not a CreateProjectVersion response: ProjectVersionArn must be a string, got 1");
    const quoting = await rejection(secret, jsonAnswer(200, { ProjectVersionDescriptions: [{ MinInferenceUnits: `at ${secret}` }] }), true);
    expect(quoting.message).toBe(
      `DescribeProjectVersions: the 200 answer is not a DescribeProjectVersions response: ProjectVersionDescriptions[0].MinInferenceUnits must be a number, got "at [REDACTED]"`,
    );
  });

  test("a transport's error: the operation's name intact, the transport's message and cause scrubbed", async () => {
    const error = await rejection(secret, new TypeError(`fetch failed: header value ${secret}`));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe(`CreateProjectVersion: ${scrubbed(`fetch failed: header value ${secret}`, secret)}`);
    expect((error.cause as Error).message).toBe(scrubbed(`fetch failed: header value ${secret}`, secret));
  });
});
