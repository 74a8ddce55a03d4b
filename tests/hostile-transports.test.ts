/**
 * Hostile transports, through MSW against a real client on the global fetch:
 * resets, answers that never come or stall half-way, huge bodies, HTML pages,
 * truncated JSON, invalid UTF-8, missing or extra members, no request id, a
 * redirect elsewhere. Every case ends in a value or a typed error within its
 * time bound, raises no unhandled rejection, and leaks no secret (the secret
 * key or the session token) in what it returns or throws.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { delay, http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import {
  AccessDeniedException,
  MalformedResponseError,
  NetworkError,
  RekognitionClient,
  type RekognitionClientConfig,
  RekognitionServiceException,
  RequestTimeoutError,
  ThrottlingException,
} from "../mod.ts";
import { VirtualClock } from "../harness/clock.ts";
import { EXAMPLE_CREDENTIALS, exampleInput, inspectAll, PROJECT_ARN, SESSION_TOKEN, VERSION_ARN } from "./helpers.ts";

const ENDPOINT = "https://rekognition.us-east-1.amazonaws.com/";
/** Short, so the cases that wait for it stay quick; the bound below is generous for a busy machine. */
const TIMEOUT_MS = 250;
const ATTEMPTS = 2;
/** Past this a call counts as hung: every attempt timing out, plus slack for a loaded CI machine. */
const HANG_BOUND_MS = ATTEMPTS * TIMEOUT_MS + 5_000;

const SECRETS = [EXAMPLE_CREDENTIALS.secretAccessKey, SESSION_TOKEN];

const server = setupServer();
const unhandled: unknown[] = [];
const onUnhandledRejection = (reason: unknown) => void unhandled.push(reason);
const onUnhandledEvent = (event: Event) => void unhandled.push((event as PromiseRejectionEvent).reason);

beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  process.on("unhandledRejection", onUnhandledRejection);
  globalThis.addEventListener?.("unhandledrejection", onUnhandledEvent);
});
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
  process.off("unhandledRejection", onUnhandledRejection);
  globalThis.removeEventListener?.("unhandledrejection", onUnhandledEvent);
});

/** A client on the global fetch with session credentials, short timeouts, two attempts and a virtual clock for backoff. */
function hostileClient(config: Partial<RekognitionClientConfig> = {}): RekognitionClient {
  return new RekognitionClient({
    region: "us-east-1",
    credentials: { ...EXAMPLE_CREDENTIALS, sessionToken: SESSION_TOKEN },
    requestTimeoutMs: TIMEOUT_MS,
    maxAttempts: ATTEMPTS,
    clock: new VirtualClock(),
    random: () => 0.5,
    ...config,
  });
}

/** How a call ended. */
type Outcome = { value: Record<string, unknown> & { $metadata: Record<string, unknown> } } | { error: Error & { $metadata?: Record<string, unknown> } };

/**
 * Runs a call to its end; fails on a hang, a secret in the outcome, or an
 * unhandled rejection raised meanwhile (or just after).
 */
async function settle(call: () => Promise<unknown>): Promise<Outcome> {
  unhandled.length = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), HANG_BOUND_MS)));
  const ended = call().then(
    (value) => ({ value }) as Outcome,
    (error: unknown) => ({ error }) as Outcome,
  );
  const outcome = await Promise.race([ended, hang]).finally(() => clearTimeout(timer));
  if (outcome === "hung") throw new Error(`the call did not end within ${HANG_BOUND_MS} ms`);
  await delay(20); // let a late rejection surface
  expect(unhandled).toEqual([]);
  const subject = "value" in outcome ? outcome.value : outcome.error;
  const texts = [JSON.stringify(subject), ...inspectAll(subject)];
  if ("error" in outcome) texts.push(outcome.error.message, String(outcome.error.stack), String((outcome.error.cause as Error | undefined)?.message));
  for (const text of texts) for (const secret of SECRETS) expect(text.includes(secret)).toBe(false);
  return outcome;
}

/** The error a call ended with; fails if it returned a value. */
function errorOf(outcome: Outcome): Error & { $metadata: Record<string, unknown> } {
  if (!("error" in outcome)) throw new Error(`expected an error, got ${JSON.stringify(outcome.value)}`);
  return outcome.error as Error & { $metadata: Record<string, unknown> };
}

/** The value a call returned; fails if it threw. */
function valueOf(outcome: Outcome) {
  if (!("value" in outcome)) throw outcome.error;
  return outcome.value;
}

/** Answers every request to the endpoint with `answer`, counting them. */
function answerWith(answer: (request: Request) => Response | Promise<Response>) {
  const seen = { requests: 0 };
  server.use(
    http.post(ENDPOINT, ({ request }) => {
      seen.requests++;
      return answer(request);
    }),
  );
  return seen;
}

const create = (client = hostileClient()) => () => client.createProjectVersion(exampleInput());
const describeVersions = (client = hostileClient()) => () => client.describeProjectVersions({ ProjectArn: PROJECT_ARN });
const encoder = new TextEncoder();
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new HttpResponse(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-RequestId": "hostile-1", ...headers },
  });
/** A body that sends `first` and then nothing, ever (or fails with `failure`). */
const stalling = (first: string, failure?: Error) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(first));
      if (failure) controller.error(failure);
    },
  });

describe("the connection fails", () => {
  test("reset before any response: NetworkError after every attempt", async () => {
    const seen = answerWith(() => HttpResponse.error());
    const error = errorOf(await settle(create()));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).not.toBeInstanceOf(RequestTimeoutError);
    expect(error.$metadata).toEqual({ attempts: ATTEMPTS, totalRetryDelayMs: 50 });
    expect(seen.requests).toBe(ATTEMPTS);
  });

  test("an answer that never comes: RequestTimeoutError after every attempt", async () => {
    const seen = answerWith(() => new Promise<Response>(() => {}));
    const error = errorOf(await settle(create()));
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error.message).toContain(`${TIMEOUT_MS} ms`);
    expect(error.$metadata.attempts).toBe(ATTEMPTS);
    expect(seen.requests).toBe(ATTEMPTS);
  });

  test("a body that stalls half-way: RequestTimeoutError", async () => {
    const seen = answerWith(() => new HttpResponse(stalling(`{"ProjectVersionArn":"${VERSION_ARN.slice(0, 30)}`), { status: 200 }));
    const error = errorOf(await settle(create()));
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(seen.requests).toBe(ATTEMPTS);
  });

  test("a body that breaks off half-way: NetworkError", async () => {
    answerWith(() => new HttpResponse(stalling(`{"ProjectVersionArn":"arn:aws`, new TypeError("terminated: other side closed")), { status: 200 }));
    const error = errorOf(await settle(create()));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).not.toBeInstanceOf(RequestTimeoutError);
    expect(error.message).toContain("terminated");
  });
});

describe("the body is too large", () => {
  const TEN_MB = 10 * 1024 * 1024;

  test("a 10 MB body with its Content-Length: MalformedResponseError, not retried", async () => {
    const seen = answerWith(() => new HttpResponse(new Uint8Array(TEN_MB).fill(0x20), { status: 200, headers: { "content-length": String(TEN_MB) } }));
    const error = errorOf(await settle(create()));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain(`larger than ${4 * 1024 * 1024} bytes`);
    expect(seen.requests).toBe(1);
  });

  test("a 10 MB body streamed without a length: MalformedResponseError once the cap is passed", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let produced = 0;
    answerWith(
      () =>
        new HttpResponse(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              produced += chunk.byteLength;
              controller.enqueue(chunk);
              if (produced >= TEN_MB) controller.close();
            },
          }),
          { status: 200 },
        ),
    );
    const error = errorOf(await settle(create(hostileClient({ maxResponseBytes: 1024 * 1024 }))));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain(`more than ${1024 * 1024} bytes read`);
  });

  test("an error answer over the cap is refused the same way", async () => {
    answerWith(() => json({ __type: "InternalServerError", Message: "x".repeat(2 * 1024 * 1024) }, 500));
    const error = errorOf(await settle(create(hostileClient({ maxResponseBytes: 1024 * 1024 }))));
    expect(error).toBeInstanceOf(MalformedResponseError);
  });
});

describe("the body is not what the protocol says", () => {
  const html = (status: number, extra = "") =>
    new HttpResponse(`<!DOCTYPE html><html><head><title>${status} Bad Gateway</title></head><body><h1>Bad Gateway</h1>${extra}</body></html>`, {
      status,
      headers: { "content-type": "text/html" },
    });

  test("an HTML error page (502): a server-fault RekognitionServiceException, retried, with the page's start in its message", async () => {
    const seen = answerWith(() => html(502));
    const error = errorOf(await settle(create()));
    expect(error).toBeInstanceOf(RekognitionServiceException);
    expect(error.name).toBe("UnknownError");
    expect((error as unknown as RekognitionServiceException).$fault).toBe("server");
    expect(error.message).toContain("HTTP 502");
    expect(error.message).toContain("Bad Gateway");
    expect(error.$metadata.httpStatusCode).toBe(502);
    expect(seen.requests).toBe(ATTEMPTS);
  });

  test("an HTML page with status 200: MalformedResponseError", async () => {
    answerWith(() => html(200));
    const error = errorOf(await settle(create()));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain("is not a JSON object");
  });

  test("an error page that echoes the request's headers leaks no session token", async () => {
    answerWith((request) => {
      const echoed = [...request.headers].map(([name, value]) => `<li>${name}: ${value}</li>`).join("");
      return html(403, `<ul>${echoed}</ul>`);
    });
    const error = errorOf(await settle(create()));
    expect(error).toBeInstanceOf(RekognitionServiceException);
    expect(error.$metadata.httpStatusCode).toBe(403);
  });

  test("an error body that echoes the session token in its members leaks it nowhere", async () => {
    answerWith((request) =>
      json({
        __type: "UnrecognizedClientException",
        message: `bad token ${request.headers.get("x-amz-security-token")}`,
        Token: request.headers.get("x-amz-security-token"),
      }, 400)
    );
    const error = errorOf(await settle(create()));
    expect(error).toBeInstanceOf(RekognitionServiceException);
    expect(error.name).toBe("UnrecognizedClientException");
  });

  test("truncated JSON with status 200: MalformedResponseError, not retried", async () => {
    const seen = answerWith(() => json(`{"ProjectVersionArn":"${VERSION_ARN.slice(0, 40)}`));
    const error = errorOf(await settle(create()));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 200, requestId: "hostile-1", attempts: 1 });
    expect(seen.requests).toBe(1);
  });

  test("truncated JSON in an error answer: a typed exception with its status", async () => {
    answerWith(() => json(`{"__type":"ResourceInUseException","Message":"The versi`, 400));
    const error = errorOf(await settle(create()));
    expect(error).toBeInstanceOf(RekognitionServiceException);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  test("invalid UTF-8 with status 200: MalformedResponseError", async () => {
    const bytes = new Uint8Array([...encoder.encode(`{"ProjectVersionArn":"`), 0xff, 0xfe, 0xc3, ...encoder.encode(`"}`)]);
    answerWith(() => new HttpResponse(bytes, { status: 200, headers: { "content-type": "application/x-amz-json-1.1" } }));
    const error = errorOf(await settle(create()));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain("not valid UTF-8");
  });

  test("invalid UTF-8 in an error answer: still identified by its type", async () => {
    const bytes = new Uint8Array([...encoder.encode(`{"__type":"ThrottlingException","Message":"slow `), 0xff, 0xc3, ...encoder.encode(`down"}`)]);
    answerWith(() => new HttpResponse(bytes, { status: 400, headers: { "content-type": "application/x-amz-json-1.1" } }));
    const error = errorOf(await settle(create()));
    expect(error).toBeInstanceOf(ThrottlingException);
    expect(error.message).toContain("slow");
  });

  test("JSON that is not an object (null, an array, a string): MalformedResponseError", async () => {
    for (const body of ["null", "[]", `"${VERSION_ARN}"`]) {
      answerWith(() => json(body));
      expect(errorOf(await settle(create()))).toBeInstanceOf(MalformedResponseError);
    }
  });
});

describe("members", () => {
  test("a 200 with unknown extra members is accepted, extras dropped", async () => {
    answerWith(() => json({ ProjectVersionArn: VERSION_ARN, NewField: { nested: [1, 2] }, Status: "TRAINING_IN_PROGRESS" }));
    const value = valueOf(await settle(create()));
    expect(value.ProjectVersionArn).toBe(VERSION_ARN);
    expect(value.NewField).toBeUndefined();
  });

  test("a DescribeProjectVersions answer with unknown members at every level and an unknown status is accepted", async () => {
    answerWith(() =>
      json({
        ProjectVersionDescriptions: [{
          ProjectVersionArn: VERSION_ARN,
          Status: "TRAINING_QUEUED",
          CreationTimestamp: 1767225600.5,
          Future: true,
          OutputConfig: { S3Bucket: "b", S3Region: "x" },
        }],
        Extra: "ignored",
      })
    );
    const value = valueOf(await settle(describeVersions()));
    const [version] = value.ProjectVersionDescriptions as { Status: string; CreationTimestamp: Date }[];
    expect(version!.Status).toBe("TRAINING_QUEUED");
    expect(version!.CreationTimestamp.getTime()).toBe(1767225600500);
  });

  test("a 200 missing its required member: MalformedResponseError naming it, not retried", async () => {
    const seen = answerWith(() => json({}));
    const error = errorOf(await settle(create()));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain("ProjectVersionArn");
    expect(seen.requests).toBe(1);
  });

  test("a 200 echoing the session token in a member of the wrong type: MalformedResponseError, token redacted", async () => {
    answerWith((request) => json({ ProjectVersionDescriptions: [{ MinInferenceUnits: request.headers.get("x-amz-security-token") }] }));
    const error = errorOf(await settle(describeVersions()));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain("ProjectVersionDescriptions[0].MinInferenceUnits");
  });

  test("a 200 with a member of the wrong type: MalformedResponseError naming it", async () => {
    answerWith(() => json({ ProjectVersionDescriptions: [{ Status: 7 }] }));
    const error = errorOf(await settle(describeVersions()));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain("ProjectVersionDescriptions[0].Status");
  });
});

describe("headers", () => {
  test("no x-amzn-RequestId on a success: the value, without a request id", async () => {
    answerWith(() => new HttpResponse(JSON.stringify({ ProjectVersionArn: VERSION_ARN }), { status: 200 }));
    const value = valueOf(await settle(create()));
    expect(value.$metadata).toEqual({ httpStatusCode: 200, attempts: 1, totalRetryDelayMs: 0 });
  });

  test("no x-amzn-RequestId on an error: the typed exception, without a request id", async () => {
    answerWith(() => new HttpResponse(JSON.stringify({ __type: "AccessDeniedException" }), { status: 400 }));
    const error = errorOf(await settle(create()));
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error.$metadata.requestId).toBeUndefined();
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  for (const status of [303, 307]) {
    test(`a ${status} redirect to another host is not followed: the signed request and its session token go nowhere else`, async () => {
      const elsewhere = { requests: 0 };
      server.use(
        http.all("https://attacker.example/*", () => {
          elsewhere.requests++;
          return json({ ProjectVersionArn: VERSION_ARN.replace("my-project", "not-yours") });
        }),
      );
      answerWith(() => new HttpResponse(null, { status, headers: { location: "https://attacker.example/collect" } }));
      const error = errorOf(await settle(create()));
      expect(error).toBeInstanceOf(RekognitionServiceException);
      expect(error.$metadata.httpStatusCode).toBe(status);
      expect(elsewhere.requests).toBe(0);
    });
  }
});
