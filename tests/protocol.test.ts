/** Error identification (Smithy awsJson1_1 vectors and Rekognition's own shapes) and the typed exceptions. */
import { describe, expect, test } from "bun:test";
import {
  AccessDeniedException,
  InternalServerError,
  InvalidPaginationTokenException,
  InvalidParameterException,
  LimitExceededException,
  ProvisionedThroughputExceededException,
  RekognitionServiceException,
  ResourceInUseException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
} from "../mod.ts";
import { MODELED_EXCEPTIONS } from "../src/errors.ts";
import { errorTypeOf, sanitizeErrorType, toServiceException } from "../src/protocol.ts";
import { exampleInput, jsonAnswer, scriptedTransport, testClient } from "./helpers.ts";
import { model, readSpec } from "./spec.ts";

interface ErrorCase {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  expectedErrorShape: string;
  expectedParams?: Record<string, unknown>;
  appliesTo: "client" | "server" | "both";
}

/** What the client throws for one answer (no retries). */
async function rejectionFor(answer: Response): Promise<RekognitionServiceException> {
  const { fetch } = scriptedTransport(answer);
  const { client } = testClient(fetch, { maxAttempts: 1 });
  const error = await client.createProjectVersion(exampleInput()).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(RekognitionServiceException);
  return error as RekognitionServiceException;
}

describe("Smithy awsJson1_1 error vectors (spec/awsjson11-error-cases.json)", () => {
  const cases = readSpec<ErrorCase[]>("awsjson11-error-cases.json").filter((c) => c.appliesTo !== "server");

  test("there are 14 client vectors", () => {
    expect(cases).toHaveLength(14);
  });

  for (const vector of cases) {
    test(vector.id, async () => {
      const error = await rejectionFor(new Response(vector.body || null, { status: vector.status, headers: vector.headers }));
      expect(error.name).toBe(vector.expectedErrorShape);
      expect(error.$fault).toBe(vector.status >= 500 ? "server" : "client");
      expect(error.$metadata.httpStatusCode).toBe(vector.status);
      for (const [member, value] of Object.entries(vector.expectedParams ?? {})) {
        expect((error as unknown as Record<string, unknown>)[member]).toEqual(value);
      }
    });
  }
});

describe("error type sanitizing", () => {
  test("keeps the text before the first ':' and then after the first '#'", () => {
    expect(sanitizeErrorType("ThrottlingException")).toBe("ThrottlingException");
    expect(sanitizeErrorType("com.amazonaws.rekognition#ThrottlingException")).toBe("ThrottlingException");
    expect(sanitizeErrorType("ThrottlingException:http://internal.amazon.com/coral/")).toBe("ThrottlingException");
    expect(sanitizeErrorType("a.b#c#ThrottlingException:x#y")).toBe("c#ThrottlingException");
  });

  test("the header wins over __type, __type over code; Code (capital) is never the type", () => {
    const headers = (value?: string) => new Headers(value ? { "x-amzn-errortype": value } : {});
    expect(errorTypeOf(headers("FromHeader"), { __type: "FromBody", code: "FromCode" })).toBe("FromHeader");
    expect(errorTypeOf(headers(), { __type: "FromBody", code: "FromCode" })).toBe("FromBody");
    expect(errorTypeOf(headers(), { code: "FromCode" })).toBe("FromCode");
    expect(errorTypeOf(headers(), { Code: "ThrottlingException" })).toBeUndefined();
    expect(errorTypeOf(headers(), { code: 404, __type: 5 })).toBeUndefined();
    expect(errorTypeOf(headers(), { Nested: { __type: "Inner" } })).toBeUndefined();
    expect(errorTypeOf(headers(), undefined)).toBeUndefined();
  });
});

describe("Rekognition's declared exceptions", () => {
  const declared = [
    [AccessDeniedException, "client"],
    [InternalServerError, "server"],
    [InvalidPaginationTokenException, "client"],
    [InvalidParameterException, "client"],
    [LimitExceededException, "client"],
    [ProvisionedThroughputExceededException, "client"],
    [ResourceInUseException, "client"],
    [ResourceNotFoundException, "client"],
    [ServiceQuotaExceededException, "client"],
    [ThrottlingException, "server"],
  ] as const;

  test("each error shape of the model has its class, with the model's fault", () => {
    const shapes = Object.entries(model().shapes).filter(([, shape]) => shape.traits?.["smithy.api#error"]);
    expect(shapes).toHaveLength(declared.length);
    for (const [id, shape] of shapes) {
      const name = id.split("#")[1]!;
      const entry = declared.find(([Class]) => Class.name === name);
      expect(entry?.[1]).toBe(shape.traits!["smithy.api#error"] as "client" | "server");
      expect(Object.hasOwn(MODELED_EXCEPTIONS, name)).toBe(true);
    }
  });

  for (const [Class, fault] of declared) {
    test(`${Class.name}: class, name, $fault, Message, Code, Logref, request id`, async () => {
      const status = fault === "server" ? 500 : 400;
      const body = { __type: Class.name, Message: `about ${Class.name}`, Code: Class.name, Logref: "5022229e-7e48-11e9-9ad1-854a4567eb71" };
      const error = await rejectionFor(jsonAnswer(status, body, { "x-amzn-RequestId": "03507c9b-7e84-11e9-9ad1-854a4567eb71" }));
      expect(error).toBeInstanceOf(Class);
      expect(error).toBeInstanceOf(RekognitionServiceException);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(Class.name);
      expect(error.$fault).toBe(fault);
      expect(error.message).toBe(`about ${Class.name}`);
      expect(error.Code).toBe(Class.name);
      expect(error.Logref).toBe("5022229e-7e48-11e9-9ad1-854a4567eb71");
      expect(error.$metadata).toEqual({
        httpStatusCode: status,
        requestId: "03507c9b-7e84-11e9-9ad1-854a4567eb71",
        attempts: 1,
        totalRetryDelayMs: 0,
      });
    });
  }

  test("a namespaced __type, a header-only type and a ':'-suffixed type find the class", async () => {
    expect(await rejectionFor(jsonAnswer(400, { __type: "com.amazonaws.rekognition#ResourceNotFoundException" }))).toBeInstanceOf(
      ResourceNotFoundException,
    );
    expect(await rejectionFor(new Response("", { status: 400, headers: { "X-Amzn-ErrorType": "InvalidParameterException:http://internal" } }))).toBeInstanceOf(
      InvalidParameterException,
    );
    expect(await rejectionFor(jsonAnswer(400, { __type: "ResourceInUseException:" }))).toBeInstanceOf(ResourceInUseException);
  });

  test("the message comes from 'message' or 'Message'; a body with only __type still maps", async () => {
    expect((await rejectionFor(jsonAnswer(400, { __type: "InvalidParameterException", message: "lower" }))).message).toBe("lower");
    const bare = await rejectionFor(jsonAnswer(400, { __type: "AccessDeniedException" }));
    expect(bare).toBeInstanceOf(AccessDeniedException);
    expect(bare.message).toBe("AccessDeniedException");
    expect(bare.Code).toBeUndefined();
  });

  test("undeclared types are RekognitionServiceException named by their type", async () => {
    for (
      const [type, status] of [
        ["UnrecognizedClientException", 400],
        ["InvalidSignatureException", 400],
        ["MissingAuthenticationTokenException", 403],
        ["ExpiredTokenException", 400],
        ["ServiceUnavailableException", 503],
      ] as const
    ) {
      const error = await rejectionFor(jsonAnswer(status, { __type: type, message: "text" }));
      expect(error.constructor).toBe(RekognitionServiceException);
      expect(error.name).toBe(type);
      expect(error.$fault).toBe(status >= 500 ? "server" : "client");
      expect(error.message).toBe("text");
    }
  });

  test("an answer without any type is an UnknownError that says what came", async () => {
    const proxy = await rejectionFor(new Response("<html><body>502 Bad Gateway</body></html>", { status: 502, headers: { "content-type": "text/html" } }));
    expect(proxy.name).toBe("UnknownError");
    expect(proxy.$fault).toBe("server");
    expect(proxy.message).toContain("HTTP 502");
    expect(proxy.message).toContain("502 Bad Gateway");
    const empty = await rejectionFor(new Response(null, { status: 500 }));
    expect(empty.message).toBe("HTTP 500 without an error type (empty body)");
    const onlyCode = await rejectionFor(jsonAnswer(400, { Code: "ThrottlingException", Message: "m" }));
    expect(onlyCode.name).toBe("UnknownError");
  });

  test("body members cannot overwrite the exception's own properties", () => {
    const error = toServiceException(
      400,
      new Headers(),
      JSON.stringify({ __type: "X", name: "Spoofed", $fault: "server", $metadata: {}, stack: "s", Extra: 1 }),
      { attempts: 1, totalRetryDelayMs: 0 },
    );
    expect(error.name).toBe("X");
    expect(error.$fault).toBe("client");
    expect(error.$metadata).toEqual({ attempts: 1, totalRetryDelayMs: 0 });
    expect((error as unknown as { Extra: number }).Extra).toBe(1);
  });

  test("a type named like an Object.prototype member is not a declared class", async () => {
    const error = await rejectionFor(jsonAnswer(400, { __type: "constructor" }));
    expect(error.constructor).toBe(RekognitionServiceException);
    expect(error.name).toBe("constructor");
  });
});
