/**
 * The cases about one request and its answer: a well-formed signed create, a
 * session token, errors that must not be retried, a name in use, and an answer
 * from a newer service (unknown members, an unknown enum value).
 *
 * @module
 */
import { JSON_1_1, TARGET_PREFIX } from "../../src/protocol.ts";
import { canonicalJson } from "../matching.ts";
import type { ScenarioName } from "../../fixtures/scenarios.ts";
import {
  answeredOk,
  authorizationOf,
  CREATE,
  createAttempts,
  DESCRIBE,
  endingOf,
  exitedOk,
  exitedWithError,
  plural,
  pollsOfVersion,
  queueCreate,
  versionsCreated,
} from "./observe.ts";
import { AWS_JSON, CREATE_API, REKOGNITION_ERRORS, SDK_RETRY, SIGV4 } from "./sources.ts";
import type { CaseRun, ConformanceCase, Grade } from "./types.ts";

/** A list of named checks: PASS when all hold, else FAIL naming the ones that did not. */
export function checklist(checks: Record<string, boolean>, passed: string, evidence: Record<string, unknown> = {}): Grade {
  const failed = Object.entries(checks).filter(([, ok]) => !ok).map(([name]) => name);
  return failed.length === 0
    ? { verdict: "PASS", summary: passed, evidence: { ...evidence, checks } }
    : { verdict: "FAIL", summary: `failed checks: ${failed.join("; ")}`, evidence: { ...evidence, checks } };
}

export const createSigned: ConformanceCase = {
  id: "create.signed",
  level: "REQUIRED",
  action: "create",
  behaviour: "One well-formed CreateProjectVersion: POST /, the operation's X-Amz-Target, the JSON 1.1 content type, the asked input as body, " +
    "a SigV4 signature valid for the server's region.",
  why: `${AWS_JSON}; ${SIGV4}; ${CREATE_API}.`,
  grade(run) {
    const [first] = run.journal;
    const scope = first && authorizationOf(first);
    return checklist(
      {
        "exactly one request": run.journal.length === 1,
        "POST /": first?.method === "POST" && first.path === "/",
        [`X-Amz-Target ${TARGET_PREFIX}.${CREATE}`]: first?.headers["x-amz-target"] === `${TARGET_PREFIX}.${CREATE}`,
        [`Content-Type ${JSON_1_1}`]: (first?.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase() === JSON_1_1,
        "body is the asked input": first !== undefined && canonicalJson(first.body) === canonicalJson(run.asked),
        "signature valid": first?.signature === "valid",
        [`signed for ${run.region}/rekognition`]: scope?.region === run.region && scope.service === "rekognition",
        "answered 200": first !== undefined && answeredOk(first),
        "exit 0": exitedOk(run.outcome),
        "the version exists": versionsCreated(run) === 1,
      },
      `one signed request, answered 200; ${endingOf(run.outcome)}`,
      { body: first?.body ?? null, scope: scope ?? null },
    );
  },
};

export const createSessionToken: ConformanceCase = {
  id: "create.session-token",
  level: "REQUIRED",
  action: "create",
  sessionToken: true,
  behaviour: "Temporary credentials: every request carries X-Amz-Security-Token and signs it (it is in SignedHeaders).",
  why: "IAM User Guide, temporary security credentials in SigV4 requests (the X-Amz-Security-Token header); the AWS SigV4 test suite's " +
    "post-sts-header-before case (the token is part of the canonical request, as botocore, the JS SDK and aws4fetch send it).",
  grade(run) {
    const signedToken = run.journal.every((entry) => authorizationOf(entry)?.signedHeaders.includes("x-amz-security-token") === true);
    return checklist(
      {
        "sent a request": run.journal.length > 0,
        "X-Amz-Security-Token on every request": run.journal.every((entry) => entry.headers["x-amz-security-token"] !== undefined),
        "X-Amz-Security-Token signed": signedToken,
        "signed with the session's access key": run.journal.every((entry) => authorizationOf(entry)?.accessKeyId === run.sessionAccessKeyId),
        "signature valid": run.journal.every((entry) => entry.signature === "valid"),
        "exit 0": exitedOk(run.outcome),
        "the version exists": versionsCreated(run) === 1,
      },
      `token sent and signed on ${plural(run.journal.length, "request")}; ${endingOf(run.outcome)}`,
      { signedHeaders: run.journal.map((entry) => authorizationOf(entry)?.signedHeaders.join(";") ?? null) },
    );
  },
};

/** A case where the service refuses the create with a modeled 400 the documentation marks "OK to retry? No". */
function refusedOnce(id: string, errorType: string): ConformanceCase {
  return {
    id,
    level: "REQUIRED",
    action: "create",
    behaviour: `${errorType}: one attempt, then a non-zero exit.`,
    why: `${REKOGNITION_ERRORS}: ${errorType}, "OK to retry? No"; ${SDK_RETRY} (neither a transient nor a throttling error).`,
    // Queued for every attempt: a client that retries meets the same refusal, not a success that would hide the retry.
    setup: queueCreate({ scenario: `create-${errorType}` as ScenarioName }, 10),
    grade: (run) => gradeRefusal(run, errorType),
  };
}

/** One attempt, a non-zero exit. */
function gradeRefusal(run: CaseRun, errorType: string): Grade {
  const attempts = createAttempts(run).length;
  const evidence = { attempts };
  if (attempts === 0) return { verdict: "FAIL", summary: `sent no CreateProjectVersion; ${endingOf(run.outcome)}`, evidence };
  if (exitedOk(run.outcome)) return { verdict: "FAIL", summary: `reported success after ${errorType}`, evidence };
  if (attempts > 1) return { verdict: "FAIL", summary: `retried ${errorType}: ${plural(attempts, "attempt")}`, evidence };
  if (!exitedWithError(run.outcome)) return { verdict: "FAIL", summary: `did not end with an error exit: ${endingOf(run.outcome)}`, evidence };
  return { verdict: "PASS", summary: `one attempt, ${errorType} reported; ${endingOf(run.outcome)}`, evidence };
}

export const noRetryInvalidParameter = refusedOnce("no-retry.invalid-parameter", "InvalidParameterException");

export const noRetryAccessDenied = refusedOnce("no-retry.access-denied", "AccessDeniedException");

export const conflictNameInUse: ConformanceCase = {
  id: "conflict.name-in-use",
  level: "REQUIRED",
  action: "create",
  behaviour: "The version name exists before the call: one attempt (ResourceInUseException), a non-zero exit, still one version.",
  why: `${CREATE_API}: VersionName must be unique in the project; ${REKOGNITION_ERRORS}: ResourceInUseException, "OK to retry? No".`,
  setup: async ({ createVersion }) => void (await createVersion()),
  grade(run) {
    const graded = gradeRefusal(run, "ResourceInUseException");
    const existing = versionsCreated(run);
    if (graded.verdict === "PASS" && existing !== 1) {
      return { verdict: "FAIL", summary: `${existing} versions of the name exist after the call`, evidence: { existing } };
    }
    return graded;
  },
};

/** The fixed ARN time of the forward-compatible case's made-up version. */
const FUTURE_ARN_TIME = 1767225600000;

export const forwardCompatible: ConformanceCase = {
  id: "forward-compatible",
  level: "REQUIRED",
  action: "create-and-wait",
  behaviour: "Answers from a newer service: unknown members (top level and nested) and an unknown enum value (Feature) are accepted; the wait ends " +
    "on TRAINING_COMPLETED.",
  why: 'Smithy 2.0 specification, enum shapes: enums are open, "previously generated clients MUST NOT fail when they encounter an unknown enum value"; ' +
    "Smithy's model evolution rules: adding an optional member to a structure is backward compatible, so clients ignore members they do not know.",
  async setup({ control, projectArn, versionName, bucket }) {
    const arn = `${projectArn.replace(/\/\d+$/, "")}/version/${versionName}/${FUTURE_ARN_TIME}`;
    const description = {
      ProjectVersionArn: arn,
      CreationTimestamp: FUTURE_ARN_TIME / 1000,
      Status: "TRAINING_COMPLETED",
      StatusMessage: "The model is ready to run.",
      Feature: "FUTURE_FEATURE",
      OutputConfig: { S3Bucket: bucket, FutureOutputMember: true },
      FutureMember: { Nested: [1, 2, 3], Text: "from a newer service" },
    };
    await control.queue({
      operation: CREATE,
      match: { VersionName: versionName },
      respond: { status: 200, body: { ProjectVersionArn: arn, FutureTopLevel: { Id: 1 } } },
    });
    await control.queue({
      operation: DESCRIBE,
      match: { ProjectArn: projectArn },
      times: 20,
      respond: { status: 200, body: { ProjectVersionDescriptions: [description], FutureListMember: ["x"] } },
    });
  },
  grade(run) {
    const create = createAttempts(run).at(-1);
    const polls = pollsOfVersion(run).filter(answeredOk).length;
    const evidence = { polls };
    if (create === undefined || !answeredOk(create)) {
      return { verdict: "FAIL", summary: `no CreateProjectVersion answered 200; ${endingOf(run.outcome)}`, evidence };
    }
    if (polls === 0) return { verdict: "FAIL", summary: `never read a DescribeProjectVersions answer; ${endingOf(run.outcome)}`, evidence };
    if (!exitedOk(run.outcome)) {
      return { verdict: "FAIL", summary: `failed on answers with unknown members and an unknown enum value: ${endingOf(run.outcome)}`, evidence };
    }
    return { verdict: "PASS", summary: `accepted both answers (${plural(polls, "poll")}); exit 0`, evidence };
  },
};
