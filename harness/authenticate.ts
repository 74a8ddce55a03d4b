/**
 * The step every pipeline takes after arrival (the simulator's, the
 * recorder's, the replayer's), checking what the service checks before
 * anything else, in its order: only `POST /` is the API (else the front
 * door's 403), a SigV4 signature by accepted credentials for the service's
 * region within 5 minutes (else the AWS auth error), `X-Amz-Target:
 * RekognitionService.<an operation the scenarios cover>` and, when asked,
 * `Content-Type: application/x-amz-json-1.1` (else UnknownOperationException).
 * It returns the refusal, or what the next steps decided, with its signature
 * verdict added.
 *
 * @module
 */
import { JSON_1_1, TARGET_PREFIX } from "../src/protocol.ts";
import { isPlainObject } from "../src/shapes.ts";
import { SCENARIO_OPERATIONS, type ScenarioOperation } from "../fixtures/scenarios.ts";
import type { Arrival, RequestBody, SignatureVerdict, Step } from "./pipeline.ts";
import { pathnameOf } from "./request-path.ts";
import { type AcceptedCredentials, type SigV4Hashing, verifySigV4 } from "./sigv4-verifier.ts";
import { frameworkErrorBody, frontDoorResponse, jsonResponse } from "./wire.ts";

/** What authentication adds: the request's operation and body. */
export interface Authenticated {
  /** The operation `X-Amz-Target` names. */
  operation: ScenarioOperation;
  /** Its body, read. */
  requestBody: RequestBody;
}

/** How {@link authenticate} checks. */
export interface AuthenticationChecks {
  /** The credentials clients may sign with, by access key id; undefined skips the signature check. */
  credentials: ReadonlyMap<string, AcceptedCredentials> | undefined;
  /** The region signatures must be scoped to; any when undefined. */
  region?: string | undefined;
  /** Refuse a `Content-Type` other than AWS JSON 1.1, as the service does. */
  contentType: boolean;
  /** The service's clock, epoch ms. */
  now: () => number;
  /** Synchronous hashing for the signature check; default WebCrypto. */
  hashing?: SigV4Hashing | undefined;
}

/** A body as an AWS JSON 1.1 input: `{}` when blank, else its JSON object; undefined when it is not one. */
export function jsonInput(body: RequestBody): Record<string, unknown> | undefined {
  if (body.text.trim() === "") return {};
  return isPlainObject(body.json) ? body.json : undefined;
}

/** Credentials by access key id, as {@link AuthenticationChecks} takes them; none (`[]`) skips the signature check (the recorder's and replayer's `credentials: []`). */
export function signingCredentials(credentials: readonly AcceptedCredentials[]): ReadonlyMap<string, AcceptedCredentials> | undefined {
  return credentials.length === 0 ? undefined : new Map(credentials.map((accepted) => [accepted.accessKeyId, accepted]));
}

/** The operation `X-Amz-Target` names, if any. */
export function operationOf(request: Request): string | undefined {
  const target = request.headers.get("x-amz-target") ?? "";
  return target.startsWith(`${TARGET_PREFIX}.`) ? target.slice(TARGET_PREFIX.length + 1) : undefined;
}

/** The authentication step: the refusal the service sends, or the next steps' decision; either way with the signature verdict. */
export function authenticate<In extends Arrival>(checks: AuthenticationChecks): Step<In, In & Authenticated> {
  return async (arrival, next) => {
    const { request, requestId } = arrival;
    const body = await arrival.body;
    const now = checks.now();
    const { credentials } = checks;
    let signature: SignatureVerdict | undefined;
    if (credentials !== undefined) {
      const verification = await verifySigV4(
        { method: request.method, url: request.url, headers: request.headers, body: body.bytes },
        { credentials: (id) => credentials.get(id), now, service: "rekognition", region: checks.region, hashing: checks.hashing },
      );
      signature = verification.ok ? { verdict: "valid" } : { verdict: verification.type, ...(verification.details ? { details: verification.details } : {}) };
      if (!verification.ok && isApi(request)) {
        return { response: jsonResponse(400, frameworkErrorBody(verification.type, verification.message), now, {}, requestId), signature };
      }
    }
    const verdict = signature === undefined ? {} : { signature };
    if (!isApi(request)) return { response: frontDoorResponse(now, requestId), ...verdict };
    const operation = operationOf(request);
    const contentType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if ((checks.contentType && contentType !== JSON_1_1) || !SCENARIO_OPERATIONS.includes(operation as ScenarioOperation)) {
      return { response: jsonResponse(400, frameworkErrorBody("UnknownOperationException"), now, {}, requestId), ...verdict };
    }
    const decision = await next({ ...arrival, operation: operation as ScenarioOperation, requestBody: body });
    return { ...decision, ...verdict };
  };
}

/** Only `POST /` is the API: anything else meets the front door (WIRE-SAMPLES S16). */
function isApi(request: Request): boolean {
  return request.method === "POST" && pathnameOf(request.url) === "/";
}
