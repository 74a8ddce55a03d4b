/**
 * SigV4's hashing: WebCrypto (the default everywhere), node:crypto (the
 * package's Node entry) and Bun.CryptoHasher (its Bun entry, tested where Bun
 * runs) must agree with published vectors and with each other, and each must
 * sign AWS's SigV4 vector.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { RekognitionClient as BunClient } from "../adapters/bun.ts";
import { RekognitionClient as NodeClient } from "../adapters/node.ts";
import { bunSha256 } from "../adapters/sha256-bun.ts";
import { nodeSha256 } from "../adapters/sha256-node.ts";
import { RekognitionClient, ValidationError } from "../mod.ts";
import { type Sha256, SigningKeyCache, signRequest, toHex, webCryptoSha256 } from "../src/signer.ts";
import { RekognitionSimulator } from "../harness/mod.ts";
import { DEMO_PROJECTS, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { created, EXAMPLE_CREDENTIALS, exampleInput, scriptedTransport } from "./helpers.ts";

// Bun.CryptoHasher exists on Bun only (the suite also runs under Deno).
const onBun = typeof Bun !== "undefined";
const IMPLEMENTATIONS: [string, Sha256][] = [
  ["WebCrypto", webCryptoSha256],
  ["node:crypto", nodeSha256],
  ...(onBun ? [["Bun.CryptoHasher", bunSha256] as [string, Sha256]] : []),
];
/** The client of each entry: mod.ts, the Node entry, the Bun entry. */
const CLIENTS = [RekognitionClient, NodeClient, ...(onBun ? [BunClient] : [])];

const hmacHex = async (sha256: Sha256, key: string | Uint8Array, data: string) => toHex(await (await sha256.hmacKey(key)).sign(data));

describe.each(IMPLEMENTATIONS)("%s", (_, sha256) => {
  test("SHA-256 of FIPS 180-2's vectors and of non-ASCII text (hashed as UTF-8)", async () => {
    expect(await sha256.hashHex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(await sha256.hashHex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await sha256.hashHex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(await sha256.hashHex("日本語 🎉")).toBe("565f98c5ac0940bbc49b03a3415c5d91936e53e2d01b4d0209eae08658d6f8c9"); // Python's hashlib
  });

  test("HMAC-SHA-256 of RFC 4231's vectors, with a text key and a byte key", async () => {
    expect(await hmacHex(sha256, "Jefe", "what do ya want for nothing?")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    expect(await hmacHex(sha256, new Uint8Array(20).fill(0x0b), "Hi There")).toBe("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    // A key longer than the block size is hashed first (test case 6).
    expect(await hmacHex(sha256, new Uint8Array(131).fill(0xaa), "Test Using Larger Than Block-Size Key - Hash Key First")).toBe(
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    );
  });

  test("signs AWS's published post-vanilla SigV4 vector", async () => {
    const headers = await signRequest({
      url: "https://example.amazonaws.com/",
      headers: {},
      body: "",
      credentials: EXAMPLE_CREDENTIALS,
      region: "us-east-1",
      service: "service",
      date: new Date("2015-08-30T12:36:00Z"),
      keys: new SigningKeyCache(sha256),
    });
    expect(headers.get("authorization")).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, " +
        "Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
    );
  });
});

// Keys are never empty in SigV4 ("AWS4" + secret, then 32-byte HMACs); WebCrypto refuses empty HMAC keys.
test.each(IMPLEMENTATIONS.filter(([, sha256]) => sha256 !== webCryptoSha256))(
  "%s agrees with WebCrypto on any text and any non-empty key",
  async (_, sha256) => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: 300 }), fc.uint8Array({ minLength: 1, maxLength: 100 }), async (data, key) => {
        expect(await sha256.hashHex(data)).toBe(await webCryptoSha256.hashHex(data));
        expect(await hmacHex(sha256, key, data)).toBe(await hmacHex(webCryptoSha256, key, data));
        expect(await hmacHex(sha256, `AWS4${data}`, "20260101")).toBe(await hmacHex(webCryptoSha256, `AWS4${data}`, "20260101"));
      }),
      { numRuns: 200 },
    );
  },
);

/** A Sha256 that counts its uses and hashes with WebCrypto. */
function countingSha256() {
  const counts = { hashHex: 0, hmacKey: 0 };
  const sha256: Sha256 = {
    hashHex: (data) => (counts.hashHex++, webCryptoSha256.hashHex(data)),
    hmacKey: (key) => (counts.hmacKey++, webCryptoSha256.hmacKey(key)),
  };
  return { sha256, counts };
}

describe("the client's sha256 option", () => {
  test("the configured hashing signs every request: two hashes each, the day's key prepared once", async () => {
    for (const Client of [RekognitionClient, NodeClient, BunClient]) {
      const { sha256, counts } = countingSha256();
      const { fetch, requests } = scriptedTransport(created(), created());
      const client = new Client({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, fetch, sha256 });
      await client.createProjectVersion(exampleInput());
      await client.createProjectVersion(exampleInput());
      expect(requests).toHaveLength(2);
      // Body and canonical request per request; "AWS4"+secret, kDate, kRegion, kService, then kSigning: five keys, once.
      expect(counts).toEqual({ hashHex: 4, hmacKey: 5 });
    }
  });

  test("each entry's client is accepted by the simulator's own SigV4 verifier (no aws4fetch, WebCrypto), and a wrong secret is not", async () => {
    for (const Client of CLIENTS) {
      const simulator = new RekognitionSimulator();
      const input = { ...exampleInput(), ProjectArn: DEMO_PROJECTS.customLabels };
      const client = new Client({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, fetch: simulator.fetch });
      const { ProjectVersionArn } = await client.createProjectVersion(input);
      expect(ProjectVersionArn).toStartWith(`${DEMO_PROJECTS.customLabels.replace(/\/\d+$/, "")}/version/${input.VersionName}/`);
      const forger = new Client({ region: "us-east-1", credentials: { ...SIMULATOR_CREDENTIALS, secretAccessKey: "not-the-secret" }, fetch: simulator.fetch });
      await expect(forger.createProjectVersion({ ...input, VersionName: "other" })).rejects.toMatchObject({ name: "InvalidSignatureException" });
    }
  });

  test("each entry's default: WebCrypto in mod.ts, node:crypto in the Node entry, Bun.CryptoHasher in the Bun entry", () => {
    const defaultOf = (Client: unknown) => (Client as { defaultSha256: Sha256 }).defaultSha256;
    expect(defaultOf(RekognitionClient)).toBe(webCryptoSha256);
    expect(defaultOf(NodeClient)).toBe(nodeSha256);
    expect(defaultOf(BunClient)).toBe(bunSha256);
    expect(new SigningKeyCache().sha256).toBe(webCryptoSha256); // what signRequest hashes with unless told
  });

  test("something else than { hashHex, hmacKey } is refused", () => {
    expect(() => new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, sha256: {} as Sha256 })).toThrow(ValidationError);
    expect(() => new RekognitionClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, sha256: {} as Sha256 })).toThrow(
      "sha256 must have hashHex() and hmacKey()",
    );
  });
});
