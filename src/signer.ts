/**
 * SigV4 signing with aws4fetch's `AwsV4Signer`, with two changes: the derived
 * signing key is prepared once per day, region and service and kept (with
 * WebCrypto, a non-extractable `CryptoKey`: three WebCrypto calls per request
 * instead of aws4fetch's four), and the hashing is pluggable ({@link Sha256}),
 * so that Bun and Node can hash synchronously.
 *
 * @module
 */
import { AwsV4Signer } from "aws4fetch";

/** AWS credentials. Kept in private fields; never serialised, logged or put in an error. */
export interface Credentials {
  /** The access key id, named in each request's `Authorization`. */
  readonly accessKeyId: string;
  /** The secret the signatures are made with; it is never sent. */
  readonly secretAccessKey: string;
  /** The session token of temporary credentials, sent as `X-Amz-Security-Token`. */
  readonly sessionToken?: string | undefined;
  /** When temporary credentials expire; a provider is asked again 5 minutes before. */
  readonly expiration?: Date | undefined;
}

/**
 * The hashing SigV4 needs: SHA-256, and HMAC-SHA-256 under a key prepared once.
 * WebCrypto's ({@link webCryptoSha256}) by default; the package's Bun and Node
 * entries use their runtime's native synchronous hashing, which skips
 * WebCrypto's round trips to a thread pool (most of a call's CPU there).
 */
export interface Sha256 {
  /** Lower-case hex SHA-256 of the UTF-8 bytes of `data`. */
  hashHex(data: string): string | Promise<string>;
  /**
   * `key` (UTF-8 text or bytes) made ready for HMAC-SHA-256. The client keeps
   * the day's signing key in this form (WebCrypto: a non-extractable `CryptoKey`).
   */
  hmacKey(key: string | Uint8Array): HmacKey | Promise<HmacKey>;
}

/** A key ready for HMAC-SHA-256. */
export interface HmacKey {
  /** The HMAC of the UTF-8 bytes of `data`. */
  sign(data: string): Uint8Array | Promise<Uint8Array>;
}

const encoder = new TextEncoder();

/** {@link Sha256} with WebCrypto (`crypto.subtle`): any runtime. */
export const webCryptoSha256: Sha256 = {
  async hashHex(data) {
    return toHex(await crypto.subtle.digest("SHA-256", encoder.encode(data)));
  },
  async hmacKey(key) {
    // A Uint8Array over a SharedArrayBuffer is not a BufferSource to TypeScript; importKey copies the bytes either way.
    const bytes = typeof key === "string" ? encoder.encode(key) : (key as Uint8Array<ArrayBuffer>);
    const cryptoKey = await crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return { sign: async (data) => new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(data))) };
  },
};

/** `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`, ready to sign. */
async function deriveSigningKey(sha256: Sha256, secret: string, date: string, region: string, service: string): Promise<HmacKey> {
  let key: string | Uint8Array = `AWS4${secret}`;
  for (const data of [date, region, service, "aws4_request"]) key = await (await sha256.hmacKey(key)).sign(data);
  return sha256.hmacKey(key);
}

/**
 * The signing key last made, for one secret, day, region and service, and the
 * hashing it is made with. A client signs for one region and service, so a key
 * serves a whole day.
 */
export class SigningKeyCache {
  /** The hashing of every signature made with these keys. */
  readonly sha256: Sha256;
  #id: string | undefined;
  #key: Promise<HmacKey> | undefined;

  constructor(sha256: Sha256 = webCryptoSha256) {
    this.sha256 = sha256;
  }

  /** The signing key for a secret, a day (`YYYYMMDD`), a region and a service. */
  get(secret: string, date: string, region: string, service: string): Promise<HmacKey> {
    const id = `${secret}/${date}/${region}/${service}`;
    if (id !== this.#id) {
      this.#id = id;
      const key = (this.#key = deriveSigningKey(this.sha256, secret, date, region, service));
      key.catch(() => this.#key === key && (this.#id = undefined)); // a failed derivation is tried again
    }
    return this.#key!;
  }
}

const HEX_DIGITS = "0123456789abcdef";

/**
 * Lower-case hex, two digits a byte from a string of digits: as fast per signature as a table of the 256
 * pairs (`Array.from(bytes, format)` cost about 20 µs a signature on Bun), and nothing to build first (the
 * table took 0.35 ms of the first call's cold start on Bun).
 */
export function toHex(buffer: ArrayBuffer | Uint8Array): string {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  let hex = "";
  for (let index = 0; index < bytes.length; index++) hex += HEX_DIGITS[bytes[index]! >> 4]! + HEX_DIGITS[bytes[index]! & 15]!;
  return hex;
}

/**
 * aws4fetch's signer (canonical request, string to sign, headers) with its
 * three hashing steps done by the cache's {@link Sha256} and the signing key
 * taken from the cache. aws4fetch hashes with WebCrypto and imports the signing
 * key again on every request.
 */
class CachedKeySigner extends AwsV4Signer {
  readonly #keys: SigningKeyCache;

  constructor(options: ConstructorParameters<typeof AwsV4Signer>[0], keys: SigningKeyCache) {
    super(options);
    this.#keys = keys;
  }

  override async hexBodyHash(): Promise<string> {
    // Requests here carry JSON text; anything else keeps aws4fetch's handling.
    return typeof this.body === "string" ? this.#keys.sha256.hashHex(this.body) : super.hexBodyHash();
  }

  override async stringToSign(): Promise<string> {
    const canonicalHash = await this.#keys.sha256.hashHex(await this.canonicalString());
    return ["AWS4-HMAC-SHA256", this.datetime, this.credentialString, canonicalHash].join("\n");
  }

  override async signature(): Promise<string> {
    const key = await this.#keys.get(this.secretAccessKey, this.datetime.slice(0, 8), this.region, this.service);
    return toHex(await key.sign(await this.stringToSign()));
  }
}

/** What {@link signRequest} signs. */
export interface SigningInput {
  url: string;
  headers: Record<string, string>;
  body: string;
  credentials: Credentials;
  region: string;
  service: string;
  /** The request time, e.g. the clock corrected for skew. */
  date: Date;
  keys: SigningKeyCache;
}

/** `2015-08-30T12:36:00.000Z` → `20150830T123600Z`. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, "");
}

/**
 * Signs a POST request with SigV4 (header form) and returns the headers to
 * send: the given ones plus `X-Amz-Date`, `X-Amz-Security-Token` when there
 * is a session token, and `Authorization`.
 */
export async function signRequest(input: SigningInput): Promise<Headers> {
  const { credentials } = input;
  const signer = new CachedKeySigner(
    {
      method: "POST",
      url: input.url,
      headers: input.headers,
      body: input.body,
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      service: input.service,
      region: input.region,
      datetime: amzDate(input.date),
    },
    input.keys,
  );
  const signed = await signer.sign();
  return signed.headers;
}
