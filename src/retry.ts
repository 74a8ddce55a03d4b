/**
 * The retry policy of the client: which failures are worth another attempt
 * and how long to wait first (the AWS SDKs' "standard" mode: exponential
 * backoff with full jitter, base 100 ms, cap 20 s).
 *
 * @module
 */
import { NetworkError, RekognitionServiceException } from "./errors.ts";

/** Error types that mean "slow down" (the AWS SDKs' throttling list, without LimitExceededException). */
export const THROTTLING_ERROR_TYPES: ReadonlySet<string> = new Set([
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "Throttling",
  "ThrottledException",
  "RequestThrottledException",
  "RequestThrottled",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "SlowDown",
  "PriorRequestNotComplete",
]);

/**
 * Error types that mean "the signature's time is too far from the service's
 * clock" (the AWS SDKs' clock-skew list). The client then corrects its clock
 * from the answer's `Date` header and tries once more.
 */
export const CLOCK_SKEW_ERROR_TYPES: ReadonlySet<string> = new Set([
  "AuthFailure",
  "InvalidSignatureException",
  "RequestExpired",
  "RequestInTheFuture",
  "RequestTimeTooSkewed",
  "SignatureDoesNotMatch",
]);

/**
 * The retry rule of {@link isRetryable} on an error's data: a service error (one with
 * `$fault`) of a throttling type, or answered with a 5xx or 429; or, without `$fault`,
 * a transport failure or timeout (by `name`). For errors that are plain data (a step
 * result) or from another copy of this package's classes, where `instanceof` fails.
 */
export function isRetryableFailure(
  { name, $fault, $metadata }: { name: string; $fault?: string | undefined; $metadata?: { httpStatusCode?: number | undefined } | undefined },
): boolean {
  if ($fault === undefined) return name === "NetworkError" || name === "RequestTimeoutError";
  const status = $metadata?.httpStatusCode ?? 0;
  return THROTTLING_ERROR_TYPES.has(name) || status >= 500 || status === 429;
}

/**
 * Whether another attempt may succeed: throttling, any 5xx or 429, and a
 * transport failure or timeout. Not other 4xx, and not LimitExceededException
 * (a training slot frees in minutes, not within a backoff).
 */
export function isRetryable(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof RekognitionServiceException && isRetryableFailure(error));
}

/** Base and cap of the backoff, in milliseconds. */
export const BACKOFF_BASE_MS = 100;
export const BACKOFF_CAP_MS = 20_000;

/** The wait before retry number `retry` (1 for the first retry): uniform in [0, min(cap, base·2^(retry-1))). */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (retry - 1)));
}
