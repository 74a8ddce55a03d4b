/**
 * What a simulator starts with unless told otherwise: AWS's documented example
 * credentials, region and account, the demo projects, and the VersionName
 * prefixes that trigger a failed training or a lost answer. A module of its
 * own, so the recorder, the replayer and the anonymizer take these defaults
 * without the simulator.
 *
 * @module
 */

/** AWS's documented example credentials: what the simulator accepts by default. */
export const SIMULATOR_CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
} as const;

/** The region of a simulator unless told otherwise. */
export const DEFAULT_REGION = "us-east-1";

/** The account of the demo projects, and of a simulator unless told otherwise (`111122223333`, AWS's documentation example); `--anonymize` puts it in recordings. */
export const DEMO_ACCOUNT_ID = "111122223333";

/** The ARNs of a simulator's demo projects. */
export interface DemoProjects {
  /** CUSTOM_LABELS, no datasets: train with `TrainingData` + `TestingData` manifests (or none). */
  readonly customLabels: string;
  /** CONTENT_MODERATION (adapters), no datasets. */
  readonly moderation: string;
  /** CUSTOM_LABELS with datasets: manifests are refused. */
  readonly withDatasets: string;
}

/** The ARNs of the demo projects of a simulator in `region` and `accountId`. */
export function demoProjects(region: string = DEFAULT_REGION, accountId: string = DEMO_ACCOUNT_ID): DemoProjects {
  const arn = (name: string, createdAt: number) => `arn:aws:rekognition:${region}:${accountId}:project/${name}/${createdAt}`;
  return {
    customLabels: arn("demo-custom-labels", 1700000000000),
    moderation: arn("demo-moderation", 1700000000001),
    withDatasets: arn("demo-with-datasets", 1700000000002),
  };
}

/** The ARNs of the projects a simulator starts with (unless `seedDemoProjects: false`), in its default region and account. */
export const DEMO_PROJECTS: DemoProjects = /* @__PURE__ */ demoProjects();

/** A VersionName starting with this creates a version whose training fails. */
export const TRAINING_FAILED_PREFIX = "fixture-TrainingFailed";
/** A VersionName starting with this creates the version and loses the answer (the connection drops), once. */
export const LOST_ANSWER_PREFIX = "fixture-LostAnswer";
