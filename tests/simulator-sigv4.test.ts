/**
 * The simulator's SigV4 verifier: AWS's own test vectors, signatures from two
 * independent signers (aws4fetch, used by our client, and the AWS SDK's
 * @smithy/signature-v4) over random requests, and every refusal with AWS's texts.
 */
import { describe, expect, test } from "bun:test";
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4"; // the AWS SDK for JavaScript's signer (a dependency of @aws-sdk/client-rekognition)
import fc from "fast-check";
import { type AcceptedCredentials, SIGNATURE_MISMATCH_MESSAGE, type Verification, verifySigV4 } from "../harness/sigv4-verifier.ts";
import { headersFromRaw } from "../harness/node/server.ts";
import { SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { SigningKeyCache, signRequest } from "../src/signer.ts";

const encoder = new TextEncoder();
const NOW = Date.UTC(2026, 4, 17, 10, 20, 30);
const ENDPOINT = "https://rekognition.us-east-1.amazonaws.com/";

/** The SHA-256 the smithy signer wants, from node:crypto (independent of WebCrypto). */
class NodeSha256 {
  readonly #hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

interface Case {
  method?: string;
  url?: string;
  headers: Headers;
  body?: string;
}

const lookup = (...accepted: AcceptedCredentials[]) => (id: string) => accepted.find((credentials) => credentials.accessKeyId === id);

function verify(request: Case, options: { now?: number; accepted?: AcceptedCredentials[]; service?: string; region?: string } = {}): Promise<Verification> {
  return verifySigV4(
    { method: request.method ?? "POST", url: request.url ?? ENDPOINT, headers: request.headers, body: encoder.encode(request.body ?? "") },
    {
      credentials: lookup(...(options.accepted ?? [SIMULATOR_CREDENTIALS])),
      now: options.now ?? NOW,
      service: options.service ?? "rekognition",
      ...(options.region === undefined ? {} : { region: options.region }),
    },
  );
}

/** Signed by aws4fetch, as our client signs. */
async function signedByClient(options: {
  url?: string;
  body?: string;
  headers?: Record<string, string>;
  time?: number;
  region?: string;
  credentials?: AcceptedCredentials;
}): Promise<Case> {
  const url = options.url ?? ENDPOINT;
  const body = options.body ?? "{}";
  const headers = await signRequest({
    url,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "RekognitionService.CreateProjectVersion", ...options.headers },
    body,
    credentials: options.credentials ?? SIMULATOR_CREDENTIALS,
    region: options.region ?? "us-east-1",
    service: "rekognition",
    date: new Date(options.time ?? NOW),
    keys: new SigningKeyCache(),
  });
  return { url, headers, body };
}

/** Signed by the AWS SDK's signer. */
async function signedBySdk(options: {
  query: Record<string, string>;
  body: string;
  headers: Record<string, string>;
  time: number;
  region: string;
  credentials: AcceptedCredentials;
}): Promise<Case> {
  const signer = new SignatureV4({ credentials: options.credentials, region: options.region, service: "rekognition", sha256: NodeSha256 });
  const hostname = `rekognition.${options.region}.amazonaws.com`;
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "https:",
      hostname,
      path: "/",
      query: options.query,
      headers: { host: hostname, "content-type": "application/x-amz-json-1.1", ...options.headers },
      body: options.body,
    },
    { signingDate: new Date(options.time) },
  );
  const search = new URLSearchParams(options.query).toString();
  return { url: `https://${hostname}/${search ? `?${search}` : ""}`, headers: new Headers(signed.headers as Record<string, string>), body: options.body };
}

describe("AWS SigV4 test suite vectors (service 'service', 20150830T123600Z)", () => {
  const vectors = [
    ["get-vanilla", "GET", "https://example.amazonaws.com/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"],
    ["post-vanilla", "POST", "https://example.amazonaws.com/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"],
    [
      "get-vanilla-query-order-key-case",
      "GET",
      "https://example.amazonaws.com/?Param2=value2&Param1=value1",
      "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
    ],
    ["post-vanilla-query", "POST", "https://example.amazonaws.com/?Param1=value1", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"],
  ] as const;
  for (const [name, method, url, signature] of vectors) {
    test(name, async () => {
      const headers = (sig: string) =>
        new Headers({
          host: "example.amazonaws.com",
          "x-amz-date": "20150830T123600Z",
          authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig}`,
        });
      const options = { now: Date.UTC(2015, 7, 30, 12, 36), service: "service" };
      expect(await verify({ method, url, headers: headers(signature) }, options)).toEqual({ ok: true, accessKeyId: "AKIDEXAMPLE", region: "us-east-1" });
      const wrong = signature.replace(/^./, (digit) => (digit === "0" ? "1" : "0"));
      expect(await verify({ method, url, headers: headers(wrong) }, options)).toMatchObject({
        ok: false,
        type: "InvalidSignatureException",
        message: SIGNATURE_MISMATCH_MESSAGE,
        details: { signedHeaders: ["host", "x-amz-date"], canonicalRequest: expect.stringMatching(/^(GET|POST)\n/) },
      });
    });
  }
});

test("get-header-key-duplicate: a header sent on several lines is canonicalised as SigV4 says (values joined by ',') by the server's headersFromRaw", async () => {
  const signature = "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea";
  const raw = [
    "Host",
    "example.amazonaws.com",
    "My-Header1",
    "value2",
    "My-Header1",
    "value2",
    "My-Header1",
    "value1",
    "X-Amz-Date",
    "20150830T123600Z",
    "Authorization",
    `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=${signature}`,
  ];
  const options = { now: Date.UTC(2015, 7, 30, 12, 36), service: "service" };
  const request = { method: "GET", url: "https://example.amazonaws.com/" };
  expect(headersFromRaw(raw).get("my-header1")).toBe("value2,value2,value1");
  expect(headersFromRaw(["X-A", "  padded ", "x-a", "b  c"]).get("x-a")).toBe("padded,b  c"); // each value trimmed, names case-insensitive
  expect(await verify({ ...request, headers: headersFromRaw(raw) }, options)).toMatchObject({ ok: true });
  // What the fetch API makes of the same lines ("value2, value2, value1") is not the canonical form.
  const appended = new Headers();
  for (let i = 0; i < raw.length; i += 2) appended.append(raw[i]!, raw[i + 1]!);
  expect(await verify({ ...request, headers: appended }, options)).toMatchObject({ ok: false, type: "InvalidSignatureException" });
});

describe("signatures of independent signers verify; any change after signing does not", () => {
  const region = fc.stringMatching(/^[a-z]{2}-[a-z]{4,9}-[1-9]$/);
  const headerValue = fc.stringMatching(/^[!-~]([ !-~]{0,20}[!-~])?$/);
  const extraHeaders = fc.dictionary(fc.stringMatching(/^x-test-[a-z]{1,8}$/), headerValue, { maxKeys: 4 });
  const query = fc.dictionary(fc.stringMatching(/^[A-Za-z0-9_.~-]{1,8}$/), fc.stringMatching(/^[A-Za-z0-9 _.~!*'()-]{0,10}$/), { maxKeys: 3 });
  const body = fc.string({ unit: "binary", maxLength: 200 });
  const token = fc.option(fc.stringMatching(/^[A-Za-z0-9/+=]{16,48}$/), { nil: undefined });
  const skew = fc.integer({ min: -5 * 60_000, max: 5 * 60_000 });

  test("aws4fetch (our client's signer): accepted; body, header or URL changed: refused", async () => {
    await fc.assert(
      fc.asyncProperty(region, extraHeaders, query, body, token, skew, async (region, headers, query, body, sessionToken, skew) => {
        const credentials = { ...SIMULATOR_CREDENTIALS, ...(sessionToken ? { sessionToken } : {}) };
        const search = new URLSearchParams(query).toString();
        const url = `https://rekognition.${region}.amazonaws.com/${search ? `?${search}` : ""}`;
        const signed = await signedByClient({ url, body, headers, time: NOW + skew, region, credentials });
        const accepted = [credentials];
        expect(await verify(signed, { accepted })).toEqual({ ok: true, accessKeyId: "AKIDEXAMPLE", region });
        expect(await verify({ ...signed, body: `${body} ` }, { accepted })).toMatchObject({ type: "InvalidSignatureException" });
        const target = new Headers(signed.headers);
        target.set("x-amz-target", "RekognitionService.DescribeProjectVersions");
        expect(await verify({ ...signed, headers: target }, { accepted })).toMatchObject({ type: "InvalidSignatureException" });
        expect(await verify({ ...signed, url: `${url}${search ? "&" : "?"}extra=1` }, { accepted })).toMatchObject({ type: "InvalidSignatureException" });
      }),
      { numRuns: 40 },
    );
  });

  test("@smithy/signature-v4 (the AWS SDK's signer): accepted; body changed: refused", async () => {
    await fc.assert(
      fc.asyncProperty(region, extraHeaders, query, body, token, skew, async (region, headers, query, body, sessionToken, skew) => {
        const credentials = { ...SIMULATOR_CREDENTIALS, ...(sessionToken ? { sessionToken } : {}) };
        const signed = await signedBySdk({ query, body, headers, time: NOW + skew, region, credentials });
        expect(await verify(signed, { accepted: [credentials] })).toEqual({ ok: true, accessKeyId: "AKIDEXAMPLE", region });
        expect(await verify({ ...signed, body: `${body}!` }, { accepted: [credentials] })).toMatchObject({ type: "InvalidSignatureException" });
      }),
      { numRuns: 40 },
    );
  });

  test("host and content-length missing from a Request's headers are taken from its URL and body", async () => {
    const credentials = SIMULATOR_CREDENTIALS;
    const signed = await signedBySdk({ query: {}, body: "{}", headers: { "content-length": "2" }, time: NOW, region: "us-east-1", credentials });
    expect(signed.headers.get("authorization")).toContain("SignedHeaders=content-length;content-type;host;");
    const bare = new Headers(signed.headers);
    bare.delete("host");
    bare.delete("content-length");
    expect(await verify({ ...signed, headers: bare })).toMatchObject({ ok: true });
  });
});

describe("refusals, with the types and texts AWS sends", () => {
  /** A refusal of this type and message (what else it carries, `details`, is pinned below). */
  const failure = (type: string, message: string | RegExp) =>
    expect.objectContaining({ ok: false, type, message: typeof message === "string" ? message : expect.stringMatching(message) }) as unknown as Verification;

  test("no Authorization header: MissingAuthenticationTokenException", async () => {
    expect(await verify({ headers: new Headers({ "x-amz-date": "20260517T102030Z" }) })).toEqual(
      failure("MissingAuthenticationTokenException", "Missing Authentication Token"),
    );
  });

  test("an incomplete Authorization header: IncompleteSignatureException naming what is missing", async () => {
    const signed = await signedByClient({});
    const headers = new Headers(signed.headers);
    headers.set("authorization", headers.get("authorization")!.replace(/, Signature=[0-9a-f]+/, ""));
    expect(await verify({ ...signed, headers })).toEqual(
      failure("IncompleteSignatureException", /^Authorization header requires 'Signature' parameter\. Authorization=AWS4-HMAC-SHA256 /),
    );
    headers.set("authorization", "Bearer abc");
    expect(await verify({ ...signed, headers })).toEqual(failure("IncompleteSignatureException", /^Unsupported AWS 'algorithm': 'Bearer'/));
    const undated = new Headers(signed.headers);
    undated.delete("x-amz-date");
    expect(await verify({ ...signed, headers: undated })).toEqual(
      failure("IncompleteSignatureException", /^Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header/),
    );
  });

  test("an unknown access key: UnrecognizedClientException", async () => {
    const signed = await signedByClient({ credentials: { accessKeyId: "AKIAUNKNOWN", secretAccessKey: SIMULATOR_CREDENTIALS.secretAccessKey } });
    expect(await verify(signed)).toEqual(failure("UnrecognizedClientException", "The security token included in the request is invalid."));
  });

  test("a wrong secret key: InvalidSignatureException with AWS's text", async () => {
    const signed = await signedByClient({ credentials: { ...SIMULATOR_CREDENTIALS, secretAccessKey: "not-the-secret" } });
    expect(await verify(signed)).toEqual(failure("InvalidSignatureException", SIGNATURE_MISMATCH_MESSAGE));
  });

  test("a refusal carries the SignedHeaders the client declared; a signature that does not match, also the canonical request and string to sign computed", async () => {
    const signed = await signedByClient({ credentials: { ...SIMULATOR_CREDENTIALS, secretAccessKey: "not-the-secret" } });
    const declared = /SignedHeaders=([^,]+)/.exec(signed.headers.get("authorization")!)![1]!.split(";");
    const mismatch = await verify(signed);
    if (mismatch.ok) throw new Error("accepted");
    const { canonicalRequest, stringToSign, signedHeaders } = mismatch.details!;
    expect(signedHeaders).toEqual(declared);
    expect(canonicalRequest!.split("\n").slice(0, 3)).toEqual(["POST", "/", ""]);
    expect(canonicalRequest).toContain(`x-amz-target:${signed.headers.get("x-amz-target")}\n`);
    expect(stringToSign!.split("\n")).toEqual([
      "AWS4-HMAC-SHA256",
      signed.headers.get("x-amz-date"),
      `${signed.headers.get("x-amz-date")!.slice(0, 8)}/us-east-1/rekognition/aws4_request`,
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
    // Refused before the signature was computed: the declared headers only. Before the header parsed: nothing.
    const unknownKey = await verify(await signedByClient({ credentials: { ...SIMULATOR_CREDENTIALS, accessKeyId: "AKIAUNKNOWN" } }));
    expect(unknownKey).toMatchObject({ ok: false, details: { signedHeaders: declared } });
    expect((unknownKey as { details: object }).details).not.toHaveProperty("canonicalRequest");
    expect(await verify({ headers: new Headers() })).not.toHaveProperty("details");
    // Accepted: nothing extra.
    expect(Object.keys(await verify(await signedByClient({})))).toEqual(["ok", "accessKeyId", "region"]);
  });

  test("session tokens: required when configured, refused when not, must match", async () => {
    const temporary = { accessKeyId: "ASIATEMPORARY", secretAccessKey: "temporary-secret", sessionToken: "token-1" };
    const accepted = [SIMULATOR_CREDENTIALS, temporary];
    expect(await verify(await signedByClient({ credentials: temporary }), { accepted })).toMatchObject({ ok: true, accessKeyId: "ASIATEMPORARY" });
    const invalid = failure("UnrecognizedClientException", "The security token included in the request is invalid.");
    expect(await verify(await signedByClient({ credentials: { ...temporary, sessionToken: "token-2" } }), { accepted })).toEqual(invalid);
    expect(await verify(await signedByClient({ credentials: { ...temporary, sessionToken: undefined } }), { accepted })).toEqual(invalid);
    expect(await verify(await signedByClient({ credentials: { ...SIMULATOR_CREDENTIALS, sessionToken: "stray" } }), { accepted })).toEqual(invalid);
  });

  test("expired temporary credentials: ExpiredTokenException", async () => {
    const temporary = { accessKeyId: "ASIATEMPORARY", secretAccessKey: "s", sessionToken: "t", expiresAt: NOW - 1 };
    expect(await verify(await signedByClient({ credentials: temporary }), { accepted: [temporary] })).toEqual(
      failure("ExpiredTokenException", "The security token included in the request is expired"),
    );
    expect(await verify(await signedByClient({ credentials: temporary }), { accepted: [{ ...temporary, expiresAt: NOW + 1 }] })).toMatchObject({ ok: true });
  });

  test("a request time more than 5 minutes off (Rekognition's window): 'Signature expired' / 'not yet current', exactly as AWS words it", async () => {
    const early = await signedByClient({ time: NOW - 5 * 60_000 - 1_000 });
    expect(await verify(early)).toEqual(
      failure("InvalidSignatureException", "Signature expired: 20260517T101529Z is now earlier than 20260517T101530Z (20260517T102030Z - 5 min.)"),
    );
    const late = await signedByClient({ time: NOW + 5 * 60_000 + 1_000 });
    expect(await verify(late)).toEqual(
      failure("InvalidSignatureException", "Signature not yet current: 20260517T102531Z is still later than 20260517T102530Z (20260517T102030Z + 5 min.)"),
    );
    expect(await verify(await signedByClient({ time: NOW - 5 * 60_000 }))).toMatchObject({ ok: true });
    expect(await verify(await signedByClient({ time: NOW + 5 * 60_000 }))).toMatchObject({ ok: true });
  });

  test("a scope for another region than the service's: InvalidSignatureException naming the region signed for", async () => {
    const signed = await signedByClient({ region: "eu-west-1" });
    expect(await verify(signed, { region: "us-east-1" })).toEqual(
      failure("InvalidSignatureException", "Credential should be scoped to a valid region, not 'eu-west-1'. "),
    );
    expect(await verify(signed, { region: "eu-west-1" })).toMatchObject({ ok: true, region: "eu-west-1" });
    expect(await verify(signed)).toMatchObject({ ok: true }); // no region given: any
  });

  test("a scope for another service, a scope date not the request's, host not signed: InvalidSignatureException", async () => {
    const signed = await signedByClient({});
    const rewrite = (from: RegExp, to: string) => {
      const headers = new Headers(signed.headers);
      headers.set("authorization", headers.get("authorization")!.replace(from, to));
      return verify({ ...signed, headers });
    };
    expect(await rewrite(/\/rekognition\//, "/s3/")).toEqual(
      failure("InvalidSignatureException", "Credential should be scoped to correct service: 'rekognition'. "),
    );
    expect(await rewrite(/\/20260517\//, "/20260516/")).toEqual(
      failure(
        "InvalidSignatureException",
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260516' != '20260517', from '20260517T102030Z'.",
      ),
    );
    expect(await rewrite(/\/aws4_request/, "/aws5_request")).toEqual(
      failure("InvalidSignatureException", /valid terminator: 'aws4_request', not 'aws5_request'/),
    );
    expect(await rewrite(/SignedHeaders=host;/, "SignedHeaders=")).toEqual(
      failure("InvalidSignatureException", /'Host' or ':authority' must be a 'SignedHeader'/),
    );
    expect(await rewrite(/Signature=[0-9a-f]+/, "Signature=zz")).toEqual(failure("InvalidSignatureException", SIGNATURE_MISMATCH_MESSAGE));
  });
});
