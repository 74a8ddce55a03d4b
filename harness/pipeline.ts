/**
 * The request pipeline's vocabulary, in the manner of hono's middleware: a
 * request goes through small steps, each a function `(context, next)` that
 * either decides the answer itself or hands the next step what it learnt
 * (a new context: nothing is mutated on the way) and returns, or adds to,
 * what that step decided. What comes back is a {@link Decision}: the answer,
 * and the facts the journal keeps (the signature verdict, a fault and the
 * answer it stood in for). The simulator, the recorder and the replayer are
 * each a composition of such steps (harness/simulator-pipeline.ts).
 *
 * @module
 */
import type { Fault } from "./faults.ts";
import type { SignatureDetails } from "./sigv4-verifier.ts";

/** What the signature check said of a request. */
export interface SignatureVerdict {
  /** `valid`, or the error type of the refusal (e.g. `InvalidSignatureException`). */
  verdict: string;
  /** On a refusal, what the verifier computed, to compare with the client's own (unredacted: the journal redacts it). */
  details?: SignatureDetails;
}

/** What the steps decided for one request. */
export interface Decision {
  /** What goes back on the wire: an answer, or a fault's stand-in (a marked `Response.error()`, a body that breaks off). */
  response: Response;
  /** The service's own answer when a fault took its place on the wire (LOST_ANSWER, TRUNCATED_BODY): the journal shows this one. */
  answer?: Response;
  /** The transport fault injected, if any. */
  fault?: Fault;
  /** The signature check's verdict; absent when no check ran (the body could not be read, or no credentials are checked). */
  signature?: SignatureVerdict;
}

/** The rest of a pipeline, from a step's point of view. */
export type Handler<Context> = (context: Context) => Promise<Decision>;

/** A step: decides, or calls `next` with what it learnt and returns (or adds to) what the rest decided. */
export type Step<In, Out = In> = (context: In, next: Handler<Out>) => Promise<Decision>;

/** A request as it reaches a pipeline. */
export interface Incoming {
  /** The request. */
  request: Request;
  /** The `x-amzn-RequestId` of its answers; a fresh one per answer when undefined (the recorder's and replayer's refusals). */
  requestId?: string | undefined;
}

/** A request body, read, decoded and parsed once ({@link readRequestBody}). */
export interface RequestBody {
  /** Its bytes, as signed. */
  bytes: Uint8Array;
  /** Its text: UTF-8, anything that is not decoded as U+FFFD (see `utf8`). */
  text: string;
  /** Whether the bytes are valid UTF-8. */
  utf8: boolean;
  /** What `text` parses to as JSON; undefined when it is not JSON. */
  json: unknown;
}

/** What the first step adds: when the request arrived, and its body, read once for every step (rejects when it cannot be read). */
export interface Arrived {
  /** When it arrived, epoch ms on the service's clock. */
  receivedAt: number;
  /** Its body, read once. */
  body: Promise<RequestBody>;
}

/** A request that has arrived. */
export type Arrival = Incoming & Arrived;

/** Decoders are stateless between whole-buffer `decode` calls: one of each serves every request. */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder();

/** Reads, decodes and parses a request's body, once. */
export async function readRequestBody(request: Request): Promise<RequestBody> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  let text: string;
  let utf8 = true;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    text = lenientUtf8.decode(bytes);
    utf8 = false;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { bytes, text, utf8, json };
}

/** A step that turns an error thrown by the rest of the pipeline into a decision (a 500, a dropped connection), so the steps before it still see one. */
export function recover<In>(onError: (error: unknown, context: In) => Decision): Step<In> {
  return async (context, next) => {
    try {
      return await next(context);
    } catch (error) {
      return onError(error, context);
    }
  };
}

/** `steps` in order, then `last`: one handler, each step's `next` being the rest. */
export function compose<A, B>(step1: Step<A, B>, last: Handler<B>): Handler<A>;
/** `steps` in order, then `last`. */
export function compose<A, B, C>(step1: Step<A, B>, step2: Step<B, C>, last: Handler<C>): Handler<A>;
/** `steps` in order, then `last`. */
export function compose<A, B, C, D>(step1: Step<A, B>, step2: Step<B, C>, step3: Step<C, D>, last: Handler<D>): Handler<A>;
/** `steps` in order, then `last`. */
export function compose<A, B, C, D, E, F, G, H>(
  step1: Step<A, B>,
  step2: Step<B, C>,
  step3: Step<C, D>,
  step4: Step<D, E>,
  step5: Step<E, F>,
  step6: Step<F, G>,
  step7: Step<G, H>,
  last: Handler<H>,
): Handler<A>;
/** `steps` in order, then `last`. */
export function compose<A, B, C, D, E, F, G, H, I>(
  step1: Step<A, B>,
  step2: Step<B, C>,
  step3: Step<C, D>,
  step4: Step<D, E>,
  step5: Step<E, F>,
  step6: Step<F, G>,
  step7: Step<G, H>,
  step8: Step<H, I>,
  last: Handler<I>,
): Handler<A>;
export function compose(...parts: Step<unknown, unknown>[]): Handler<unknown> {
  const last = parts.pop() as unknown as Handler<unknown>;
  return parts.reduceRight<Handler<unknown>>((next, step) => (context) => step(context, next), last);
}
