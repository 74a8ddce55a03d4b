/**
 * Synchronous SigV4 hashing for the local server's signature checks: WebCrypto's calls are round trips to a thread
 * pool on Node and Bun (about a fifth of a request's CPU on Node, issue 21), these are not.
 *
 * @module
 */
import { createHash, createHmac } from "node:crypto";
import type { SigV4Hashing } from "../sigv4-verifier.ts";

/** The part of Bun's `CryptoHasher` used here (Bun's types stay out of the published declarations). */
interface BunCryptoHasher {
  update(data: Uint8Array | string): BunCryptoHasher;
  digest(): Uint8Array;
  digest(encoding: "hex"): string;
}
type BunHasherConstructor = new (algorithm: "sha256", key?: Uint8Array | string) => BunCryptoHasher;

/** {@link SigV4Hashing} with `node:crypto` (Node, Deno; Bun too). */
export const nodeHashing: SigV4Hashing = {
  sha256Hex: (data) => createHash("sha256").update(data).digest("hex"),
  hmac: (key, data) => createHmac("sha256", key).update(data).digest(),
};

/** The runtime's fastest synchronous hashing: `Bun.CryptoHasher` on Bun, `node:crypto` elsewhere. */
export function nativeHashing(): SigV4Hashing {
  const Hasher = (globalThis as { Bun?: { CryptoHasher: BunHasherConstructor } }).Bun?.CryptoHasher;
  if (Hasher === undefined) return nodeHashing;
  return {
    sha256Hex: (data) => new Hasher("sha256").update(data).digest("hex"),
    hmac: (key, data) => new Hasher("sha256", key).update(data).digest(),
  };
}
