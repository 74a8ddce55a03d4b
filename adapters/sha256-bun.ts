/** SigV4 hashing with Bun's native, synchronous `Bun.CryptoHasher`. @module */
import type { Sha256 } from "../src/signer.ts";

/** {@link Sha256} with `Bun.CryptoHasher`. */
export const bunSha256: Sha256 = {
  hashHex: (data) => new Bun.CryptoHasher("sha256").update(data).digest("hex"),
  hmacKey: (key) => ({ sign: (data) => new Bun.CryptoHasher("sha256", key).update(data).digest() }),
};
