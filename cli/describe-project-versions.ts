/**
 * `rekognition-edge describe-project-versions`: lists a project's versions
 * (every page, newest first), and with `--wait` waits for one to finish training.
 *
 * @module
 */
import type { ProjectVersionDescription } from "../src/operations/describe-project-versions.ts";
import { type DescribeProjectVersionsInput, DescribeProjectVersionsInputSchema } from "../src/operations/describe-project-versions.ts";
import { paginateProjectVersions } from "../src/paginate.ts";
import { parseOrThrow } from "../src/validation.ts";
import { WaiterFailureError } from "../src/waiters.ts";
import { ArgumentError, parseFlags, parseInteger } from "./args.ts";
import {
  announceSimulation,
  demoProjectArn,
  EXIT,
  GLOBAL_FLAGS,
  openSession,
  printJson,
  printWaitResult,
  recordedInput,
  recordedSession,
  reportError,
  type Session,
  usage,
  versionNameOf,
  WAIT_FLAGS,
  waitWithProgress,
} from "./common.ts";
import { type CliIO, processIO } from "./io.ts";

const FLAGS = {
  "project-arn": { type: "string", value: "<arn>", description: "The project (with --simulate: a demo project)" },
  "version-names": { type: "list", value: "<name>...", description: "Only these versions (1 to 10 names, space- or comma-separated)" },
  "max-results": { type: "string", value: "<n>", description: "Versions per page, 1 to 100 (every page is fetched unless --no-paginate)" },
  "starting-token": { type: "string", value: "<token>", description: "Start from this NextToken" },
  "no-paginate": { type: "boolean", description: "Fetch one page only, and print its NextToken" },
  ...WAIT_FLAGS,
  ...GLOBAL_FLAGS,
} as const;

const HELP = usage(
  "describe-project-versions",
  "Describes the versions of a project, newest first: status, evaluation result, training time. With --wait and one\nversion name, waits for its training to end.",
  FLAGS,
  [
    "rekognition-edge describe-project-versions --project-arn arn:aws:rekognition:us-east-1:111122223333:project/my-project/1690474772815",
    "rekognition-edge describe-project-versions --project-arn <arn> --version-names v1 --wait --output text",
  ],
);

/** Runs `describe-project-versions` with `args`; returns the exit code. */
export default async function describeProjectVersionsCommand(args: string[], io: CliIO = processIO()): Promise<number> {
  try {
    const flags = parseFlags(args, FLAGS);
    if (flags.help) {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    const recorded = await recordedSession(flags, io);
    const recordedProject = recorded && (recordedInput(recorded, "DescribeProjectVersions") ?? recordedInput(recorded, "CreateProjectVersion"))?.ProjectArn;
    const ProjectArn = flags["project-arn"] ??
      (typeof recordedProject === "string" ? recordedProject : flags.simulate ? await demoProjectArn(flags.region) : undefined);
    if (ProjectArn === undefined) throw new ArgumentError("is required (or try --simulate)", "--project-arn");
    const input: DescribeProjectVersionsInput = { ProjectArn };
    if (flags["version-names"] !== undefined) input.VersionNames = flags["version-names"];
    if (flags["max-results"] !== undefined) input.MaxResults = parseInteger("--max-results", flags["max-results"], 1, 100);
    if (flags["starting-token"] !== undefined) input.NextToken = flags["starting-token"];
    parseOrThrow(DescribeProjectVersionsInputSchema, input, "DescribeProjectVersions input");
    if (flags.wait && input.VersionNames?.length !== 1) throw new ArgumentError("needs exactly one name in --version-names", "--wait");
    const session = await openSession(flags, io, recorded);
    announceSimulation(io, session);
    if (flags.wait) {
      const target = { ProjectArn, VersionName: input.VersionNames![0]! };
      try {
        printWaitResult(io, session, await waitWithProgress(session, target, flags, io));
        return EXIT.ok;
      } catch (error) {
        if (error instanceof WaiterFailureError) printWaitResult(io, session, error.description);
        throw error;
      }
    }
    const descriptions: ProjectVersionDescription[] = [];
    let NextToken: string | undefined;
    for await (const page of paginateProjectVersions(session.client, input)) {
      descriptions.push(...(page.ProjectVersionDescriptions ?? []));
      NextToken = page.NextToken;
      if (flags["no-paginate"]) break;
    }
    print(io, session, descriptions, NextToken);
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io, "DescribeProjectVersions");
  }
}

function print(io: CliIO, session: Session, descriptions: ProjectVersionDescription[], NextToken: string | undefined): void {
  if (session.output === "json") {
    printJson(io, { ProjectVersionDescriptions: descriptions, ...(NextToken ? { NextToken } : {}), ...(session.simulated ? { Simulated: true } : {}) });
    return;
  }
  // One tab-separated row per version, for cut and awk: name, status, created, F1 score, ARN.
  for (const description of descriptions) {
    const f1 = description.EvaluationResult?.F1Score;
    const cells = [
      versionNameOf(description.ProjectVersionArn) ?? "-",
      description.Status ?? "-",
      description.CreationTimestamp?.toISOString() ?? "-",
      f1 === undefined ? "-" : f1.toFixed(3),
      description.ProjectVersionArn ?? "-",
    ];
    io.stdout.write(`${cells.join("\t")}${session.simulated ? "\tSIMULATED" : ""}\n`);
  }
  if (NextToken) io.stdout.write(`NEXTTOKEN\t${NextToken}\n`);
}
