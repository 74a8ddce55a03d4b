/**
 * SigV4 hashing with Bun's native, synchronous `Bun.CryptoHasher`, for the local server's signature checks.
 * `Bun` is read from `globalThis` (Bun's types stay out of the published declarations).
 *
 * @module
 */
import type { SigV4Hashing } from "../sigv4-verifier.ts";

/** The part of Bun's `CryptoHasher` used here. */
interface BunCryptoHasher {
  update(data: Uint8Array | string): BunCryptoHasher;
  digest(): Uint8Array;
  digest(encoding: "hex"): string;
}
type BunHasherConstructor = new (algorithm: "sha256", key?: Uint8Array | string) => BunCryptoHasher;

/** {@link SigV4Hashing} with `Bun.CryptoHasher`; undefined when not on Bun. */
export function bunHashing(): SigV4Hashing | undefined {
  const Hasher = (globalThis as { Bun?: { CryptoHasher: BunHasherConstructor } }).Bun?.CryptoHasher;
  if (Hasher === undefined) return undefined;
  return {
    sha256Hex: (data) => new Hasher("sha256").update(data).digest("hex"),
    hmac: (key, data) => new Hasher("sha256", key).update(data).digest(),
  };
}
