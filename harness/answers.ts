/**
 * The simulator's answers to one request, as Rekognition puts them on the
 * wire: each carries the request's id and the service's `Date`; modeled
 * errors get a fresh Logref. From an operation's outcome (the model's data),
 * a contract scenario, or a queued answer spelt out.
 *
 * @module
 */
import { JSON_1_1 } from "../src/protocol.ts";
import { isPlainObject } from "../src/shapes.ts";
import { type Scenario, scenarioBodyText } from "../fixtures/scenarios.ts";
import type { RandomSource } from "./random.ts";
import type { ResponseSpec } from "./response-queue.ts";
import type { ServiceOutcome } from "./service-model.ts";
import { httpDate, jsonResponse, modeledErrorBody, textResponse } from "./wire.ts";

/** Builds the answers of one request. */
export class Answers {
  /** The `x-amzn-RequestId` of every answer. */
  readonly requestId: string;
  readonly #now: () => number;
  readonly #random: RandomSource;

  /** Answers with `requestId`, dated by `now` (the service's clock), Logrefs from `random`. */
  constructor(requestId: string, now: () => number, random: RandomSource) {
    this.requestId = requestId;
    this.#now = now;
    this.#random = random;
  }

  /** An AWS JSON 1.1 answer. */
  json(status: number, body: unknown): Response {
    return jsonResponse(status, body, this.#now(), {}, this.requestId);
  }

  /** An error the model declares, as Rekognition writes it. */
  modeledError(status: number, type: string, message: string): Response {
    return jsonResponse(status, modeledErrorBody(type, message, this.#random.uuid()), this.#now(), {}, this.requestId);
  }

  /** An operation's outcome: its output (200), its modeled error (400), or the scenario it triggered. */
  outcome(outcome: ServiceOutcome): Response {
    if ("output" in outcome) return this.json(200, outcome.output);
    if ("error" in outcome) return this.modeledError(400, outcome.error.type, outcome.error.message);
    return this.scenario(outcome.scenario, outcome.projectArn);
  }

  /**
   * A scenario's answer as the service would send it now: the file's status,
   * headers and body, with this request's id (where the scenario has one; a
   * proxy's page has none), a fresh Logref, the service's `Date`, and version
   * ARNs under `projectArn` when given.
   */
  scenario(scenario: Scenario, projectArn?: string): Response {
    const headers = new Headers(scenario.response.headers);
    if (headers.has("x-amzn-requestid")) headers.set("x-amzn-RequestId", this.requestId);
    headers.set("Date", httpDate(this.#now()));
    let text = scenarioBodyText(scenario);
    const body = structuredClone(scenario.response.body);
    if (isPlainObject(body)) {
      if (typeof body.Logref === "string") body.Logref = this.#random.uuid();
      const projectBase = projectArn?.replace(/\/\d+$/, "");
      for (const description of Array.isArray(body.ProjectVersionDescriptions) ? body.ProjectVersionDescriptions : []) {
        if (projectBase && isPlainObject(description) && typeof description.ProjectVersionArn === "string") {
          description.ProjectVersionArn = description.ProjectVersionArn.replace(/^.*?:project\/[^/]+(?=\/version\/)/, projectBase);
        }
      }
      text = JSON.stringify(body);
    }
    return textResponse(text, { status: scenario.response.status, headers });
  }

  /** A queued `{ status, headers?, body? }`: a string body verbatim, anything else as JSON; a request id, `Date` and the JSON 1.1 type unless given. */
  spelledOut(spec: ResponseSpec): Response {
    const headers = new Headers(spec.headers);
    if (!headers.has("x-amzn-requestid")) headers.set("x-amzn-RequestId", this.requestId);
    if (!headers.has("date")) headers.set("Date", httpDate(this.#now()));
    if (!headers.has("content-type") && spec.body !== undefined) headers.set("Content-Type", JSON_1_1);
    const body = spec.body === undefined ? null : typeof spec.body === "string" ? spec.body : JSON.stringify(spec.body);
    return body === null ? new Response(null, { status: spec.status, headers }) : textResponse(body, { status: spec.status, headers });
  }
}
