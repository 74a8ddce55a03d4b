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
 * Whether another attempt may succeed: throttling, any 5xx or 429, and a
 * transport failure or timeout. Not other 4xx, and not LimitExceededException
 * (a training slot frees in minutes, not within a backoff).
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  if (!(error instanceof RekognitionServiceException)) return false;
  const status = error.$metadata.httpStatusCode ?? 0;
  return THROTTLING_ERROR_TYPES.has(error.name) || status >= 500 || status === 429;
}

/** Base and cap of the backoff, in milliseconds. */
export const BACKOFF_BASE_MS = 100;
export const BACKOFF_CAP_MS = 20_000;

/** The wait before retry number `retry` (1 for the first retry): uniform in [0, min(cap, base·2^(retry-1))). */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (retry - 1)));
}
