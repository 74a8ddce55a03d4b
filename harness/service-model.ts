/**
 * The simulated service itself, without HTTP: its projects and versions, the
 * rules of CreateProjectVersion and DescribeProjectVersions, its clocks (the
 * service's, which may be skewed; the training clock, which may be moved
 * ahead), page tokens and generated values. The request pipeline asks it for
 * an operation's outcome (data, which the pipeline puts on the wire); the
 * admin methods change it. Pure TypeScript.
 *
 * @module
 */
import * as v from "valibot";
import { type Clock, systemClock } from "../src/clock.ts";
import { CreateProjectVersionInputSchema } from "../src/operations/create-project-version.ts";
import { DescribeProjectVersionsInputSchema } from "../src/operations/describe-project-versions.ts";
import { ProjectArnSchema } from "../src/shapes.ts";
import { findTriggeredScenario, type Scenario, type ScenarioOperation, SCENARIOS } from "../fixtures/scenarios.ts";
import {
  type AddProjectInput,
  AddProjectSchema,
  checkedInput,
  ControlPlaneError,
  describeIssues,
  SecondsSchema,
  SetVersionStatusSchema,
  type VersionStatusChange,
} from "./admin-input.ts";
import { DEFAULT_REGION, DEMO_ACCOUNT_ID, demoProjects, TRAINING_FAILED_PREFIX } from "./demo.ts";
import { RandomSource } from "./random.ts";
import {
  type CustomizationFeature,
  describeVersion,
  progressOf,
  type SimulatedProject,
  type SimulatedVersion,
  timelineOf,
  type VersionTransition,
} from "./version-description.ts";

/**
 * What the service decided for one call: its output (HTTP 200), a modeled
 * error (HTTP 400), or the answer of the contract scenario the input
 * triggers (with its version ARNs moved under `projectArn` when given).
 */
export type ServiceOutcome =
  | { output: Record<string, unknown> }
  | { error: { type: string; message: string } }
  | { scenario: Scenario; projectArn?: string };

/** What changed in the model, for change listeners. */
export type ModelChange = "projects" | "versions" | "clock";

/** Options of {@link ServiceModel}: the simulator's, less those of the wire. */
export interface ServiceModelOptions {
  /** The clock under the service's. Default: the system clock. */
  clock?: Clock | undefined;
  /** How long training takes on that clock, in seconds. Default 3. */
  trainingSeconds?: number | undefined;
  /** Start (and reset) with the three demo projects. Default true. */
  seedDemoProjects?: boolean | undefined;
  /** The service's region. Default `us-east-1`. */
  region?: string | undefined;
  /** The account projects belong to. Default `111122223333`. */
  accountId?: string | undefined;
  /** Makes every generated value repeat from run to run. */
  seed?: number | undefined;
  /** At most this many versions in TRAINING_IN_PROGRESS. Default: no limit. */
  maxConcurrentTrainings?: number | undefined;
  /** Told after every change of projects, versions or clocks. */
  onChange?: ((change: ModelChange) => void) | undefined;
}

/** What {@link RekognitionSimulator.versions} tells about a version. */
export interface SimulatedVersionInfo {
  /** Its VersionName. */
  name: string;
  /** Its ProjectVersionArn. */
  arn: string;
  /** Epoch ms on the service's clock. */
  createdAt: number;
  /** Its status now. */
  status: string;
}

/** The clocks of the simulator (`POST /__admin/clock/…`). */
export interface ClockState {
  /** The service's time (ISO 8601): the clock given, plus the skew. `Date` headers and signature checks use it. */
  time: string;
  /** How far the service's clock is set from the clock given, in seconds. */
  skewSeconds: number;
  /** How far the training clock has been moved ahead of the service's, in seconds. */
  advancedSeconds: number;
}

/** One project in {@link SimulatorState}. */
export interface ProjectState {
  /** The project's ARN. */
  ProjectArn: string;
  /** Its customization feature. */
  Feature: CustomizationFeature;
  /** Whether it has datasets (then manifests are refused). */
  Datasets: boolean;
  /** Its versions, newest first, as `ProjectVersionDescription`s on the wire. */
  Versions: Record<string, unknown>[];
  /** Each version's transitions, oldest first, by VersionName. */
  Timelines: Record<string, VersionTransition[]>;
}

/** Everything the simulator holds (`GET /__admin/state`). */
export interface SimulatorState {
  /** Every project, in the order they were added. */
  projects: ProjectState[];
  /** The clocks. */
  clock: ClockState;
}

interface PageCursor {
  projectArn: string;
  filter: string;
  afterSeq: number;
}

const MAX_PAGE_TOKENS = 10_000;
/** Seeded, ARN times run on from here instead of the clock (so they repeat). */
const SEEDED_ARN_EPOCH = Date.UTC(2026, 0, 1);
/** Rekognition's text for its concurrent-training quota (the LimitExceededException scenario's). */
const TRAINING_LIMIT_MESSAGE = (SCENARIOS["create-LimitExceededException"].response.body as { Message: string }).Message;

/** `Request has invalid parameters: <what>` from valibot issues, paths written as in the API. */
function invalidParameters(issues: readonly v.BaseIssue<unknown>[], schema: v.GenericSchema): ServiceOutcome {
  return { error: { type: "InvalidParameterException", message: `Request has invalid parameters: ${describeIssues(issues, schema)}` } };
}

const modeledError = (type: string, message: string): ServiceOutcome => ({ error: { type, message } });

function trainingMsOf(seconds: number): number {
  if (!(Number.isFinite(seconds) && seconds >= 0)) throw new RangeError(`trainingSeconds must be a finite number ≥ 0, got ${seconds}`);
  return seconds * 1000;
}

/** A page of versions, newest first, and whether more follow it. */
interface VersionPage {
  page: SimulatedVersion[];
  more: boolean;
}

/**
 * The page of the versions created before `afterSeq` (newest first), read off the project's creation order: a
 * binary search for where the page starts, then `size` lookups, whatever the number of versions.
 */
function newestPage(project: SimulatedProject, afterSeq: number, size: number): VersionPage {
  const { created, versions } = project;
  const seqAt = (index: number) => versions.get(created[index]!)!.seq;
  let end = created.length; // the first index whose seq is ≥ afterSeq
  if (afterSeq !== Infinity) {
    let low = 0;
    while (low < end) {
      const middle = (low + end) >>> 1;
      if (seqAt(middle) < afterSeq) low = middle + 1;
      else end = middle;
    }
  }
  const page: SimulatedVersion[] = [];
  for (let index = end - 1; index >= 0 && page.length < size; index--) page.push(versions.get(created[index]!)!);
  return { page, more: end - page.length > 0 };
}

/** The page of the named versions created before `afterSeq` (newest first): a lookup per name (at most 10 names). */
function namedPage(project: SimulatedProject, names: readonly string[], afterSeq: number, size: number): VersionPage {
  const matching = [...new Set(names)]
    .map((name) => project.versions.get(name))
    .filter((version): version is SimulatedVersion => version !== undefined && version.seq < afterSeq)
    .sort((a, b) => b.seq - a.seq);
  return { page: matching.slice(0, size), more: matching.length > size };
}

/** The simulated service's state and rules. */
export class ServiceModel {
  /** The service's region. */
  readonly region: string;
  /** The account its projects belong to. */
  readonly accountId: string;
  /** Where every generated value comes from: request ids and Logrefs too, so a seeded run repeats whole. */
  readonly random: RandomSource;
  /** The cap on versions in training, if any. */
  readonly maxConcurrentTrainings: number | undefined;
  readonly #clock: Clock;
  readonly #seedDemoProjects: boolean;
  readonly #onChange: ((change: ModelChange) => void) | undefined;
  readonly #projects = new Map<string, SimulatedProject>();
  /** The projects' names: a name is taken once. */
  readonly #projectNames = new Set<string>();
  readonly #pageTokens = new Map<string, PageCursor>();
  /**
   * The versions that may be training (kept only under {@link maxConcurrentTrainings}): each create adds one, a
   * count drops those it finds finished. Finished stays finished while the training clock only moves forward, so
   * each create costs O(1) amortised instead of a pass over every version; a skew change (which can move the
   * training clock back) rebuilds it.
   */
  readonly #mayBeTraining = new Set<SimulatedVersion>();
  #trainingMs: number;
  #sequence = 0;
  #skewMs = 0;
  #advancedMs = 0;
  #lastArnTime = SEEDED_ARN_EPOCH;

  /** A model with the demo projects (unless told otherwise); throws RangeError for a bad option. */
  constructor(options: ServiceModelOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#trainingMs = trainingMsOf(options.trainingSeconds ?? 3);
    this.region = options.region ?? DEFAULT_REGION;
    this.accountId = options.accountId ?? DEMO_ACCOUNT_ID;
    if (!/^[a-z]{2}(-[a-z0-9]+)+-\d+$/.test(this.region)) {
      throw new RangeError(`region must be a region name such as us-east-1, got ${JSON.stringify(this.region)}`);
    }
    if (!/^\d{12}$/.test(this.accountId)) throw new RangeError(`accountId must be 12 digits, got ${JSON.stringify(this.accountId)}`);
    const limit = options.maxConcurrentTrainings;
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new RangeError(`maxConcurrentTrainings must be an integer ≥ 0, got ${limit}`);
    this.maxConcurrentTrainings = limit;
    this.random = new RandomSource(options.seed);
    this.#seedDemoProjects = options.seedDemoProjects ?? true;
    this.#onChange = options.onChange;
    this.reset();
  }

  /** How long training of versions created from now on takes, in seconds. */
  get trainingSeconds(): number {
    return this.#trainingMs / 1000;
  }

  set trainingSeconds(seconds: number) {
    this.#trainingMs = trainingMsOf(seconds);
  }

  /** The service's clock, epoch ms: the clock given plus the skew. */
  now(): number {
    return this.#clock.now() + this.#skewMs;
  }

  /** The training clock: the service's plus the time it was moved ahead. */
  #trainingNow(): number {
    return this.now() + this.#advancedMs;
  }

  /** Back to the start: the demo projects (if it started with them), no versions, the clocks as given, the seeded values from their start. */
  reset(): void {
    this.#projects.clear();
    this.#projectNames.clear();
    this.#pageTokens.clear();
    this.#mayBeTraining.clear();
    this.#sequence = 0;
    this.#skewMs = 0;
    this.#advancedMs = 0;
    this.#lastArnTime = SEEDED_ARN_EPOCH;
    this.random.restart();
    if (!this.#seedDemoProjects) return;
    const demo = demoProjects(this.region, this.accountId);
    this.#addProjectArn(demo.customLabels, "CUSTOM_LABELS", false);
    this.#addProjectArn(demo.moderation, "CONTENT_MODERATION", false);
    this.#addProjectArn(demo.withDatasets, "CUSTOM_LABELS", true);
  }

  /** Every project and its versions (newest first, as DescribeProjectVersions would show them), and the clocks. */
  state(): SimulatorState {
    const projects = [...this.#projects.values()].map((project) => ({
      ProjectArn: project.arn,
      Feature: project.feature,
      Datasets: project.hasDatasets,
      Versions: this.#newestFirst(project).map((version) => describeVersion(version, this.#trainingNow())),
      Timelines: Object.fromEntries([...project.versions.values()].map((version) => [version.name, timelineOf(version, this.#trainingNow())])),
    }));
    return { projects, clock: this.clockState() };
  }

  /** The clocks now. */
  clockState(): ClockState {
    return { time: new Date(this.now()).toISOString(), skewSeconds: this.#skewMs / 1000, advancedSeconds: this.#advancedMs / 1000 };
  }

  /** The versions of a project, newest first, with their status now; throws for an unknown project. */
  versions(projectArn: string): SimulatedVersionInfo[] {
    const project = this.#projects.get(projectArn);
    if (!project) throw new Error(`no such project: ${projectArn}`);
    return this.#newestFirst(project).map((version) => ({
      name: version.name,
      arn: version.arn,
      createdAt: version.createdAt,
      status: progressOf(version, this.#trainingNow()).status,
    }));
  }

  /** Adds a project in the model's region and account. Throws {@link ControlPlaneError} 400 for a bad name, 409 for a name in use. */
  addProject(project: AddProjectInput): { ProjectArn: string } {
    const { ProjectName, Feature, Datasets } = checkedInput(AddProjectSchema, project);
    if (this.#projectNames.has(ProjectName)) {
      throw new ControlPlaneError(409, `a project named ${ProjectName} already exists`);
    }
    const arn = `arn:aws:rekognition:${this.region}:${this.accountId}:project/${ProjectName}/${this.#arnTime()}`;
    if (!v.is(ProjectArnSchema, arn)) throw new ControlPlaneError(400, `not a valid project ARN: ${arn}`);
    this.#addProjectArn(arn, Feature, Datasets);
    this.#onChange?.("projects");
    return { ProjectArn: arn };
  }

  #addProjectArn(arn: string, feature: CustomizationFeature, hasDatasets: boolean): void {
    const name = arn.split("/")[1]!;
    this.#projects.set(arn, { arn, name, feature, hasDatasets, versions: new Map(), created: [] });
    this.#projectNames.add(name);
  }

  /** Sets a version's status to any value; it stays there. Throws {@link ControlPlaneError} 404 for an unknown project or version. */
  setVersionStatus(change: VersionStatusChange): { ProjectVersionDescription: Record<string, unknown> } {
    const { ProjectArn, VersionName, Status, StatusMessage } = checkedInput(SetVersionStatusSchema, change);
    const project = this.#projects.get(ProjectArn);
    if (!project) throw new ControlPlaneError(404, `no project ${ProjectArn}`);
    const version = project.versions.get(VersionName);
    if (!version) throw new ControlPlaneError(404, `no version ${VersionName} in project ${ProjectArn}`);
    const trainedMs = Math.min(version.trainingMs, this.#trainingNow() - version.trainingStartedAt);
    const override = { status: Status, trainedMs, ...(StatusMessage === undefined ? {} : { message: StatusMessage }), at: this.now() };
    const changed = { ...version, override, statusChanges: [...(version.statusChanges ?? []), override] };
    project.versions.set(VersionName, changed);
    this.#mayBeTraining.delete(version);
    this.#trackTraining(changed); // counted only when set to TRAINING_IN_PROGRESS
    this.#onChange?.("versions");
    return { ProjectVersionDescription: describeVersion(changed, this.#trainingNow()) };
  }

  /** Moves the training clock ahead (never back: ControlPlaneError 400). */
  advanceClock(seconds: number): ClockState {
    const { seconds: checkedSeconds } = checkedInput(SecondsSchema, { seconds });
    if (checkedSeconds < 0) throw new ControlPlaneError(400, "seconds must be ≥ 0: the training clock only moves forward");
    this.#advancedMs += checkedSeconds * 1000;
    this.#onChange?.("clock");
    return this.clockState();
  }

  /** Sets how far the service's clock is from the clock given (negative: behind). */
  setClockSkew(seconds: number): ClockState {
    this.#skewMs = checkedInput(SecondsSchema, { seconds }).seconds * 1000;
    // A smaller skew moves the training clock back: versions that had finished may be training again.
    if (this.maxConcurrentTrainings !== undefined) {
      for (const project of this.#projects.values()) for (const version of project.versions.values()) this.#trackTraining(version);
    }
    this.#onChange?.("clock");
    return this.clockState();
  }

  /** The outcome of an operation on an input (a JSON object, null members dropped). Checking a name and inserting it happen in one turn: nothing awaits. */
  call(operation: ScenarioOperation, input: Record<string, unknown>): ServiceOutcome {
    return operation === "CreateProjectVersion" ? this.#createProjectVersion(input) : this.#describeProjectVersions(input);
  }

  #createProjectVersion(body: Record<string, unknown>): ServiceOutcome {
    const parsed = v.safeParse(CreateProjectVersionInputSchema, body);
    if (!parsed.success) return invalidParameters(parsed.issues, CreateProjectVersionInputSchema);
    // The schema is the client's: it also refuses what the service does beyond the model (TrainingData without
    // TestingData, manifests without Assets), as InvalidParameterException.
    const input = parsed.output;
    const project = this.#projects.get(input.ProjectArn);
    if (!project) return modeledError("ResourceNotFoundException", `The project ${input.ProjectArn} was not found.`);
    const triggered = findTriggeredScenario("CreateProjectVersion", body);
    if (triggered) return { scenario: triggered };
    if (project.versions.has(input.VersionName)) {
      return modeledError("ResourceInUseException", `The version name ${input.VersionName} is already in use in project ${project.arn}.`);
    }
    if (input.TrainingData !== undefined && project.hasDatasets) {
      return modeledError(
        "InvalidParameterException",
        `Request has invalid parameters: TrainingData and TestingData can't be given for project ${project.arn}: it has datasets; train with its datasets instead.`,
      );
    }
    if (input.FeatureConfig?.ContentModeration !== undefined && project.feature !== "CONTENT_MODERATION") {
      return modeledError(
        "InvalidParameterException",
        `Request has invalid parameters: FeatureConfig.ContentModeration does not match the feature of project ${project.arn} (${project.feature}).`,
      );
    }
    if (this.maxConcurrentTrainings !== undefined && this.#inTraining() >= this.maxConcurrentTrainings) {
      return modeledError("LimitExceededException", TRAINING_LIMIT_MESSAGE);
    }
    const version: SimulatedVersion = {
      seq: ++this.#sequence,
      name: input.VersionName,
      arn: `${project.arn.replace(/\/\d+$/, "")}/version/${input.VersionName}/${this.#arnTime()}`,
      createdAt: this.now(),
      trainingStartedAt: this.#trainingNow(),
      trainingMs: this.#trainingMs,
      fails: input.VersionName.startsWith(TRAINING_FAILED_PREFIX),
      f1Score: Math.round((0.85 + 0.14 * this.random.next()) * 1000) / 1000,
      input,
      project,
    };
    project.versions.set(version.name, version);
    project.created.push(version.name);
    this.#trackTraining(version);
    this.#onChange?.("versions");
    return { output: { ProjectVersionArn: version.arn } };
  }

  /** Counts `version` among those that may be training, under a cap only (without one, nothing counts them). */
  #trackTraining(version: SimulatedVersion): void {
    if (this.maxConcurrentTrainings !== undefined && (version.override === undefined || version.override.status === "TRAINING_IN_PROGRESS")) {
      this.#mayBeTraining.add(version);
    }
  }

  /** How many versions are training now; those found finished leave the count's set (a status set to TRAINING_IN_PROGRESS never finishes). */
  #inTraining(): number {
    const trainingNow = this.#trainingNow();
    let count = 0;
    for (const version of this.#mayBeTraining) {
      if (progressOf(version, trainingNow).status === "TRAINING_IN_PROGRESS") count++;
      else this.#mayBeTraining.delete(version); // set statuses other than TRAINING_IN_PROGRESS never enter
    }
    return count;
  }

  /** The epoch ms an ARN carries: the service's clock, or (seeded) a repeatable run of times. */
  #arnTime(): number {
    if (this.random.seed === undefined) return Math.floor(this.now());
    this.#lastArnTime += 1 + Math.floor(this.random.next() * 60_000);
    return this.#lastArnTime;
  }

  #describeProjectVersions(body: Record<string, unknown>): ServiceOutcome {
    const parsed = v.safeParse(DescribeProjectVersionsInputSchema, body);
    if (!parsed.success) return invalidParameters(parsed.issues, DescribeProjectVersionsInputSchema);
    const { ProjectArn, VersionNames, NextToken, MaxResults = 100 } = parsed.output;
    const project = this.#projects.get(ProjectArn);
    if (!project) return modeledError("ResourceNotFoundException", `The project ${ProjectArn} was not found.`);
    const triggered = findTriggeredScenario("DescribeProjectVersions", body);
    if (triggered) return { scenario: triggered, projectArn: ProjectArn };
    const filter = JSON.stringify(VersionNames ? [...new Set(VersionNames)].sort() : null);
    let afterSeq = Infinity;
    if (NextToken) {
      const cursor = this.#pageTokens.get(NextToken);
      if (!cursor || cursor.projectArn !== ProjectArn || cursor.filter !== filter) {
        return modeledError("InvalidPaginationTokenException", "The pagination token is invalid.");
      }
      afterSeq = cursor.afterSeq;
    }
    const { page, more } = VersionNames ? namedPage(project, VersionNames, afterSeq, MaxResults) : newestPage(project, afterSeq, MaxResults);
    const trainingNow = this.#trainingNow();
    const output: { ProjectVersionDescriptions: unknown[]; NextToken?: string } = {
      ProjectVersionDescriptions: page.map((version) => describeVersion(version, trainingNow)),
    };
    if (more) output.NextToken = this.#issuePageToken({ projectArn: ProjectArn, filter, afterSeq: page.at(-1)!.seq });
    return { output };
  }

  #newestFirst(project: SimulatedProject): SimulatedVersion[] {
    return project.created.map((name) => project.versions.get(name)!).reverse();
  }

  /** An opaque token for the page after a cursor; unknown tokens are refused. */
  #issuePageToken(cursor: PageCursor): string {
    if (this.#pageTokens.size >= MAX_PAGE_TOKENS) this.#pageTokens.delete(this.#pageTokens.keys().next().value!);
    const token = btoa(`${this.random.uuid()}:${cursor.afterSeq}`).replace(/=+$/, "");
    this.#pageTokens.set(token, cursor);
    return token;
  }
}
