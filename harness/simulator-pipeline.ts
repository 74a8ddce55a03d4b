/**
 * The simulator's request pipeline: small steps (pipeline.ts), composed in
 * the order the service works:
 *
 * 1. arrive: the journal records the request, and later its answer (journal.ts);
 * 2. a thrown error becomes a 500 InternalServerError (here and again after step 3, so the verdict stays);
 * 3. authenticate: front door, SigV4, operation, content type (authenticate.ts);
 * 4. read the input: UTF-8, a JSON object, null members dropped;
 * 5. take the first queued answer that matches (response-queue.ts);
 * 6. inject its delay and fault, or lose a `fixture-LostAnswer…` create's answer;
 * 7. answer with the queued scenario or spelt-out answer;
 * 8. or carry out the operation: the model decides, the answer puts it on the wire.
 *
 * Each step returns what it decided; the journal's record of the answer is
 * built from that, once.
 *
 * @module
 */
import { sleep } from "../src/clock.ts";
import { SCENARIOS } from "../fixtures/scenarios.ts";
import type { Answers } from "./answers.ts";
import { authenticate, type Authenticated, jsonInput } from "./authenticate.ts";
import { droppedConnection, truncatedResponse } from "./faults.ts";
import { LOST_ANSWER_PREFIX } from "./demo.ts";
import { arrive, type RequestJournal } from "./journal.ts";
import { withoutNulls } from "./matching.ts";
import { compose, type Decision, type Handler, type Incoming, recover, type Step } from "./pipeline.ts";
import type { ResponseQueue, ResponseSpec } from "./response-queue.ts";
import type { ServiceModel } from "./service-model.ts";
import type { AcceptedCredentials, SigV4Hashing } from "./sigv4-verifier.ts";
import { frameworkErrorBody } from "./wire.ts";

/** What the pipeline works with: the simulator's model, journal, queued answers and their running delays, and its credentials. */
export interface SimulatorParts {
  readonly model: ServiceModel;
  readonly journal: RequestJournal;
  readonly queue: ResponseQueue;
  readonly delays: Delays;
  /** Accepted credentials; their secrets never show in the journal. */
  readonly credentials: readonly AcceptedCredentials[];
  /** Synchronous hashing for the signature check; default WebCrypto. */
  readonly hashing: SigV4Hashing | undefined;
}

/** A request the simulator answers: its answers carry its id. */
export interface Exchange extends Incoming {
  /** The `x-amzn-RequestId` of its answers. */
  requestId: string;
  /** Builds its answers. */
  answers: Answers;
}

/** What the input step adds: the JSON object body, null members dropped (the service reads them as absent). */
interface WithInput {
  input: Record<string, unknown>;
}

/** What the queue step adds: the queued answer taken, if any. */
interface WithQueued {
  queued: ResponseSpec | undefined;
}

/** The queued answers' delays running now: {@link Delays.cutAll} (reset, clearing the queue) cuts them short. */
export class Delays {
  readonly #running = new Set<AbortController>();

  /**
   * Waits `delayMs` of real time; false when cut short: `signal` aborted (the
   * client hung up, or the server closed) or {@link cutAll}. Nothing waits on after.
   */
  async wait(delayMs: number, signal: AbortSignal): Promise<boolean> {
    if (delayMs === 0) return true;
    const delay = new AbortController();
    const hangUp = () => delay.abort();
    signal.addEventListener("abort", hangUp, { once: true });
    if (signal.aborted) hangUp();
    this.#running.add(delay);
    try {
      await sleep(delayMs, delay.signal);
      return true;
    } catch {
      return false;
    } finally {
      this.#running.delete(delay);
      signal.removeEventListener("abort", hangUp);
    }
  }

  /** Cuts every running delay short: their requests get no answer. */
  cutAll(): void {
    for (const delay of this.#running) delay.abort();
  }
}

/** A thrown error: a 500 InternalServerError, as the service answers when it fails. */
const answerErrors = <In extends Exchange>(): Step<In> =>
  recover((error, exchange) => ({
    response: exchange.answers.modeledError(500, "InternalServerError", `Internal server error (simulator: ${(error as Error)?.message ?? error})`),
  }));

/** The input: UTF-8 text of a JSON object (blank: `{}`), else SerializationException. */
const readInput = <In extends Exchange & Authenticated>(): Step<In, In & WithInput> => (exchange, next) => {
  const { requestBody, answers } = exchange;
  const refuse = (message: string) => Promise.resolve({ response: answers.json(400, frameworkErrorBody("SerializationException", message)) });
  if (!requestBody.utf8) return refuse("The request body is not valid UTF-8.");
  const parsed = jsonInput(requestBody);
  if (parsed === undefined) return refuse("The request body is not a JSON object.");
  return next({ ...exchange, input: withoutNulls(parsed) as Record<string, unknown> });
};

/** Takes one use of the oldest queued answer that matches the request. */
const takeQueuedAnswer = <In extends Exchange & Authenticated & WithInput>(queue: ResponseQueue): Step<In, In & WithQueued> => (exchange, next) =>
  next({ ...exchange, queued: queue.take({ operation: exchange.operation, body: exchange.input }) });

/**
 * The queued answer's delay and fault. CONNECTION_RESET and EMPTY_RESPONSE
 * drop the connection before the service acts; otherwise the service answers
 * at once (a create commits), then the delay runs, then LOST_ANSWER drops the
 * connection or TRUNCATED_BODY breaks the body off (the journal keeps the
 * answer the fault stood in for). A delay cut short sends nothing. Without a
 * queued answer, a created `fixture-LostAnswer…` version loses its answer.
 */
const injectFaults = <In extends Exchange & Authenticated & WithInput & WithQueued>(delays: Delays): Step<In> => async (exchange, next) => {
  const { queued, request } = exchange;
  const cut = (): Decision => ({ response: Response.error() });
  if (queued === undefined) {
    const decision = await next(exchange);
    const lost = exchange.operation === "CreateProjectVersion" && decision.response.status === 200 &&
      String(exchange.input.VersionName).startsWith(LOST_ANSWER_PREFIX);
    return lost ? { response: droppedConnection("LOST_ANSWER"), answer: decision.response, fault: "LOST_ANSWER" } : decision;
  }
  const { fault, delayMs = 0 } = queued;
  if (fault === "CONNECTION_RESET" || fault === "EMPTY_RESPONSE") {
    return (await delays.wait(delayMs, request.signal)) ? { response: droppedConnection(fault), fault } : cut();
  }
  const decision = await next(exchange);
  if (!(await delays.wait(delayMs, request.signal))) return cut();
  if (fault === "LOST_ANSWER") return { response: droppedConnection(fault), answer: decision.response, fault };
  if (fault === "TRUNCATED_BODY") return { response: await truncatedResponse(decision.response.clone()), answer: decision.response, fault };
  return decision;
};

/** A queued scenario or spelt-out answer; otherwise the operation. */
const answerQueued = <In extends Exchange & WithQueued>(): Step<In> => (exchange, next) => {
  const { queued, answers } = exchange;
  if (queued?.scenario !== undefined) return Promise.resolve({ response: answers.scenario(SCENARIOS[queued.scenario]) });
  if (queued?.status !== undefined) return Promise.resolve({ response: answers.spelledOut(queued) });
  return next(exchange);
};

/** The operation: the model decides, the answer puts its outcome on the wire. */
const operate = (model: ServiceModel): Handler<Exchange & Authenticated & WithInput> => (exchange) =>
  Promise.resolve({ response: exchange.answers.outcome(model.call(exchange.operation, exchange.input)) });

/** The simulator's pipeline over its parts: an {@link Exchange} in, a {@link Decision} out. Never rejects. */
export function simulatorPipeline(parts: SimulatorParts): Handler<Exchange> {
  const { model, journal, queue, delays, credentials, hashing } = parts;
  const now = () => model.now();
  return compose(
    arrive<Exchange>({ journal, now, credentials }),
    answerErrors(),
    authenticate({
      credentials: new Map(credentials.map((accepted) => [accepted.accessKeyId, accepted])),
      region: model.region,
      contentType: true,
      now,
      hashing,
    }),
    answerErrors(),
    readInput(),
    takeQueuedAnswer(queue),
    injectFaults(delays),
    answerQueued(),
    operate(model),
  );
}
