/**
 * rekognition-edge on Bun (the package's `bun` export condition): the API of
 * `mod.ts`, with SigV4 hashed by Bun's native, synchronous `Bun.CryptoHasher`
 * unless the configuration names another `sha256`. WebCrypto's calls are round
 * trips to a thread pool, and on Bun they were most of a call's CPU time
 * (BENCHMARKS.md).
 *
 * @module
 */
import { RekognitionClient as WebCryptoRekognitionClient, type Sha256 } from "../mod.ts";
import { bunSha256 } from "./sha256-bun.ts";

export * from "../mod.ts";

/** The client, hashing with `Bun.CryptoHasher` by default. */
export class RekognitionClient extends WebCryptoRekognitionClient {
  protected static override readonly defaultSha256: Sha256 = bunSha256;
}
