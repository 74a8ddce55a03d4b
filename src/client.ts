/**
 * The client: configuration, endpoint, credentials, and the one path every
 * operation takes (validate, sign, send, retry, parse).
 *
 * @module
 */
import * as v from "valibot";
import { type Clock, systemClock } from "./clock.ts";
import { resolveEndpoint } from "./endpoint.ts";
// First: the module order of a bundle (validation before errors) is the one that gzips best (tests/bundle.test.ts).
import { clockSetting, functionSetting, isFunction, optionalSetting, parseOrThrow, toValidationIssue } from "./validation.ts";
import {
  MalformedResponseError,
  NetworkError,
  RekognitionServiceException,
  RequestTimeoutError,
  ResourceInUseException,
  type ResponseMetadata,
  ValidationError,
} from "./errors.ts";
import { formatIssues } from "./format-issues.ts";
import type { Operation } from "./operation.ts";
import { createProjectVersion, type CreateProjectVersionInput, type CreateProjectVersionOutput } from "./operations/create-project-version.ts";
import { describeProjectVersions, type DescribeProjectVersionsInput, type DescribeProjectVersionsOutput } from "./operations/describe-project-versions.ts";
import { parseJsonObject, requestHeaders, requestIdOf, toServiceException } from "./protocol.ts";
import { backoffDelay, CLOCK_SKEW_ERROR_TYPES, isRetryable } from "./retry.ts";
import type { GenericSchema, InferInput, InferOutput } from "./schema-types.ts";
import { type Credentials, type Sha256, SigningKeyCache, signRequest, webCryptoSha256 } from "./signer.ts";
import { lazily } from "./shapes.ts";

export type { Credentials } from "./signer.ts";

/** Returns credentials; asked again when the previous ones are 5 minutes from `expiration`. */
export type CredentialsProvider = () => Credentials | Promise<Credentials>;

/** A `fetch`-compatible function. */
export type Transport = (url: string, init: RequestInit) => Promise<Response>;

/** Options of {@link RekognitionClient}. */
export interface RekognitionClientConfig {
  /** The AWS region, e.g. `us-east-1`. Required unless `endpoint` is given (then it defaults to `us-east-1` for signing). */
  region?: string;
  /** Credentials, or a function returning them (refreshable, e.g. from an STS call). */
  credentials: Credentials | CredentialsProvider;
  /** A custom endpoint such as `http://127.0.0.1:4566`. Not with FIPS or dual-stack. */
  endpoint?: string;
  /** Use `rekognition-fips.{region}…`. */
  useFipsEndpoint?: boolean;
  /** Use the dual-stack (IPv6) endpoint, `….api.aws`. */
  useDualstackEndpoint?: boolean;
  /** The transport; `globalThis.fetch` (looked up at each call) by default. */
  fetch?: Transport;
  /** Total attempts per call, retries included; 1 disables retries. Default 3. */
  maxAttempts?: number;
  /** Time limit of each attempt (request and whole body), in milliseconds. Default 30 000. */
  requestTimeoutMs?: number;
  /** Largest response body accepted, in bytes. Default 4 MiB. */
  maxResponseBytes?: number;
  /** The source of time for signing and retry delays. For tests; the system clock by default. */
  clock?: Clock;
  /** The random source of the backoff jitter, in [0, 1). For tests; `Math.random` by default. */
  random?: () => number;
  /**
   * The hashing of SigV4 signatures. By default WebCrypto, and on Bun and Node (the package's `bun` and
   * `node` entries) the runtime's synchronous native hashing.
   */
  sha256?: Sha256;
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts the call at once, also between attempts; the call rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/** Options of {@link RekognitionClient.createProjectVersion}. */
export interface CreateProjectVersionOptions extends CallOptions {
  /**
   * What a ResourceInUseException may be this caller's own version, found by
   * describing the version by name (the service's clock judges its `CreationTimestamp`):
   *
   * - `true` (the default): only after an attempt of this call whose answer was lost
   *   (connection dropped, timeout, 5xx), when created after this call began.
   * - `{ since }`: on any attempt, when created at or after `since` (epoch ms, on the
   *   client's `clock`): for a caller that may have created it in an earlier call, e.g.
   *   a durable step run again. When the look-up fails with what `isRetryable` accepts,
   *   that error is thrown: calling again with the same `since` is safe.
   * - `false`: never; the ResourceInUseException is thrown without a look-up.
   *
   * A version found to be the caller's resolves the call with `$metadata.reconciled: true`;
   * otherwise the ResourceInUseException is thrown.
   */
  reconcile?: boolean | { since: number };
}

/** An operation's output with the call's metadata. */
export type WithMetadata<T> = T & { $metadata: ResponseMetadata };

/** The settings a client runs with (no credentials). */
export interface ResolvedConfig {
  /** The region requests are signed for. */
  readonly region: string;
  /** The endpoint URL requests are sent to. */
  readonly endpoint: string;
  /** Total attempts per call, retries included. */
  readonly maxAttempts: number;
  /** Time limit of each attempt, in milliseconds. */
  readonly requestTimeoutMs: number;
  /** Largest response body accepted, in bytes. */
  readonly maxResponseBytes: number;
}

function hasCredentialShape(value: unknown): boolean {
  if (typeof value === "function") return true;
  if (typeof value !== "object" || value === null) return false;
  const { accessKeyId, secretAccessKey, sessionToken } = value as Record<string, unknown>;
  const filled = (text: unknown) => typeof text === "string" && text.length > 0;
  return filled(accessKeyId) && filled(secretAccessKey) && (sessionToken === undefined || typeof sessionToken === "string");
}

function isHttpUrl(text: unknown): boolean {
  if (typeof text !== "string" || !URL.canParse(text)) return false;
  const { protocol, search, hash } = new URL(text);
  return /^https?:$/.test(protocol) && !search && !hash;
}

const atLeastOne = (integer: boolean) =>
  v.optional(
    v.pipe(
      v.number(),
      v.check(
        (value) => (integer ? Number.isInteger(value) : Number.isFinite(value)) && value >= 1,
        `must be ${integer ? "an integer" : "a finite number"} ≥ 1`,
      ),
    ),
  );

const ConfigSchema = lazily(() =>
  v.strictObject({
    region: optionalSetting<string>(
      (value) => typeof value === "string" && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(value),
      "must be a region name such as us-east-1",
    ),
    credentials: v.custom<Credentials | CredentialsProvider>(
      hasCredentialShape,
      "must be { accessKeyId, secretAccessKey, sessionToken? } with non-empty strings, or a function returning them",
    ),
    endpoint: optionalSetting<string>(isHttpUrl, "must be an http(s) URL without query or fragment"),
    useFipsEndpoint: v.optional(v.boolean()),
    useDualstackEndpoint: v.optional(v.boolean()),
    fetch: functionSetting<Transport>(),
    maxAttempts: atLeastOne(true),
    requestTimeoutMs: atLeastOne(false),
    maxResponseBytes: atLeastOne(false),
    clock: clockSetting(),
    random: functionSetting<() => number>(),
    sha256: optionalSetting<Sha256>(
      (value) => isFunction((value as Sha256)?.hashHex) && isFunction((value as Sha256)?.hmacKey),
      "must have hashHex() and hmacKey()",
    ),
  })
);

/** Renewal margin of expiring credentials. */
const CREDENTIALS_RENEWAL_MS = 5 * 60_000;
/** How far the service's clock must be from ours before a clock-skew error is corrected. */
const SKEW_CORRECTION_THRESHOLD_MS = 60_000;
/** How far a service clock may be from ours unnoticed when no `Date` header was seen (AWS refuses more). */
const UNMEASURED_SKEW_MS = 5 * 60_000;
/** How far a service clock measured from a `Date` header (whole seconds) may be off: a second, and as much again for safety. */
const MEASURED_SKEW_MS = 2_000;

/** The answer of one attempt. */
interface Answer {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/**
 * A client of Amazon Rekognition's project-version operations, on any runtime
 * with `fetch` and WebCrypto (Workers, Deno, Bun, Node ≥ 20).
 *
 * @example
 * ```ts
 * const client = new RekognitionClient({ region: "us-east-1", credentials: { accessKeyId, secretAccessKey } });
 * const { ProjectVersionArn } = await client.createProjectVersion({
 *   ProjectArn, VersionName: "v1", OutputConfig: { S3Bucket: "my-bucket", S3KeyPrefix: "results/" },
 * });
 * ```
 */
export class RekognitionClient {
  /** The settings this client runs with. Holds no credentials. */
  readonly config: ResolvedConfig;
  readonly #credentials: Credentials | CredentialsProvider;
  #cachedCredentials: Promise<Credentials> | undefined;
  #lastCredentials: Credentials | undefined;
  readonly #signingKeys: SigningKeyCache;
  readonly #fetch: Transport | undefined;
  readonly #clock: Clock;
  readonly #random: () => number;
  /** Correction added to the clock when signing, learnt from clock-skew errors. */
  #clockOffsetMs = 0;
  /** The service clock minus ours, as last seen in a `Date` header. */
  #observedOffsetMs: number | undefined;

  /** A client of these settings. Throws a {@link ValidationError} naming every bad one (an endpoint they cannot make included); nothing is sent. */
  constructor(config: RekognitionClientConfig) {
    const options = parseOrThrow(ConfigSchema, config, "RekognitionClient configuration");
    let endpoint: string;
    try {
      endpoint = resolveEndpoint(options);
    } catch (error) {
      const path = options.endpoint === undefined ? "region" : "endpoint";
      throw new ValidationError("RekognitionClient configuration", [{ path, message: (error as Error).message }]);
    }
    this.config = Object.freeze({
      region: options.region ?? "us-east-1",
      endpoint: endpoint.endsWith("/") ? endpoint : `${endpoint}/`,
      maxAttempts: options.maxAttempts ?? 3,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      maxResponseBytes: options.maxResponseBytes ?? 4 * 1024 * 1024,
    });
    this.#credentials = options.credentials;
    this.#fetch = options.fetch;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#signingKeys = new SigningKeyCache(options.sha256 ?? (this.constructor as typeof RekognitionClient).defaultSha256);
  }

  /** The hashing used when the configuration names none. The package's Bun and Node entries override it. */
  protected static readonly defaultSha256: Sha256 = webCryptoSha256;

  /**
   * Creates a version of a project and starts training it. Returns the new
   * version's ARN; training goes on in the service (see `waitUntilTrainingCompleted`).
   *
   * CreateProjectVersion is not idempotent. When an attempt's answer is lost
   * (connection dropped, timeout, 5xx) and the retry finds the name taken, the
   * client describes the version and returns it with `$metadata.reconciled`
   * if it was created after this call began; otherwise the ResourceInUseException
   * is thrown with `$ambiguous: true`. `reconcile: { since }` extends this to a
   * version the caller may have created in an earlier call (see {@link CreateProjectVersionOptions}).
   *
   * @throws {ValidationError} the input breaks the model; nothing was sent.
   * @throws {RekognitionServiceException} a subclass per declared exception.
   */
  async createProjectVersion(
    input: CreateProjectVersionInput,
    options: CreateProjectVersionOptions = {},
  ): Promise<WithMetadata<CreateProjectVersionOutput>> {
    const { reconcile = true } = options;
    const sinceGiven = reconcile !== true;
    const since = sinceGiven ? reconcile && reconcile.since : this.#clock.now();
    try {
      return await this.send(createProjectVersion, input, options);
    } catch (error) {
      if (!(error instanceof ResourceInUseException && (error.$ambiguous || sinceGiven)) || since === false) throw error;
      return this.#reconcile(input, error, since, sinceGiven, options);
    }
  }

  /**
   * Describes the versions of a project, newest first (one page).
   *
   * @throws {ValidationError} the input breaks the model; nothing was sent.
   * @throws {RekognitionServiceException} a subclass per declared exception.
   */
  describeProjectVersions(
    input: DescribeProjectVersionsInput,
    options: CallOptions = {},
  ): Promise<WithMetadata<DescribeProjectVersionsOutput>> {
    return this.send(describeProjectVersions, input, options);
  }

  /**
   * Sends any operation: validates the input, signs, sends with retries, and
   * validates the answer.
   */
  async send<TInput extends GenericSchema, TOutput extends GenericSchema>(
    operation: Operation<TInput, TOutput>,
    input: InferInput<TInput>,
    { signal }: CallOptions = {},
  ): Promise<WithMetadata<InferOutput<TOutput>>> {
    const payload = JSON.stringify(parseOrThrow(operation.input, input, `${operation.name} input`));
    signal?.throwIfAborted();
    const metadata: ResponseMetadata = { attempts: 0, totalRetryDelayMs: 0 };
    // As the AWS SDKs do: one id for the call, the attempt's number on each request (the service's logs and our
    // harness's journal tie the attempts of one call together).
    const invocationId = crypto.randomUUID();
    let answerMayBeLost = false;
    let skewCorrected = false;
    for (;;) {
      metadata.attempts++;
      let failure: RekognitionServiceException | NetworkError;
      try {
        const answer = await this.#attempt(operation.name, payload, signal, {
          "amz-sdk-invocation-id": invocationId,
          "amz-sdk-request": `attempt=${metadata.attempts}; max=${this.config.maxAttempts}`,
        });
        metadata.httpStatusCode = answer.status;
        metadata.requestId = requestIdOf(answer.headers);
        if (answer.status >= 200 && answer.status < 300) return this.#parseOutput(operation, answer, metadata);
        // Free text is redacted: an error body may echo the request (a proxy's page, a signature error quoting the canonical request).
        const exception = toServiceException(answer.status, answer.headers, decodeText(answer.body, false), { ...metadata }, (text) => this.#redact(text));
        failure = exception;
        if (!skewCorrected && this.#correctClockSkew(exception)) {
          skewCorrected = true;
          continue; // once, beyond maxAttempts: the first attempt could not have succeeded
        }
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (!(error instanceof NetworkError)) throw this.#finish(error, metadata);
        delete metadata.httpStatusCode;
        delete metadata.requestId;
        failure = error;
      }
      if (failure instanceof ResourceInUseException && answerMayBeLost) failure.$ambiguous = true;
      if (!isRetryable(failure) || metadata.attempts >= this.config.maxAttempts) throw this.#finish(failure, metadata);
      answerMayBeLost ||= failure instanceof NetworkError || failure.$fault === "server";
      const delay = backoffDelay(metadata.attempts, this.#random);
      await this.#clock.sleep(delay, signal);
      metadata.totalRetryDelayMs += delay;
    }
  }

  /** One signed request and its whole answer, within `requestTimeoutMs` and `signal`. */
  async #attempt(target: string, payload: string, signal: AbortSignal | undefined, sdkHeaders: Record<string, string>): Promise<Answer> {
    const attempt = stoppable();
    const { requestTimeoutMs } = this.config;
    const timer = setTimeout(() => attempt.stop(new RequestTimeoutError(`${target}: no complete answer within ${requestTimeoutMs} ms`)), requestTimeoutMs);
    const forwardAbort = () => attempt.stop(signal!.reason);
    signal?.addEventListener("abort", forwardAbort, { once: true });
    try {
      const headers = await attempt.race(this.#sign(target, payload, sdkHeaders));
      return await this.#exchange(target, headers, payload, attempt);
    } catch (error) {
      throw attempt.signal.aborted ? attempt.signal.reason : error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", forwardAbort);
    }
  }

  async #sign(target: string, payload: string, sdkHeaders: Record<string, string>): Promise<Headers> {
    const credentials = await this.#resolveCredentials();
    this.#lastCredentials = credentials;
    return signRequest({
      url: this.config.endpoint,
      headers: { ...requestHeaders(target), ...sdkHeaders },
      body: payload,
      credentials,
      region: this.config.region,
      service: "rekognition",
      date: new Date(this.#now()),
      keys: this.#signingKeys,
    });
  }

  /** Sends the signed request and reads the whole answer; a failing transport becomes a {@link NetworkError}. */
  async #exchange(target: string, headers: Headers, payload: string, attempt: Stoppable): Promise<Answer> {
    const transport = this.#fetch ?? ((url, init) => globalThis.fetch(url, init));
    try {
      // Never follow a redirect: fetch would resend the session token (and, for 307/308, the body) to its target.
      const request = transport(this.config.endpoint, { method: "POST", headers, body: payload, signal: attempt.signal, redirect: "manual" });
      const response = await attempt.race(request);
      const receivedAt = this.#clock.now();
      const body = await attempt.race(readBody(response, this.config.maxResponseBytes, attempt));
      this.#observeServerClock(response.headers, receivedAt);
      return { status: response.status, headers: response.headers, body };
    } catch (error) {
      if (attempt.signal.aborted || error instanceof MalformedResponseError) throw error;
      const message = String((error as Error)?.message ?? error);
      const safe = this.#redact(message);
      throw new NetworkError(`${target}: ${safe}`, { cause: safe === message ? error : new Error(safe) });
    }
  }

  #parseOutput<TOutput extends v.GenericSchema>(
    operation: Operation<v.GenericSchema, TOutput>,
    answer: Answer,
    metadata: ResponseMetadata,
  ): WithMetadata<v.InferOutput<TOutput>> {
    const malformed = (problem: string, cause?: unknown) =>
      this.#finish(new MalformedResponseError(`${operation.name}: the ${answer.status} answer ${problem}`, { $metadata: metadata, cause }), metadata);
    let text: string;
    try {
      text = decodeText(answer.body, true);
    } catch (error) {
      throw malformed("is not valid UTF-8", error);
    }
    const body = text.trim() === "" ? {} : parseJsonObject(text);
    if (body === undefined) throw malformed("is not a JSON object");
    const result = v.safeParse(operation.output, body);
    if (!result.success) {
      // A string the answer held (valibot quotes it: `got "…"`) is free text that may echo the request.
      const received = (issue: v.BaseIssue<unknown>) => (issue.received.startsWith('"') ? this.#redact(issue.received) : issue.received);
      const issues = result.issues.map((issue) => toValidationIssue({ ...issue, received: received(issue) }, operation.output));
      throw malformed(`is not a ${operation.name} response: ${formatIssues(issues)}`);
    }
    return { ...(result.output as object), $metadata: { ...metadata } } as WithMetadata<v.InferOutput<TOutput>>;
  }

  /** Gives a thrown error the call's final metadata. */
  #finish<T>(error: T, metadata: ResponseMetadata): T {
    if (error instanceof RekognitionServiceException || error instanceof NetworkError || error instanceof MalformedResponseError) {
      error.$metadata = { ...metadata };
    }
    return error;
  }

  /**
   * The version named in `input` if it was created at or after `since` (our uncorrected clock), else throws
   * `conflict`. A transient failure of the look-up is thrown as is when `sinceGiven`: the caller may call again.
   */
  async #reconcile(
    input: CreateProjectVersionInput,
    conflict: ResourceInUseException,
    since: number,
    sinceGiven: boolean,
    options: CallOptions,
  ): Promise<WithMetadata<CreateProjectVersionOutput>> {
    // On the service's clock `since` is `since + offset`: known to about a second when a `Date` header
    // was seen (it has whole seconds), otherwise only to the skew AWS tolerates.
    const offset = this.#observedOffsetMs;
    const earliest = since + (offset === undefined ? this.#clockOffsetMs - UNMEASURED_SKEW_MS : offset - MEASURED_SKEW_MS);
    let found;
    try {
      const { ProjectVersionDescriptions = [] } = await this.describeProjectVersions(
        { ProjectArn: input.ProjectArn, VersionNames: [input.VersionName] },
        options,
      );
      found = ProjectVersionDescriptions.find((version) => version.ProjectVersionArn !== undefined);
    } catch (error) {
      if (options.signal?.aborted || (sinceGiven && isRetryable(error))) throw error;
      throw conflict; // could not prove the version is ours
    }
    // Not `created < earliest`: a `since` that is not a number (NaN) must never claim a version.
    const created = found?.CreationTimestamp?.getTime() ?? Number.NaN;
    if (found?.ProjectVersionArn === undefined || !(created >= earliest)) throw conflict;
    return { ProjectVersionArn: found.ProjectVersionArn, $metadata: { ...conflict.$metadata, reconciled: true } };
  }

  /** Our clock, corrected for the skew learnt from the service. */
  #now(): number {
    return this.#clock.now() + this.#clockOffsetMs;
  }

  #observeServerClock(headers: Headers, receivedAt: number): void {
    const date = Date.parse(headers.get("date") ?? "");
    if (!Number.isNaN(date)) this.#observedOffsetMs = date - receivedAt;
  }

  /** After a clock-skew error with a service clock far from ours: adopt the service's clock. */
  #correctClockSkew(failure: RekognitionServiceException): boolean {
    const offset = this.#observedOffsetMs;
    if (!CLOCK_SKEW_ERROR_TYPES.has(failure.name) || offset === undefined) return false;
    if (Math.abs(offset - this.#clockOffsetMs) < SKEW_CORRECTION_THRESHOLD_MS) return false;
    this.#clockOffsetMs = offset;
    return true;
  }

  #resolveCredentials(): Promise<Credentials> {
    const source = this.#credentials;
    if (typeof source !== "function") return Promise.resolve(source);
    const cached = this.#cachedCredentials;
    if (cached) return cached.then((credentials) => (this.#isFresh(credentials) ? credentials : this.#renewCredentials(source, cached)));
    return this.#renewCredentials(source, undefined);
  }

  #renewCredentials(source: CredentialsProvider, stale: Promise<Credentials> | undefined): Promise<Credentials> {
    // Concurrent calls share one renewal.
    if (this.#cachedCredentials !== stale) return this.#cachedCredentials!;
    const renewal = Promise.resolve()
      .then(source)
      .then((credentials) => {
        if (!hasCredentialShape(credentials) || typeof credentials === "function") {
          throw new ValidationError("credentials", [{ path: "credentials", message: "the provider returned no usable { accessKeyId, secretAccessKey }" }]);
        }
        return credentials;
      });
    this.#cachedCredentials = renewal;
    renewal.catch(() => {
      if (this.#cachedCredentials === renewal) this.#cachedCredentials = undefined;
    });
    return renewal;
  }

  #isFresh(credentials: Credentials): boolean {
    return !credentials.expiration || credentials.expiration.getTime() - CREDENTIALS_RENEWAL_MS > this.#clock.now();
  }

  /** Scrubs the secrets in use from free text that leaves the client (never from a type, request id or name). */
  #redact(text: string): string {
    const { secretAccessKey, sessionToken } = this.#lastCredentials ?? {};
    let scrubbed = text;
    for (const secret of [secretAccessKey, sessionToken]) if (secret) scrubbed = scrubbed.split(secret).join("[REDACTED]");
    return scrubbed;
  }
}

/** An attempt that can be stopped (timeout, the caller's abort) while it waits on a transport that ignores its signal. */
interface Stoppable {
  /** Aborted by {@link Stoppable.stop}: what the transport is given. */
  readonly signal: AbortSignal;
  /** `promise`, or a rejection with the stop's reason as soon as the attempt is stopped, even if `promise` never settles. */
  race<T>(promise: Promise<T>): Promise<T>;
  /** Aborts `signal` and ends every pending `race` with `reason`. */
  stop(reason: unknown): void;
  /** Runs `then` with the reason once stopped. */
  onStop(then: (reason: unknown) => void): void;
}

/**
 * A {@link Stoppable}. Each wait races one promise rejected at the stop, instead of adding an
 * abort listener per wait: on Bun an add/remove pair costs about 5 µs, several per call.
 */
function stoppable(): Stoppable {
  const controller = new AbortController();
  let reject!: (reason: unknown) => void;
  const stopped = new Promise<never>((_, fail) => (reject = fail));
  stopped.catch(() => {});
  return {
    signal: controller.signal,
    race<T>(promise: Promise<T>): Promise<T> {
      promise.catch(() => {}); // a transport that rejects after we gave up must not raise an unhandled rejection
      return Promise.race([stopped, promise]); // `stopped` first: once stopped, it wins even over a settled promise
    },
    stop(reason) {
      controller.abort(reason);
      reject(reason);
    },
    onStop(then) {
      stopped.catch(then);
    },
  };
}

/** The whole body, refusing more than `limit` bytes. */
async function readBody(response: Response, limit: number, attempt: Stoppable): Promise<Uint8Array> {
  const tooLarge = (size: string) => new MalformedResponseError(`the answer's body is larger than ${limit} bytes (${size})`);
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) {
    void response.body?.cancel().catch(() => {});
    throw tooLarge(`Content-Length ${declared}`);
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  // Not awaited: a transport's cancel may never settle, and the answer is refused either way.
  const cancel = (reason?: unknown) => void reader.cancel(reason).catch(() => {});
  attempt.onStop(cancel);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      cancel();
      throw tooLarge(`more than ${limit} bytes read`);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Decoders are stateless between whole-buffer `decode` calls, so two serve every call. */
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });
const LENIENT_UTF8 = new TextDecoder("utf-8");

function decodeText(bytes: Uint8Array, fatal: boolean): string {
  return (fatal ? STRICT_UTF8 : LENIENT_UTF8).decode(bytes);
}
