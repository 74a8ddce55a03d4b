/**
 * The cases about retries and broken transports: throttling, server errors,
 * an HTML 5xx, a reset connection, giving up, a lost and a truncated answer,
 * a skewed clock, and the SDKs' retry headers.
 *
 * @module
 */
import type { ScenarioName } from "../../fixtures/scenarios.ts";
import type { ResponseSpec } from "../response-queue.ts";
import { checklist } from "./cases-request.ts";
import { answeredOk, createAttempts, endingOf, exitedOk, exitedWithError, gapsMs, plural, pollsOfVersion, queueCreate, versionsCreated } from "./observe.ts";
import { BOTOCORE_RETRY, CREATE_API, JS_SDK_RETRY, REKOGNITION_ERRORS, SDK_RETRY } from "./sources.ts";
import type { CaseRun, ConformanceCase, Grade, Level } from "./types.ts";

/**
 * The most attempts `retry.gives-up` accepts: twice the largest default of an
 * official SDK (botocore's and the AWS CLI v1's legacy mode: 5; standard mode: 3).
 */
export const MAX_ATTEMPTS_BOUND = 10;

/** `failures` refused attempts, then a success: PASS when the client retried through them, with time between attempts, and exited 0. */
function gradeRetriedToSuccess(run: CaseRun, failures: number, what: string): Grade {
  const attempts = createAttempts(run);
  const gaps = gapsMs(attempts);
  const evidence = { attempts: attempts.length, gapsMs: gaps };
  if (attempts.length === 0) return { verdict: "FAIL", summary: `sent no CreateProjectVersion; ${endingOf(run.outcome)}`, evidence };
  if (attempts.length <= failures) {
    return { verdict: "FAIL", summary: `not retried: ${plural(attempts.length, "attempt")}, gave up after ${what}; ${endingOf(run.outcome)}`, evidence };
  }
  return checklist(
    {
      [`the attempt after ${plural(failures, "failure")} answered 200`]: answeredOk(attempts[failures]!),
      "time between attempts > 0": gaps.every((gap) => gap > 0),
      "exit 0": exitedOk(run.outcome),
      "one version created": versionsCreated(run) === 1,
    },
    `retried after ${what}: ${plural(attempts.length, "attempt")}, ${gaps.map((gap) => `${gap} ms`).join(" and ")} apart; exit 0`,
    evidence,
  );
}

/** A case: the create fails `failures` times with `respond`, then succeeds. */
function retriedCase(id: string, level: Level, respond: ResponseSpec, failures: number, what: string, behaviour: string, why: string): ConformanceCase {
  return { id, level, action: "create", behaviour, why, setup: queueCreate(respond, failures), grade: (run) => gradeRetriedToSuccess(run, failures, what) };
}

const scenario = (name: ScenarioName): ResponseSpec => ({ scenario: name });

export const retryThrottling = retriedCase(
  "retry.throttling",
  "REQUIRED",
  scenario("create-ThrottlingException"),
  2,
  "ThrottlingException",
  'Two ThrottlingExceptions (HTTP 500, "Service Unavailable", as the model and the guide have it), then success: retried with time between ' +
    "attempts, exit 0.",
  `${REKOGNITION_ERRORS}: ThrottlingException, "back off exponentially and retry", "OK to retry? Yes"; ${SDK_RETRY}; ${BOTOCORE_RETRY}; ${JS_SDK_RETRY}; ` +
    'WIRE-SAMPLES summary table (ThrottlingException 500 "Service Unavailable", DOC S1).',
);

export const retryThroughput = retriedCase(
  "retry.throughput",
  "REQUIRED",
  scenario("create-ProvisionedThroughputExceededException"),
  1,
  "ProvisionedThroughputExceededException",
  "ProvisionedThroughputExceededException (HTTP 400), then success: retried, exit 0.",
  `${REKOGNITION_ERRORS}: ProvisionedThroughputExceededException, "OK to retry? Yes"; ${SDK_RETRY} (a throttling error); ${BOTOCORE_RETRY}; ${JS_SDK_RETRY}.`,
);

export const retryServerError = retriedCase(
  "retry.server-error",
  "REQUIRED",
  scenario("create-InternalServerError"),
  1,
  "InternalServerError",
  "InternalServerError (HTTP 500), then success: retried, exit 0.",
  `${REKOGNITION_ERRORS}: InternalServerError, "Try your call again", "OK to retry? Yes"; ${SDK_RETRY} (a transient error); ${BOTOCORE_RETRY}; ${JS_SDK_RETRY}.`,
);

/** What a proxy in front of the service answers when the service is unavailable. */
const HTML_503 = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable" +
  "</h1></center>\r\n</body>\r\n</html>\r\n";

export const retryUnparseable5xx = retriedCase(
  "retry.unparseable-5xx",
  "RECOMMENDED",
  { status: 503, headers: { "Content-Type": "text/html" }, body: HTML_503 },
  1,
  "an HTML 503",
  "A 503 with an HTML body (a proxy's page, no error type), then success: retried, no crash, exit 0.",
  `${REKOGNITION_ERRORS}: a 5xx "might be a transient error … you can retry your request"; ${SDK_RETRY}; ${BOTOCORE_RETRY} (retried by status); ` +
    `${JS_SDK_RETRY}; WIRE-SAMPLES finding 4 and S16 (what is not the service answers without JSON).`,
);

export const retryConnectionReset: ConformanceCase = {
  id: "retry.connection-reset",
  level: "REQUIRED",
  action: "create",
  behaviour: "The connection is reset before the service acts (nothing committed): either retried to success (one version, exit 0) or a clean " +
    "network error with nothing created (non-zero exit). Both are right for a non-idempotent call: the client cannot tell whether the service acted, " +
    'and the SDKs retry (the next attempt would meet ResourceInUseException if it had), while a caller told "network error" can look before retrying.',
  why: `${SDK_RETRY} (connection errors are transient); ${BOTOCORE_RETRY}; ${JS_SDK_RETRY}; ${REKOGNITION_ERRORS} (AmazonClientException: no answer).`,
  setup: queueCreate({ fault: "CONNECTION_RESET" }),
  grade(run) {
    const attempts = createAttempts(run);
    const created = versionsCreated(run);
    const evidence = { attempts: attempts.length, versionsCreated: created };
    if (exitedOk(run.outcome) && created === 1 && attempts.length >= 2 && answeredOk(attempts.at(-1)!)) {
      return { verdict: "PASS", summary: `retried to success: ${plural(attempts.length, "attempt")}, one version; exit 0`, evidence };
    }
    if (exitedWithError(run.outcome) && created === 0) {
      return { verdict: "PASS", summary: `reported a network error, nothing created; ${endingOf(run.outcome)}`, evidence };
    }
    if (exitedOk(run.outcome)) return { verdict: "FAIL", summary: `exit 0 with ${plural(created, "version")} created`, evidence };
    return { verdict: "FAIL", summary: `${endingOf(run.outcome)} with ${plural(created, "version")} created`, evidence };
  },
};

export const retryGivesUp: ConformanceCase = {
  id: "retry.gives-up",
  level: "REQUIRED",
  action: "create",
  behaviour: `Throttled on every attempt: the client gives up, after at most ${MAX_ATTEMPTS_BOUND} attempts and within the case's time limit, with a ` +
    "non-zero exit.",
  why: `${SDK_RETRY} (max_attempts: 3 in standard mode, an SDK-specific number in legacy mode); ${BOTOCORE_RETRY}; ${JS_SDK_RETRY}. The bound is twice ` +
    "the largest default (5).",
  setup: queueCreate({ scenario: "create-ThrottlingException" }, 100),
  grade(run) {
    const attempts = createAttempts(run).length;
    const evidence = { attempts, bound: MAX_ATTEMPTS_BOUND, elapsedMs: run.outcome.elapsedMs };
    if (exitedOk(run.outcome)) {
      return { verdict: "FAIL", summary: `reported success while every attempt was throttled (${plural(attempts, "attempt")})`, evidence };
    }
    if (attempts > MAX_ATTEMPTS_BOUND) return { verdict: "FAIL", summary: `${attempts} attempts: more than ${MAX_ATTEMPTS_BOUND}`, evidence };
    if (!exitedWithError(run.outcome)) return { verdict: "FAIL", summary: `did not end with an error exit: ${endingOf(run.outcome)}`, evidence };
    const seconds = (run.outcome.elapsedMs / 1000).toFixed(1);
    return { verdict: "PASS", summary: `gave up after ${plural(attempts, "attempt")} in ${seconds} s; ${endingOf(run.outcome)}`, evidence };
  },
};

/** Whether the client read a complete answer naming its version after its first attempt's answer was lost or cut: a retried create's 200, or a poll. */
function readItsVersionLater(run: CaseRun): boolean {
  const [first, ...retries] = createAttempts(run);
  const after = first === undefined ? run.journal.length : run.journal.indexOf(first);
  return retries.some(answeredOk) || pollsOfVersion(run).some((poll) => answeredOk(poll) && run.journal.indexOf(poll) > after);
}

export const lostAnswer: ConformanceCase = {
  id: "lost-answer",
  level: "ADVISORY",
  action: "create",
  behaviour: "The first create commits and its answer is lost (the connection closes): exactly one version exists; PASS when the client finds out the " +
    "version is its own (describes it) and exits 0, FAIL when it reports a conflict it caused or a network error for a version that exists.",
  why: "Beyond the SDKs: they retry the lost call and surface the ResourceInUseException their first attempt caused; only a client that reconciles " +
    "(describes the version after a conflict that follows a lost answer) passes, e.g. rekognition-edge's createProjectVersion `reconcile` option.",
  setup: queueCreate({ fault: "LOST_ANSWER" }),
  grade(run) {
    const attempts = createAttempts(run);
    const created = versionsCreated(run);
    const conflicts = attempts.filter((entry) => entry.response?.errorType === "ResourceInUseException").length;
    const evidence = { attempts: attempts.length, conflicts, versionsCreated: created };
    if (created !== 1) return { verdict: "FAIL", summary: `${plural(created, "version")} exist after the call`, evidence };
    if (exitedOk(run.outcome) && readItsVersionLater(run)) {
      return { verdict: "PASS", summary: "reconciled: found its own version after the lost answer; exit 0", evidence };
    }
    if (exitedOk(run.outcome)) return { verdict: "FAIL", summary: "exit 0 without reading any answer naming the version", evidence };
    if (conflicts > 0) {
      return { verdict: "FAIL", summary: `reported a conflict it caused (ResourceInUseException on its retry); ${endingOf(run.outcome)}`, evidence };
    }
    return { verdict: "FAIL", summary: `reported a failure for a version that was created; ${endingOf(run.outcome)}`, evidence };
  },
};

export const truncatedAnswer: ConformanceCase = {
  id: "truncated-answer",
  level: "REQUIRED",
  action: "create",
  behaviour: "The create commits and its 200 answer breaks off halfway (full Content-Length declared): the client never reports success without a " +
    "ProjectVersionArn it actually read, and ends with an error rather than a crash.",
  why: `${REKOGNITION_ERRORS} (AmazonClientException: the client "couldn't parse the response"); ${CREATE_API}: the answer's ProjectVersionArn is ` +
    "the caller's handle on the version.",
  setup: queueCreate({ fault: "TRUNCATED_BODY" }),
  grade(run) {
    const evidence = { attempts: createAttempts(run).length, versionsCreated: versionsCreated(run) };
    if (exitedOk(run.outcome)) {
      return readItsVersionLater(run)
        ? { verdict: "PASS", summary: "read its version's ARN in a later complete answer; exit 0", evidence }
        : { verdict: "FAIL", summary: "reported success without a complete answer carrying the ProjectVersionArn", evidence };
    }
    if (exitedWithError(run.outcome)) {
      return { verdict: "PASS", summary: `reported an error after ${plural(evidence.attempts, "attempt")}; ${endingOf(run.outcome)}`, evidence };
    }
    return { verdict: "FAIL", summary: `crashed: ${endingOf(run.outcome)}`, evidence };
  },
};

/** How far ahead the server's clock is set in `clock-skew`: twice the 5-minute signature window. */
const SKEW_SECONDS = 600;

export const clockSkew: ConformanceCase = {
  id: "clock-skew",
  level: "RECOMMENDED",
  action: "create",
  behaviour: `The server's clock is ${SKEW_SECONDS / 60} minutes ahead (signatures are valid for 5 minutes): the client corrects its clock from the ` +
    "refusal's Date header, signs again and succeeds.",
  why: 'WIRE-SAMPLES finding 6 (InvalidSignatureException "Signature expired … (now - 5 min.)", a 5-minute window for Rekognition); the JS SDK v3 ' +
    "(@aws-sdk/core AwsSdkSigV4Signer: systemClockOffset from the Date header, then a retry), the Go v2 and Java SDKs correct it; botocore does not " +
    "(it signs with the local clock; endpoint.py uses the Date header only for the amz-sdk-request ttl).",
  setup: ({ control }) => control.setClockSkew(SKEW_SECONDS),
  grade(run) {
    const attempts = createAttempts(run);
    const refused = attempts.filter((entry) => entry.signature !== "valid").length;
    const evidence = { attempts: attempts.length, refusedSignatures: refused };
    // The version exists only if an attempt signed for the server's clock reached the service.
    if (exitedOk(run.outcome) && versionsCreated(run) === 1) {
      const how = refused > 0 ? `corrected its clock after ${plural(refused, "refused attempt")}` : "signed for the server's time at once";
      return { verdict: "PASS", summary: `${how}; exit 0`, evidence };
    }
    const errors = [...new Set(attempts.map((entry) => entry.response?.errorType).filter(Boolean))].join(", ") || "none";
    return {
      verdict: "FAIL",
      summary: `did not correct its clock: ${refused} of ${plural(attempts.length, "attempt")} refused (${errors}); ${endingOf(run.outcome)}`,
      evidence,
    };
  },
};

export const headersInvocationId: ConformanceCase = {
  id: "headers.invocation-id",
  level: "ADVISORY",
  action: "create",
  behaviour: "Two ThrottlingExceptions, then success: every attempt carries the same amz-sdk-invocation-id and an amz-sdk-request attempt=N that " +
    "increases.",
  why: "Beyond the API (the service ignores them): the SDKs' retry headers, @smithy/core retry (INVOCATION_ID_HEADER, REQUEST_HEADER " +
    '"attempt=N; max=M") and botocore handlers.add_retry_headers.',
  setup: queueCreate({ scenario: "create-ThrottlingException" }, 2),
  grade(run) {
    const attempts = createAttempts(run);
    const ids = attempts.map((entry) => entry.headers["amz-sdk-invocation-id"]);
    const numbers = attempts.map((entry) => Number(/(?:^|;)\s*attempt=(\d+)/.exec(entry.headers["amz-sdk-request"] ?? "")?.[1]));
    const evidence = { invocationIds: ids.map((id) => id ?? null), attemptNumbers: numbers.map((n) => (Number.isInteger(n) ? n : null)) };
    if (attempts.length < 2) {
      return { verdict: "NOT_APPLICABLE", summary: `${plural(attempts.length, "attempt")}: nothing to compare (retry.throttling grades retrying)`, evidence };
    }
    return checklist(
      {
        "amz-sdk-invocation-id on every attempt": ids.every((id) => !!id),
        "amz-sdk-invocation-id constant": new Set(ids).size === 1,
        "amz-sdk-request attempt=N on every attempt": numbers.every(Number.isInteger),
        "attempt=N increasing": numbers.every((n, index) => index === 0 || n > numbers[index - 1]!),
      },
      `one invocation id on ${plural(attempts.length, "attempt")}, attempt=${numbers.join(",")}`,
      evidence,
    );
  },
};
