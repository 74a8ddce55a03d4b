/**
 * SigV4 signing with aws4fetch's `AwsV4Signer`, plus one change: the derived
 * signing key is imported into WebCrypto once per day, region and service and
 * kept as a non-extractable `CryptoKey`. aws4fetch re-imports it on every
 * request; with the cache a request costs three WebCrypto calls (hash the
 * body, hash the canonical request, sign) instead of four.
 *
 * @module
 */
import { AwsV4Signer } from "aws4fetch";

/** AWS credentials. Kept in private fields; never serialised, logged or put in an error. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
  /** When temporary credentials expire; a provider is asked again 5 minutes before. */
  readonly expiration?: Date | undefined;
}

const encoder = new TextEncoder();

function hmacKey(raw: string | ArrayBuffer): Promise<CryptoKey> {
  const bytes = typeof raw === "string" ? encoder.encode(raw) : raw;
  return crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

async function hmac(key: string | ArrayBuffer, data: string): Promise<ArrayBuffer> {
  return crypto.subtle.sign("HMAC", await hmacKey(key), encoder.encode(data));
}

/** `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`, as a CryptoKey. */
async function deriveSigningKey(secret: string, date: string, region: string, service: string): Promise<CryptoKey> {
  const kDate = await hmac(`AWS4${secret}`, date);
  const kRegion = await hmac(kDate, region);
  const kService = await hmac(kRegion, service);
  return hmacKey(await hmac(kService, "aws4_request"));
}

/** Signing keys of one secret, by `date/region/service`. A new secret empties it. */
export class SigningKeyCache {
  #secret: string | undefined;
  readonly #keys = new Map<string, Promise<CryptoKey>>();

  /** The signing key for a day (`YYYYMMDD`), region and service. */
  get(secret: string, date: string, region: string, service: string): Promise<CryptoKey> {
    if (secret !== this.#secret) {
      this.#secret = secret;
      this.#keys.clear();
    }
    const id = `${date}/${region}/${service}`;
    let key = this.#keys.get(id);
    if (key === undefined) {
      // A day's key is needed a day at most: keep the last few.
      if (this.#keys.size >= 4) this.#keys.delete(this.#keys.keys().next().value!);
      key = deriveSigningKey(secret, date, region, service);
      key.catch(() => this.#keys.delete(id));
      this.#keys.set(id, key);
    }
    return key;
  }
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** Lower-case hex. A table and a loop: `Array.from(bytes, format)` cost about 20 µs a signature on Bun. */
function toHex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let hex = "";
  for (let index = 0; index < bytes.length; index++) hex += HEX[bytes[index]!];
  return hex;
}

/** aws4fetch's signer with the signing key taken from a {@link SigningKeyCache}. */
class CachedKeySigner extends AwsV4Signer {
  readonly #keys: SigningKeyCache;

  constructor(options: ConstructorParameters<typeof AwsV4Signer>[0], keys: SigningKeyCache) {
    super(options);
    this.#keys = keys;
  }

  override async signature(): Promise<string> {
    const key = await this.#keys.get(this.secretAccessKey, this.datetime.slice(0, 8), this.region, this.service);
    return toHex(await crypto.subtle.sign("HMAC", key, encoder.encode(await this.stringToSign())));
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
