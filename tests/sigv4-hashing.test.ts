/**
 * The verifier's two ways of hashing (issue 21): WebCrypto (any runtime) and synchronous hashing (`node:crypto`,
 * `Bun.CryptoHasher`: what the local servers use). Both give the same verdicts; the day's signing key is cached per
 * secret, day, region and service, so a request of another day, region or credential never meets a key derived
 * for another; the signature's hex is read strictly.
 */
import { describe, expect, test } from "bun:test";
import { nativeHashing, nodeHashing } from "../harness/node/hashing.ts";
import { type AcceptedCredentials, type SigV4Hashing, verifySigV4 } from "../harness/sigv4-verifier.ts";
import { SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { signedRequest } from "./fixtures-helpers.ts";

const OTHER: AcceptedCredentials = { accessKeyId: "AKIDOTHER", secretAccessKey: "another-secret-key-0123456789" };
const DAY_1 = Date.UTC(2026, 2, 1, 23, 59, 0);
const DAY_2 = Date.UTC(2026, 2, 2, 0, 1, 0);
const HASHINGS: [string, SigV4Hashing | undefined][] = [
  ["WebCrypto", undefined],
  ["node:crypto", nodeHashing],
  ...("Bun" in globalThis ? [["Bun.CryptoHasher", nativeHashing()] as [string, SigV4Hashing]] : []),
];

/** A signed describe as the verifier sees it. */
async function toVerify(options: { time: number; region?: string; credentials?: AcceptedCredentials; signature?: (signature: string) => string }) {
  const request = await signedRequest({
    url: `https://rekognition.${options.region ?? "us-east-1"}.amazonaws.com/`,
    operation: "DescribeProjectVersions",
    body: { ProjectArn: "arn:aws:rekognition:us-east-1:111122223333:project/p/1" },
    time: options.time,
    region: options.region ?? "us-east-1",
    credentials: options.credentials ?? SIMULATOR_CREDENTIALS,
  });
  const headers = new Headers(request.headers);
  if (options.signature) {
    headers.set(
      "authorization",
      headers.get("authorization")!.replace(/Signature=(\w+)$/, (_, hex) => `Signature=${options.signature!(hex)}`),
    );
  }
  return { method: "POST", url: request.url, headers, body: new Uint8Array(await request.arrayBuffer()) };
}

const accepted = new Map([SIMULATOR_CREDENTIALS, OTHER].map((credentials) => [credentials.accessKeyId, credentials]));
const verdict = async (hashing: SigV4Hashing | undefined, request: Awaited<ReturnType<typeof toVerify>>, now: number) => {
  const verification = await verifySigV4(request, { credentials: (id) => accepted.get(id), now, service: "rekognition", hashing });
  return verification.ok ? "valid" : verification.type;
};

describe.each(HASHINGS)("%s", (_, hashing) => {
  test("a key derived for one day, region or credential is never used for another: each verifies, a forgery of each does not", async () => {
    const cases = [
      { time: DAY_1 },
      { time: DAY_2 }, // the next day: a new key
      { time: DAY_2, region: "eu-west-1" }, // another region, same day
      { time: DAY_2, region: "eu-west-1", credentials: OTHER }, // another secret, same day and region
      { time: DAY_1 }, // the first again, after the others were cached
    ];
    for (const signing of cases) {
      expect(await verdict(hashing, await toVerify(signing), signing.time)).toBe("valid");
      // Signed with the other secret but claiming this key id: the cached key of the claimed credential refuses it.
      const forged = await toVerify({ ...signing, credentials: { ...(signing.credentials ?? SIMULATOR_CREDENTIALS), secretAccessKey: "not-the-secret" } });
      expect(await verdict(hashing, forged, signing.time)).toBe("InvalidSignatureException");
    }
  });

  test("the signature's hex is read strictly: one bit changed, upper case, 63 or 65 digits, a non-hex digit are refused", async () => {
    const flip = (hex: string) => `${hex.slice(0, 63)}${(parseInt(hex[63]!, 16) ^ 1).toString(16)}`; // the last bit
    for (
      const change of [flip, (hex: string) => hex.toUpperCase(), (hex: string) => hex.slice(1), (hex: string) => `${hex}0`, (hex: string) => `${hex.slice(1)}g`]
    ) {
      expect(await verdict(hashing, await toVerify({ time: DAY_1, signature: change }), DAY_1)).toBe("InvalidSignatureException");
    }
    expect(await verdict(hashing, await toVerify({ time: DAY_1, signature: (hex) => hex }), DAY_1)).toBe("valid");
  });
});

test("synchronous hashing is SHA-256 and HMAC-SHA-256 (RFC 4231 test case 2)", () => {
  for (const [, hashing] of HASHINGS.filter(([, hashing]) => hashing !== undefined)) {
    expect(hashing!.sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashing!.sha256Hex(new TextEncoder().encode("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const mac = hashing!.hmac("Jefe", "what do ya want for nothing?");
    expect(Array.from(mac, (byte) => byte.toString(16).padStart(2, "0")).join("")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
});
