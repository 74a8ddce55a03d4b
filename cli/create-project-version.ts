/**
 * `rekognition-edge create-project-version`: starts training a version, and
 * with `--wait` waits for it with progress and prints the evaluation result.
 *
 * @module
 */
import { type CreateProjectVersionInput, CreateProjectVersionInputSchema } from "../src/operations/create-project-version.ts";
import { parseOrThrow } from "../src/validation.ts";
import { WaiterFailureError } from "../src/waiters.ts";
import { ArgumentError, parseFlags, parseStructureValue } from "./args.ts";
import {
  announceSimulation,
  demoProjectArn,
  EXIT,
  fileReader,
  GLOBAL_FLAGS,
  openSession,
  printJson,
  printWaitResult,
  recordedInput,
  recordedSession,
  reportError,
  SIMULATED_TRAINING_SECONDS,
  usage,
  WAIT_FLAGS,
  waitWithProgress,
} from "./common.ts";
import { type CliIO, processIO } from "./io.ts";

const FLAGS = {
  "project-arn": { type: "string", value: "<arn>", description: "The project to train a version of (with --simulate: a demo project)" },
  "version-name": { type: "string", value: "<name>", description: "A name for the version, unique in the project (with --simulate: demo-1)" },
  "output-config": { type: "string", value: "<config>", description: "Where results go: S3Bucket=b,S3KeyPrefix=p, JSON, or file://path" },
  "training-data": { type: "string", value: "<json>", description: "Training manifests (JSON or file://path); needs --testing-data" },
  "testing-data": { type: "string", value: "<json>", description: "Testing manifests, or AutoCreate=true (JSON, shorthand or file://path)" },
  "feature-config": { type: "string", value: "<json>", description: "Adapter settings, e.g. ContentModeration={ConfidenceThreshold=50}" },
  tags: { type: "string", value: "<tags>", description: "Tags: Key1=V1,Key2=V2 or JSON" },
  "kms-key-id": { type: "string", value: "<key>", description: "KMS key id, ARN or alias to encrypt training results" },
  "version-description": { type: "string", value: "<text>", description: "A description of the version" },
  ...WAIT_FLAGS,
  ...GLOBAL_FLAGS,
} as const;

const HELP = usage("create-project-version", "Creates a version of a Rekognition Custom Labels project (or adapter) and starts training it.", FLAGS, [
  "rekognition-edge create-project-version --simulate --wait --output text",
  "rekognition-edge create-project-version --project-arn arn:aws:rekognition:us-east-1:111122223333:project/my-project/1690474772815 \\",
  "    --version-name v1 --output-config S3Bucket=my-bucket,S3KeyPrefix=training/ --wait",
]);

/** Runs `create-project-version` with `args`; returns the exit code. */
export default async function createProjectVersionCommand(args: string[], io: CliIO = processIO()): Promise<number> {
  let operation = "CreateProjectVersion";
  try {
    const flags = parseFlags(args, FLAGS);
    if (flags.help) {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    // The input first: bad input is told before missing credentials.
    const recorded = await recordedSession(flags, io);
    const defaults = recorded ? recordedInput(recorded, "CreateProjectVersion") : flags.simulate ? await simulatedInput(flags.region) : undefined;
    const input = await inputOf(flags, io, defaults);
    parseOrThrow(CreateProjectVersionInputSchema, input, "CreateProjectVersion input");
    const session = await openSession(flags, io, recorded);
    announceSimulation(io, session);
    if (session.simulated && !session.replay) io.stderr.write(`SIMULATED: training takes ${SIMULATED_TRAINING_SECONDS} s here; on AWS, 30 minutes to a day.\n`);
    const { ProjectVersionArn } = await session.client.createProjectVersion(input);
    if (!flags.wait) {
      if (session.output === "json") printJson(io, { ProjectVersionArn, ...(session.simulated ? { Simulated: true } : {}) });
      else io.stdout.write(`${ProjectVersionArn}${session.simulated ? "\tSIMULATED" : ""}\n`);
      return EXIT.ok;
    }
    io.stderr.write(`Created ${ProjectVersionArn}\n`);
    operation = "DescribeProjectVersions";
    try {
      const description = await waitWithProgress(session, input, flags, io);
      printWaitResult(io, session, description, { ProjectVersionArn });
      return EXIT.ok;
    } catch (error) {
      if (error instanceof WaiterFailureError) printWaitResult(io, session, error.description, { ProjectVersionArn });
      throw error;
    }
  } catch (error) {
    return reportError(error, io, operation);
  }
}

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>;

/** What `--simulate` creates unless flags say otherwise: demo-1 in the Custom Labels demo project. */
async function simulatedInput(region: string | undefined): Promise<Record<string, unknown>> {
  return { ProjectArn: await demoProjectArn(region), VersionName: "demo-1", OutputConfig: { S3Bucket: "simulated-bucket", S3KeyPrefix: "rekognition-edge/" } };
}

/**
 * The CreateProjectVersion input the flags describe, over `defaults` (with
 * `--simulate`: the demo input, or the recorded session's first request).
 * Validated by the client, which names the member at fault.
 */
async function inputOf(flags: Flags, io: CliIO, defaults: Record<string, unknown> | undefined): Promise<CreateProjectVersionInput> {
  const readFile = fileReader(io);
  const structure = async (flag: keyof Flags & string, map = false) =>
    flags[flag] === undefined ? undefined : parseStructureValue(`--${flag}`, flags[flag] as string, readFile, { map });
  const given = {
    ProjectArn: flags["project-arn"],
    VersionName: flags["version-name"],
    OutputConfig: await structure("output-config"),
    TrainingData: await structure("training-data"),
    TestingData: await structure("testing-data"),
    FeatureConfig: await structure("feature-config"),
    Tags: await structure("tags", true),
    KmsKeyId: flags["kms-key-id"],
    VersionDescription: flags["version-description"],
  };
  const input = { ...defaults, ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) };
  for (const [flag, member] of [["--project-arn", "ProjectArn"], ["--version-name", "VersionName"], ["--output-config", "OutputConfig"]] as const) {
    if (input[member] === undefined) throw new ArgumentError("is required (or try --simulate)", flag);
  }
  return input as CreateProjectVersionInput;
}
