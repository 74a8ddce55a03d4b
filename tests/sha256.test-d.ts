/**
 * Type tests of the pluggable SigV4 hashing and of the Bun and Node entries.
 * Checked by `tsc --noEmit` (CI), not run.
 */
import type { RekognitionClient as BunClient } from "../adapters/bun.ts";
import type { RekognitionClient as NodeClient } from "../adapters/node.ts";
import type { bunSha256 } from "../adapters/sha256-bun.ts";
import type { nodeSha256 } from "../adapters/sha256-node.ts";
import type { HmacKey, RekognitionClient, RekognitionClientConfig, Sha256, webCryptoSha256 } from "../mod.ts";
import type { Equal, Expect } from "./type-helpers.ts";

type Assignable<A, B> = [A] extends [B] ? true : false;

export type Tests = [
  Expect<Equal<RekognitionClientConfig["sha256"], Sha256 | undefined>>,
  // Synchronous and asynchronous implementations both fit.
  Expect<Equal<ReturnType<Sha256["hashHex"]>, string | Promise<string>>>,
  Expect<Equal<ReturnType<Sha256["hmacKey"]>, HmacKey | Promise<HmacKey>>>,
  Expect<Equal<Parameters<Sha256["hmacKey"]>[0], string | Uint8Array>>,
  Expect<Equal<typeof webCryptoSha256, Sha256>>,
  Expect<Equal<typeof bunSha256, Sha256>>,
  Expect<Equal<typeof nodeSha256, Sha256>>,
  // The entries' clients are the same client: same constructor parameters, usable wherever one is expected.
  Expect<Equal<ConstructorParameters<typeof BunClient>, ConstructorParameters<typeof RekognitionClient>>>,
  Expect<Equal<ConstructorParameters<typeof NodeClient>, ConstructorParameters<typeof RekognitionClient>>>,
  Expect<Assignable<BunClient, RekognitionClient>>,
  Expect<Assignable<NodeClient, RekognitionClient>>,
  // `defaultSha256` is not part of the public surface.
  Expect<Equal<"defaultSha256" extends keyof typeof RekognitionClient ? true : false, false>>,
];
