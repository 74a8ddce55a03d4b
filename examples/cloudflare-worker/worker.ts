/**
 * A Cloudflare Worker that trains Rekognition Custom Labels versions, without
 * nodejs_compat (only fetch and WebCrypto):
 *
 * - `POST /trainings` `{"VersionName": "v1"}` starts training a version of
 *   `PROJECT_ARN` and remembers it in the `TRAININGS` KV namespace;
 * - a cron trigger (`scheduled`) looks at each unfinished training with
 *   `checkTraining`, no sooner than the time it said to look again;
 * - `GET /trainings/<VersionName>` tells where a training stands.
 *
 * Training takes from half an hour to a day, far longer than a Worker may run,
 * hence one look per cron tick instead of a waiter.
 */
import { checkTraining, isRetryable, RekognitionClient, RekognitionServiceException, ValidationError } from "rekognition-edge";

/** The bindings this Worker needs (wrangler.toml `[vars]`, secrets, and a KV namespace). */
export interface Env {
  AWS_REGION: string;
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  /** A Rekognition-compatible endpoint instead of AWS, e.g. `rekognition-edge serve`. */
  REKOGNITION_ENDPOINT?: string;
  PROJECT_ARN: string;
  /** Where training results go (`s3://OUTPUT_BUCKET/trainings/<VersionName>/`). */
  OUTPUT_BUCKET: string;
  /** Shortest wait between two looks at a training, in seconds. Default 120. */
  MIN_CHECK_SECONDS?: string;
  TRAININGS: KVNamespace;
}

/** The part of Workers' KV API used here. */
interface KVNamespace {
  get<T>(key: string, type: "json"): Promise<T | null>;
  put(key: string, value: string): Promise<void>;
  list(options?: { cursor?: string }): Promise<{ keys: { name: string }[]; list_complete: boolean; cursor?: string }>;
}

/** What the Worker remembers of a training, by VersionName. */
export interface Training {
  ProjectArn: string;
  VersionName: string;
  ProjectVersionArn: string;
  state: "in-progress" | "completed" | "failed";
  /** When the cron trigger should look again (epoch ms); null once training ended. */
  nextCheckAt: number | null;
  Status?: string;
  StatusMessage?: string;
  F1Score?: number;
  /** The last failed look, if any. */
  lastError?: string;
}

function clientFor(env: Env): RekognitionClient {
  const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  return new RekognitionClient({ region: env.AWS_REGION, credentials, ...(env.REKOGNITION_ENDPOINT ? { endpoint: env.REKOGNITION_ENDPOINT } : {}) });
}

/** An error as a JSON answer: the service's status for its exceptions, 400 for bad input. */
function errorResponse(error: unknown): Response {
  if (error instanceof ValidationError) return Response.json({ error: error.name, message: error.message, issues: error.issues }, { status: 400 });
  if (error instanceof RekognitionServiceException) {
    return Response.json({ error: error.name, message: error.message }, { status: error.$metadata.httpStatusCode ?? 502 });
  }
  return Response.json({ error: (error as Error)?.name ?? "Error", message: String((error as Error)?.message ?? error) }, { status: 502 });
}

async function startTraining(request: Request, env: Env): Promise<Response> {
  const { VersionName } = (await request.json().catch(() => ({}))) as { VersionName?: string };
  const input = {
    ProjectArn: env.PROJECT_ARN,
    VersionName: VersionName!,
    OutputConfig: { S3Bucket: env.OUTPUT_BUCKET, S3KeyPrefix: `trainings/${VersionName}/` },
  };
  const { ProjectVersionArn } = await clientFor(env).createProjectVersion(input);
  const training: Training = { ProjectArn: env.PROJECT_ARN, VersionName: input.VersionName, ProjectVersionArn, state: "in-progress", nextCheckAt: Date.now() };
  await env.TRAININGS.put(input.VersionName, JSON.stringify(training));
  return Response.json(training, { status: 202 });
}

/** One look at a training; the new record to store. */
async function check(training: Training, env: Env, client: RekognitionClient): Promise<Training> {
  try {
    const minDelay = Number(env.MIN_CHECK_SECONDS ?? 120);
    const target = { ProjectArn: training.ProjectArn, VersionName: training.VersionName };
    const { state, description, nextPollAfterMs } = await checkTraining(client, target, { minDelay, maxDelay: Math.max(900, minDelay) });
    const { Status, StatusMessage, EvaluationResult } = description;
    return {
      ...training,
      state,
      nextCheckAt: nextPollAfterMs === null ? null : Date.now() + nextPollAfterMs,
      ...(Status ? { Status } : {}),
      ...(StatusMessage ? { StatusMessage } : {}),
      ...(EvaluationResult?.F1Score !== undefined ? { F1Score: EvaluationResult.F1Score } : {}),
    };
  } catch (error) {
    // Throttling, 5xx, network: the next tick tries again. Anything else needs a person.
    const lastError = `${(error as Error).name}: ${(error as Error).message}`;
    return isRetryable(error) ? { ...training, lastError } : { ...training, lastError, nextCheckAt: null };
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url);
    try {
      if (request.method === "POST" && pathname === "/trainings") return await startTraining(request, env);
      const name = /^\/trainings\/([^/]+)$/.exec(pathname)?.[1];
      if (request.method === "GET" && name) {
        const training = await env.TRAININGS.get<Training>(decodeURIComponent(name), "json");
        return training ? Response.json(training) : Response.json({ error: "NotFound" }, { status: 404 });
      }
      return new Response('POST /trainings {"VersionName": …}, or GET /trainings/<VersionName>\n', { status: 404 });
    } catch (error) {
      return errorResponse(error);
    }
  },

  async scheduled(_controller: unknown, env: Env): Promise<void> {
    const client = clientFor(env);
    let cursor: string | undefined;
    do {
      const page = await env.TRAININGS.list(cursor ? { cursor } : {});
      for (const { name } of page.keys) {
        const training = await env.TRAININGS.get<Training>(name, "json");
        if (!training || training.nextCheckAt === null || training.nextCheckAt > Date.now()) continue;
        await env.TRAININGS.put(name, JSON.stringify(await check(training, env, client)));
      }
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
  },
};
