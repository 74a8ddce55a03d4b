/**
 * Every way a call can fail, as a class: bad input ({@link ValidationError}),
 * an error answer of the service ({@link RekognitionServiceException} and one
 * subclass per declared exception), an answer that is not what the model says
 * ({@link MalformedResponseError}), and a transport that failed or took too
 * long ({@link NetworkError}, {@link RequestTimeoutError}).
 *
 * @module
 */
import { formatIssues } from "./format-issues.ts";

/** What is known about the HTTP exchange(s) behind a result or an error. */
export interface ResponseMetadata {
  /** Status of the last response, when there was one. */
  httpStatusCode?: number;
  /** `x-amzn-RequestId` of the last response, when there was one. */
  requestId?: string;
  /** How many attempts were made, retries included. */
  attempts: number;
  /** Time spent waiting between attempts, in milliseconds. */
  totalRetryDelayMs: number;
  /**
   * Set on a CreateProjectVersion result when an earlier attempt's answer was
   * lost and the version was found to be the one this call created.
   */
  reconciled?: true;
}

/** One problem found in an input: where (`OutputConfig.S3Bucket`, `Tags["aws:x"]`) and what. */
export interface ValidationIssue {
  /** The member at fault, written as in JavaScript; `""` for the input itself. */
  path: string;
  /** What is wrong with it. */
  message: string;
}

/** The input (or the client configuration) breaks the model; nothing was sent. */
export class ValidationError extends Error {
  /** Always `ValidationError`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "ValidationError";
  /** Every problem found, each with its path. */
  declare readonly issues: readonly ValidationIssue[];

  /** `subject` names what was checked (`CreateProjectVersion input`); the message lists every issue. */
  constructor(subject: string, issues: readonly ValidationIssue[]) {
    super(`Invalid ${subject}: ${formatIssues(issues)}`);
    this.issues = issues;
  }
}

/** Where the fault lies, as in the model's `@error` trait. */
export type Fault = "client" | "server";

/** What a service exception is built from. */
export interface ServiceExceptionOptions {
  /** The error type, as identified on the wire. Fixed for the declared subclasses. */
  name?: string;
  /** Fixed for the declared subclasses; otherwise from the HTTP status. */
  $fault?: Fault;
  /** The service's message, if it sent one. */
  message?: string;
  /** Status, request id, attempts. */
  $metadata: ResponseMetadata;
  /** The modeled `Code` member (not the error type). */
  Code?: string;
  /** The modeled `Logref` member: an id for the request in the service's logs. */
  Logref?: string;
}

/**
 * The service answered with an error. Declared exceptions are subclasses of
 * exactly their model name; any other type (UnrecognizedClientException,
 * InvalidSignatureException, ExpiredTokenException, …) is an instance of this
 * class whose `name` is that type.
 */
export class RekognitionServiceException extends Error {
  /** The error type: a declared exception's name, or the type the service sent (`UnrecognizedClientException`). */
  declare readonly name: string;
  /** `client` or `server`. */
  declare readonly $fault: Fault;
  /** Status, request id, attempts. */
  declare $metadata: ResponseMetadata;
  /** The modeled `Code` member of the error body. */
  declare readonly Code?: string;
  /** The modeled `Logref` member of the error body. */
  declare readonly Logref?: string;
  /**
   * `true` on a ResourceInUseException from CreateProjectVersion when an earlier
   * attempt of the same call failed in a way that may have created the version
   * (connection lost, timeout, 5xx): the name may be taken by this very call.
   * Absent when the name was taken before the call began.
   */
  declare $ambiguous?: true;

  /** An exception of the error type `options.name` (see {@link ServiceExceptionOptions}). */
  constructor(options: ServiceExceptionOptions) {
    super(options.message ?? "");
    this.name = options.name ?? "RekognitionServiceException";
    this.$fault = options.$fault ?? "client";
    this.$metadata = options.$metadata;
    if (options.Code !== undefined) this.Code = options.Code;
    if (options.Logref !== undefined) this.Logref = options.Logref;
  }
}

/** You are not authorized to perform the action. */
export class AccessDeniedException extends RekognitionServiceException {
  /** Always `AccessDeniedException`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "AccessDeniedException" as const;
  /** `client`: the model's `@error` trait blames the request. */
  override readonly $fault = "client" as const;
}

/** Amazon Rekognition experienced a service issue. Retried. */
export class InternalServerError extends RekognitionServiceException {
  /** Always `InternalServerError`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "InternalServerError" as const;
  /** `server`: the model's `@error` trait blames the service. */
  override readonly $fault = "server" as const;
}

/** Input parameter violated a constraint the service checks. */
export class InvalidParameterException extends RekognitionServiceException {
  /** Always `InvalidParameterException`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "InvalidParameterException" as const;
  /** `client`: the model's `@error` trait blames the request. */
  override readonly $fault = "client" as const;
}

/** The pagination token is not valid (DescribeProjectVersions). */
export class InvalidPaginationTokenException extends RekognitionServiceException {
  /** Always `InvalidPaginationTokenException`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "InvalidPaginationTokenException" as const;
  /** `client`: the model's `@error` trait blames the request. */
  override readonly $fault = "client" as const;
}

/**
 * A service limit was exceeded, e.g. too many concurrent training jobs. Not
 * retried: a slot frees when a job ends, minutes or hours later, not within a
 * backoff of milliseconds (the official SDK retries it as throttling).
 */
export class LimitExceededException extends RekognitionServiceException {
  /** Always `LimitExceededException`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "LimitExceededException" as const;
  /** `client`: the model's `@error` trait blames the request. */
  override readonly $fault = "client" as const;
}

/** The provisioned throughput was exceeded. Retried. */
export class ProvisionedThroughputExceededException extends RekognitionServiceException {
  /** Always `ProvisionedThroughputExceededException`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "ProvisionedThroughputExceededException" as const;
  /** `client`: the model's `@error` trait blames the request. */
  override readonly $fault = "client" as const;
}

/** The resource is in use; for CreateProjectVersion, the version name is taken. See `$ambiguous`. */
export class ResourceInUseException extends RekognitionServiceException {
  /** Always `ResourceInUseException`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "ResourceInUseException" as const;
  /** `client`: the model's `@error` trait blames the request. */
  override readonly $fault = "client" as const;
}

/** The resource (project) does not exist. */
export class ResourceNotFoundException extends RekognitionServiceException {
  /** Always `ResourceNotFoundException`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "ResourceNotFoundException" as const;
  /** `client`: the model's `@error` trait blames the request. */
  override readonly $fault = "client" as const;
}

/** A service quota was exceeded. */
export class ServiceQuotaExceededException extends RekognitionServiceException {
  /** Always `ServiceQuotaExceededException`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "ServiceQuotaExceededException" as const;
  /** `client`: the model's `@error` trait blames the request. */
  override readonly $fault = "client" as const;
}

/** Amazon Rekognition is temporarily unable to process the request (a server fault). Retried. */
export class ThrottlingException extends RekognitionServiceException {
  /** Always `ThrottlingException`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "ThrottlingException" as const;
  /** `server`: the model's `@error` trait blames the service. */
  override readonly $fault = "server" as const;
}

/** The exception classes of the model, by error type. */
export const MODELED_EXCEPTIONS = {
  AccessDeniedException,
  InternalServerError,
  InvalidPaginationTokenException,
  InvalidParameterException,
  LimitExceededException,
  ProvisionedThroughputExceededException,
  ResourceInUseException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
} as const;

/** The name of an exception the model declares. */
export type ModeledExceptionName = keyof typeof MODELED_EXCEPTIONS;

/** What an error that happened after a request was built carries. */
export interface TransportErrorOptions {
  /** Filled in by the client when the call ends. */
  $metadata?: ResponseMetadata;
  /** The error behind it, if any (a `fetch` failure, a JSON syntax error). */
  cause?: unknown;
}

/**
 * An error raised after a request was built, not by the service: a
 * {@link MalformedResponseError} or a {@link NetworkError}. It carries the
 * call's metadata.
 */
export abstract class CallError extends Error {
  /** Status and request id of the last answer, if any; attempts. */
  declare $metadata: ResponseMetadata;

  /** An error with this message; `options.cause` is kept as its `cause`. */
  constructor(message: string, options: TransportErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.$metadata = options.$metadata ?? { attempts: 0, totalRetryDelayMs: 0 };
  }
}

/** A 2xx answer whose body is not the declared shape (not JSON, truncated, a member missing or of the wrong type, too large). */
export class MalformedResponseError extends CallError {
  /** Always `MalformedResponseError`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "MalformedResponseError";
}

/** The transport failed (connection refused or reset, DNS, TLS, a body that broke off). */
export class NetworkError extends CallError {
  /** `NetworkError`, or `RequestTimeoutError` for an attempt that took too long. */
  override readonly name: string = "NetworkError";
}

/** An attempt took longer than `requestTimeoutMs`. */
export class RequestTimeoutError extends NetworkError {
  /** Always `RequestTimeoutError`: test it where `instanceof` cannot (an error from another copy of this package). */
  override readonly name = "RequestTimeoutError";
}
