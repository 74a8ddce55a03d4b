/**
 * Synchronous SigV4 hashing for the local server's signature checks: WebCrypto's calls are round trips to a thread
 * pool on Node and Bun (about a fifth of a request's CPU on Node, issue 21), these are not.
 *
 * @module
 */
import { createHash, createHmac, hash } from "node:crypto";
import { bunHashing } from "../bun/hashing.ts";
import type { SigV4Hashing } from "../sigv4-verifier.ts";

/** {@link SigV4Hashing} with `node:crypto` (Node, Deno; Bun too). */
export const nodeHashing: SigV4Hashing = {
  // The one-shot `hash` (Node ≥ 20.12) makes no Hash object; Deno's node:crypto may lack it.
  sha256Hex: typeof hash === "function" ? (data) => hash("sha256", data, "hex") : (data) => createHash("sha256").update(data).digest("hex"),
  hmac: (key, data) => createHmac("sha256", key).update(data).digest(),
};

/** The runtime's fastest synchronous hashing: `Bun.CryptoHasher` on Bun, `node:crypto` elsewhere. */
export function nativeHashing(): SigV4Hashing {
  return bunHashing() ?? nodeHashing;
}
