/**
 * The AWS JSON 1.1 protocol, as Rekognition speaks it: request headers, the
 * request id, and how an error answer is identified and turned into a typed
 * exception (Smithy `aws-json` rules; test vectors in `errors.smithy`).
 *
 * @module
 */
import { MODELED_EXCEPTIONS, type ModeledExceptionName, RekognitionServiceException, type ResponseMetadata } from "./errors.ts";

/** The media type of requests and answers. */
export const JSON_1_1 = "application/x-amz-json-1.1";

/** The service name in `X-Amz-Target`. */
export const TARGET_PREFIX = "RekognitionService";

/** The headers an operation's request carries before signing. */
export function requestHeaders(operation: string): Record<string, string> {
  return { "content-type": JSON_1_1, "x-amz-target": `${TARGET_PREFIX}.${operation}` };
}

/** `x-amzn-RequestId`, or the fallbacks the JS SDK reads. */
export function requestIdOf(headers: Headers): string | undefined {
  return headers.get("x-amzn-requestid") ?? headers.get("x-amzn-request-id") ?? headers.get("x-amz-request-id") ?? undefined;
}

/** `ns#Name:http://uri` → `Name`: the text before the first `:`, then after the first `#`. */
export function sanitizeErrorType(raw: string): string {
  const beforeColon = raw.split(":", 1)[0]!;
  const hash = beforeColon.indexOf("#");
  return hash === -1 ? beforeColon : beforeColon.slice(hash + 1);
}

/** The JSON object a body holds, or undefined when it holds none. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stringMember(body: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = body && Object.hasOwn(body, key) ? body[key] : undefined;
  return typeof value === "string" ? value : undefined;
}

/**
 * The error type of an answer: the `X-Amzn-Errortype` header, else the
 * top-level `__type`, else a top-level lower-case `code`. The modeled `Code`
 * member of Rekognition's errors is not a type, and nested `__type`s are ignored.
 */
export function errorTypeOf(headers: Headers, body: Record<string, unknown> | undefined): string | undefined {
  const raw = headers.get("x-amzn-errortype") ?? stringMember(body, "__type") ?? stringMember(body, "code");
  const type = raw === undefined ? "" : sanitizeErrorType(raw.trim());
  return type || undefined;
}

/** Whether `type` names an exception the model declares. */
export function isModeledException(type: string): type is ModeledExceptionName {
  return Object.hasOwn(MODELED_EXCEPTIONS, type);
}

/** Members of an error body that must not overwrite the exception's own properties. */
const RESERVED = new Set(["__type", "code", "message", "name", "stack", "cause", "$fault", "$metadata", "$ambiguous", "__proto__", "constructor"]);

/** Rewrites free text before it leaves the client, e.g. to scrub the secrets in use. */
export type Redact = (text: string) => string;

/**
 * Builds the typed exception for an error answer (any status outside 2xx).
 * A declared type gets its class; any other type a {@link RekognitionServiceException}
 * of that name; an answer with no type at all one named `UnknownError`.
 *
 * The type is read from the raw answer first; then `redact` rewrites only the
 * free text (the message, the body's excerpt, the strings of other members,
 * which may echo the request), never the type, `Code` or `Logref`.
 */
export function toServiceException(
  status: number,
  headers: Headers,
  bodyText: string,
  $metadata: ResponseMetadata,
  redact: Redact = (text) => text,
): RekognitionServiceException {
  const body = parseJsonObject(bodyText);
  const type = errorTypeOf(headers, body);
  const text = stringMember(body, "message") ?? stringMember(body, "Message");
  const message = text === undefined ? defaultMessage(status, type, redact(bodyText)) : redact(text);
  const options = { message, $metadata, Code: stringMember(body, "Code"), Logref: stringMember(body, "Logref") };
  const exception = type !== undefined && isModeledException(type)
    ? new MODELED_EXCEPTIONS[type](options)
    : new RekognitionServiceException({ ...options, name: type ?? "UnknownError", $fault: status >= 500 ? "server" : "client" });
  for (const [key, value] of Object.entries(body ?? {})) {
    if (!RESERVED.has(key) && !(key in exception)) Object.defineProperty(exception, key, { value: redactStrings(value, redact), enumerable: true });
  }
  return exception;
}

/** `value` (parsed JSON) with `redact` applied to every string in it. */
function redactStrings(value: unknown, redact: Redact): unknown {
  if (typeof value === "string") return redact(value);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value).map(([key, item]) => [key, redactStrings(item, redact)]);
  return Array.isArray(value) ? entries.map(([, item]) => item) : Object.fromEntries(entries);
}

function defaultMessage(status: number, type: string | undefined, bodyText: string): string {
  if (type !== undefined) return type;
  const excerpt = bodyText.replace(/\s+/g, " ").trim().slice(0, 120);
  return `HTTP ${status} without an error type${excerpt ? ` (body begins: ${excerpt})` : " (empty body)"}`;
}
