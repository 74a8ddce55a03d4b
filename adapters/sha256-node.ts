/** SigV4 hashing with `node:crypto`, synchronous (Node, and Bun and Deno through their Node compatibility). @module */
import { createHash, createHmac } from "node:crypto";
import type { Sha256 } from "../src/signer.ts";

/** {@link Sha256} with `node:crypto`. */
export const nodeSha256: Sha256 = {
  hashHex: (data) => createHash("sha256").update(data).digest("hex"),
  hmacKey: (key) => ({ sign: (data) => createHmac("sha256", key).update(data).digest() }),
};
