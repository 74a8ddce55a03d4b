/**
 * rekognition-edge on Node (the package's `node` export condition): the API of
 * `mod.ts`, with SigV4 hashed by `node:crypto`, synchronously, unless the
 * configuration names another `sha256`. Each WebCrypto call is a round trip to
 * libuv's thread pool (about 50 µs on Node, BENCHMARKS.md).
 *
 * @module
 */
import { RekognitionClient as WebCryptoRekognitionClient, type Sha256 } from "../mod.ts";
import { nodeSha256 } from "./sha256-node.ts";

export * from "../mod.ts";

/** The client, hashing with `node:crypto` by default. */
export class RekognitionClient extends WebCryptoRekognitionClient {
  protected static override readonly defaultSha256: Sha256 = nodeSha256;
}
