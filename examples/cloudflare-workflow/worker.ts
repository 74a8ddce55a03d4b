/**
 * A Cloudflare Worker that trains a batch of Rekognition Custom Labels
 * versions, each as one durable Workflow instance, without nodejs_compat:
 *
 * - `POST /trainings` `{"versions": [{"VersionName": "v1"}, …]}` starts one
 *   `TrainingWorkflow` instance per version of `PROJECT_ARN`. The instance id
 *   is derived from the project and the version name, so posting the same
 *   batch again starts nothing twice (answers `started: false` for those).
 * - `GET /trainings/<id>` tells where an instance stands: `{ id, status,
 *   output, error }` (status `queued`, `running`, `waiting`, `complete`,
 *   `errored`…; `output` is the trained version's summary).
 * - `TrainingWorkflow` runs `trainProjectVersion`: create (safe when a step is
 *   retried), wait out LimitExceededException, follow training to its end,
 *   all as durable steps that survive restarts and sleep without CPU.
 */
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import * as v from "valibot";
import { type CreateProjectVersionInput, CreateProjectVersionInputSchema, RekognitionClient, type ValidationIssue } from "rekognition-edge";
import { trainProjectVersion, type TrainProjectVersionOptions } from "rekognition-edge/workflows";

/** The bindings this Worker needs (wrangler.toml `[vars]`, secrets, and the Workflow). */
export interface Env {
  AWS_REGION: string;
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  /** A Rekognition-compatible endpoint instead of AWS, e.g. `rekognition-edge serve`. */
  REKOGNITION_ENDPOINT?: string;
  PROJECT_ARN: string;
  /** Where training results go (`s3://OUTPUT_BUCKET/trainings/<VersionName>/`). */
  OUTPUT_BUCKET: string;
  /** `minDelay`, `maxDelay` and `maxWaitTime` of trainProjectVersion, in seconds (defaults 120, 900, 172800). */
  MIN_DELAY_SECONDS?: string;
  MAX_DELAY_SECONDS?: string;
  MAX_WAIT_SECONDS?: string;
  TRAINING_WORKFLOW: WorkflowBinding<TrainingParams>;
}

/** The part of a Workflow binding used here (`Workflow` in @cloudflare/workers-types). */
interface WorkflowBinding<Params> {
  create(options: { id: string; params: Params }): Promise<WorkflowInstance>;
  /** Up to 100 instances in one call. */
  createBatch(batch: { id: string; params: Params }[]): Promise<WorkflowInstance[]>;
  /** Rejects when there is no instance of that id. */
  get(id: string): Promise<WorkflowInstance>;
}

interface WorkflowInstance {
  id: string;
  status(): Promise<{ status: string; output?: unknown; error?: unknown }>;
}

/** What one instance is given: a version to train. */
export interface TrainingParams {
  VersionName: string;
  VersionDescription?: string;
}

/** What an instance returns once its version is trained (`output` in its status). */
export interface TrainedVersion {
  ProjectVersionArn: string;
  Status: string;
  F1Score: number | null;
  BillableTrainingTimeInSeconds: number | null;
}

/** One entry of the answer to `POST /trainings`. */
export interface StartedTraining {
  id: string;
  VersionName: string;
  /** false: an instance for this version existed already. */
  started: boolean;
}

function clientFor(env: Env): RekognitionClient {
  const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  return new RekognitionClient({ region: env.AWS_REGION, credentials, ...(env.REKOGNITION_ENDPOINT ? { endpoint: env.REKOGNITION_ENDPOINT } : {}) });
}

function trainingInput(env: Env, { VersionName, VersionDescription }: TrainingParams): CreateProjectVersionInput {
  return {
    ProjectArn: env.PROJECT_ARN,
    VersionName,
    OutputConfig: { S3Bucket: env.OUTPUT_BUCKET, S3KeyPrefix: `trainings/${VersionName}/` },
    ...(VersionDescription === undefined ? {} : { VersionDescription }),
  };
}

function trainingOptions(env: Env): TrainProjectVersionOptions {
  const seconds = (text: string | undefined) => (text === undefined ? undefined : Number(text));
  const options: TrainProjectVersionOptions = {
    // Throttling, 5xx and network errors: each step tries again, 30 s, 1 min, 2 min… apart.
    stepConfig: { retries: { limit: 8, delay: "30 seconds", backoff: "exponential" }, timeout: "5 minutes" },
  };
  const minDelay = seconds(env.MIN_DELAY_SECONDS);
  const maxDelay = seconds(env.MAX_DELAY_SECONDS);
  const maxWaitTime = seconds(env.MAX_WAIT_SECONDS);
  if (minDelay !== undefined) options.minDelay = minDelay;
  if (maxDelay !== undefined) options.maxDelay = maxDelay;
  if (maxWaitTime !== undefined) options.maxWaitTime = maxWaitTime;
  return options;
}

/** One training, as durable steps. */
export class TrainingWorkflow extends WorkflowEntrypoint<Env, TrainingParams> {
  override async run(event: Readonly<WorkflowEvent<TrainingParams>>, step: WorkflowStep): Promise<TrainedVersion> {
    // Rejects with TrainingFailedError (training failed), WaiterTimeoutError (maxWaitTime passed) or a permanent
    // service error; uncaught, any of them ends the instance as `errored`, with the error's name and message.
    const version = await trainProjectVersion(step, clientFor(this.env), trainingInput(this.env, event.payload), trainingOptions(this.env));
    return {
      ProjectVersionArn: version.ProjectVersionArn!,
      Status: version.Status!,
      F1Score: version.EvaluationResult?.F1Score ?? null,
      BillableTrainingTimeInSeconds: version.BillableTrainingTimeInSeconds ?? null,
    };
  }
}

/**
 * The instance id of a version: readable, valid (`^[a-zA-Z0-9_][a-zA-Z0-9-_]*$`,
 * at most 64 characters) and the same for the same project and version name.
 */
export async function instanceIdOf(ProjectArn: string, VersionName: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${ProjectArn}\n${VersionName}`)));
  const hex = [...digest.slice(0, 12)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${VersionName.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 32)}-${hex}`;
}

/** The instance of that id, or null when there is none. */
async function instanceOf(env: Env, id: string): Promise<WorkflowInstance | null> {
  try {
    return await env.TRAINING_WORKFLOW.get(id);
  } catch {
    return null;
  }
}

/**
 * Versions per request: a `get` per version and one `createBatch` stay within
 * the free plan's 50 subrequests per request (if binding calls count as such).
 */
const MAX_BATCH = 25;

const TrainingRequestSchema = v.object({
  versions: v.pipe(
    v.array(v.object({ VersionName: v.string(), VersionDescription: v.optional(v.string()) })),
    v.minLength(1, "must list at least one version"),
    v.maxLength(MAX_BATCH, `must list at most ${MAX_BATCH} versions`),
  ),
});

function badRequest(issues: ValidationIssue[]): Response {
  return Response.json({ error: "ValidationError", issues }, { status: 400 });
}

async function startTrainings(request: Request, env: Env): Promise<Response> {
  const parsed = v.safeParse(TrainingRequestSchema, await request.json().catch(() => undefined));
  if (!parsed.success) return badRequest(parsed.issues.map((issue) => ({ path: v.getDotPath(issue) ?? "", message: issue.message })));
  // Every version is checked before any instance starts: a bad name refuses the whole batch.
  const issues = parsed.output.versions.flatMap((params, index) => {
    const checked = v.safeParse(CreateProjectVersionInputSchema, trainingInput(env, params));
    return checked.success ? [] : checked.issues.map((issue) => ({ path: `versions[${index}].${v.getDotPath(issue) ?? ""}`, message: issue.message }));
  });
  if (issues.length > 0) return badRequest(issues);

  const trainings = await Promise.all(
    parsed.output.versions.map(async (params) => {
      const id = await instanceIdOf(env.PROJECT_ARN, params.VersionName);
      return { id, params, started: !(await instanceOf(env, id)) };
    }),
  );
  const fresh = trainings.filter(({ started }) => started);
  if (fresh.length > 0) {
    try {
      await env.TRAINING_WORKFLOW.createBatch(fresh.map(({ id, params }) => ({ id, params })));
    } catch {
      // A concurrent POST may have created some of them: create the others one by one.
      for (const training of fresh) {
        if (await instanceOf(env, training.id)) training.started = false;
        else await env.TRAINING_WORKFLOW.create({ id: training.id, params: training.params });
      }
    }
  }
  const answer: StartedTraining[] = trainings.map(({ id, params, started }) => ({ id, VersionName: params.VersionName, started }));
  return Response.json({ trainings: answer }, { status: 202 });
}

async function readTraining(env: Env, id: string): Promise<Response> {
  const instance = await instanceOf(env, id);
  if (!instance) return Response.json({ error: "NotFound", id }, { status: 404 });
  const { status, output = null, error = null } = await instance.status();
  return Response.json({ id, status, output, error });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (request.method === "POST" && pathname === "/trainings") return startTrainings(request, env);
    const id = /^\/trainings\/([A-Za-z0-9_-]+)$/.exec(pathname)?.[1];
    if (request.method === "GET" && id) return readTraining(env, id);
    return new Response('POST /trainings {"versions": [{"VersionName": …}]}, or GET /trainings/<id>\n', { status: 404 });
  },
};
