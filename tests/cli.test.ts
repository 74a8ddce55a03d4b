/**
 * The CLI: argument parsing (shorthand, JSON, file://, lists), credentials and
 * region as the AWS CLI finds them, progress, and the commands run as
 * functions with an injected runtime; one run of the real entry as a subprocess.
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { ArgumentError, parseFlags, parseShorthand, parseStructureValue } from "../cli/args.ts";
import createProjectVersion from "../cli/create-project-version.ts";
import { ConfigurationError, loadAwsSettings, parseIni } from "../cli/credentials.ts";
import describeProjectVersions from "../cli/describe-project-versions.ts";
import type { CliIO } from "../cli/io.ts";
import { formatDuration, WaitProgress } from "../cli/progress.ts";
import type { Transport } from "../mod.ts";
import { VirtualClock } from "../harness/clock.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { awsError } from "./helpers.ts";

// ---------------------------------------------------------------------------
// A runtime for the commands: env, files, captured output, a virtual clock
// ---------------------------------------------------------------------------

interface FakeRuntime {
  env?: Record<string, string>;
  files?: Record<string, string>;
  isTTY?: boolean;
  fetch?: Transport;
  clock?: VirtualClock;
}

function fakeIO({ env = {}, files = {}, isTTY = false, fetch, clock = new VirtualClock({ start: Date.now() }) }: FakeRuntime = {}) {
  let out = "";
  let err = "";
  const tickers: (() => void)[] = [];
  let stopped = 0;
  const io: CliIO = {
    env,
    stdout: { write: (text) => void (out += text), isTTY: false },
    stderr: { write: (text) => void (err += text), isTTY },
    readFile: async (path) => {
      if (path in files) return files[path]!;
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" });
    },
    homeDir: "/home/user",
    clock,
    every: (_ms, tick) => {
      tickers.push(tick);
      return () => void stopped++;
    },
    ...(fetch ? { fetch } : {}),
  };
  return { io, stdout: () => out, stderr: () => err, tickers, stopped: () => stopped };
}

/** A simulator on a virtual clock, reached with the example credentials from the environment (the real-AWS path of the CLI). */
function simulatedAws() {
  const clock = new VirtualClock({ start: Date.now() });
  const simulator = new RekognitionSimulator({ clock, trainingSeconds: 1800 });
  const bodies: Record<string, unknown>[] = [];
  const fetch: Transport = async (url, init) => {
    bodies.push(JSON.parse(String(init.body)));
    return simulator.fetch(url, init);
  };
  const env = { AWS_ACCESS_KEY_ID: SIMULATOR_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: SIMULATOR_CREDENTIALS.secretAccessKey, AWS_REGION: "us-east-1" };
  return { clock, simulator, fetch, bodies, env };
}

// ---------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------

describe("shorthand", () => {
  test("Key=Value pairs, as the AWS CLI writes structures and maps", () => {
    expect(parseShorthand("S3Bucket=b,S3KeyPrefix=p")).toEqual({ S3Bucket: "b", S3KeyPrefix: "p" });
    expect(parseShorthand("S3Bucket=b, S3KeyPrefix=")).toEqual({ S3Bucket: "b", S3KeyPrefix: "" });
    expect(parseShorthand("team=vision,cost:center=42")).toEqual({ team: "vision", "cost:center": "42" });
    expect(parseShorthand("token=a=b==")).toEqual({ token: "a=b==" });
  });

  test("quoted values keep commas and brackets; nested structures and lists", () => {
    expect(parseShorthand(`Key="a, b",Other='{x}'`)).toEqual({ Key: "a, b", Other: "{x}" });
    expect(parseShorthand(`Key="say \\"hi\\""`)).toEqual({ Key: 'say "hi"' });
    expect(parseShorthand("ContentModeration={ConfidenceThreshold=50}")).toEqual({ ContentModeration: { ConfidenceThreshold: "50" } });
    expect(parseShorthand("Assets=[{GroundTruthManifest={S3Object={Bucket=b,Name=train.manifest}}}],AutoCreate=false")).toEqual({
      Assets: [{ GroundTruthManifest: { S3Object: { Bucket: "b", Name: "train.manifest" } } }],
      AutoCreate: "false",
    });
    expect(parseShorthand("List=[a, b,c],Empty=[],None={}")).toEqual({ List: ["a", "b", "c"], Empty: [], None: {} });
  });

  test("nonsense is refused with where it stopped making sense", () => {
    for (const bad of ["novalue", "a=1,", "=1", "a={b=1", "a=[1,2", `a="open`, "a=1,a=2", "a=[1]x"]) {
      expect(() => parseShorthand(bad)).toThrow(/at character \d+ of shorthand|given twice/);
    }
  });
});

describe("structure values: JSON, file://, shorthand", () => {
  const reader = (files: Record<string, string>) => async (path: string) => {
    if (path in files) return files[path]!;
    throw new Error(`ENOENT: ${path}`);
  };

  test("JSON when it starts with { or [", async () => {
    expect(await parseStructureValue("--output-config", ' {"S3Bucket":"b"} ', reader({}))).toEqual({ S3Bucket: "b" });
    const error = (await parseStructureValue("--output-config", "{S3Bucket:b}", reader({})).catch((caught: unknown) => caught)) as ArgumentError;
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error.flag).toBe("--output-config");
    expect(error.message).toStartWith("--output-config: not valid JSON");
  });

  test("file://path is read and parsed the same way (JSON or shorthand)", async () => {
    const files = { "train.json": '{"Assets":[]}\n', "out.txt": "S3Bucket=b,S3KeyPrefix=p\n" };
    expect(await parseStructureValue("--training-data", "file://train.json", reader(files))).toEqual({ Assets: [] });
    expect(await parseStructureValue("--output-config", "file://out.txt", reader(files))).toEqual({ S3Bucket: "b", S3KeyPrefix: "p" });
    const error = (await parseStructureValue("--training-data", "file://missing.json", reader(files)).catch((caught: unknown) => caught)) as ArgumentError;
    expect(error.message).toStartWith("--training-data: cannot read missing.json");
  });

  test("shorthand booleans and numbers of structures become typed; map values stay strings", async () => {
    expect(await parseStructureValue("--testing-data", "AutoCreate=true", reader({}))).toEqual({ AutoCreate: true });
    expect(await parseStructureValue("--feature-config", "ContentModeration={ConfidenceThreshold=55.5}", reader({}))).toEqual({
      ContentModeration: { ConfidenceThreshold: 55.5 },
    });
    // Not a number: left as given, so validation names it.
    expect(await parseStructureValue("--feature-config", "ContentModeration={ConfidenceThreshold=high}", reader({}))).toEqual({
      ContentModeration: { ConfidenceThreshold: "high" },
    });
    expect(await parseStructureValue("--tags", "AutoCreate=true,n=5", reader({}), { map: true })).toEqual({ AutoCreate: "true", n: "5" });
  });
});

describe("flags", () => {
  const specs = {
    "project-arn": { type: "string", description: "" },
    "version-names": { type: "list", description: "" },
    wait: { type: "boolean", description: "" },
  } as const;

  test("strings, booleans, and lists that take several words, commas, or repeats", () => {
    expect(parseFlags(["--project-arn", "arn", "--version-names", "a", "b", "c,d", "--wait", "--version-names=e"], specs)).toEqual({
      "project-arn": "arn",
      "version-names": ["a", "b", "c", "d", "e"],
      wait: true,
    });
  });

  test("unknown flags, missing values, stray words and repeated strings are ArgumentErrors", () => {
    const message = (args: string[]) => {
      try {
        parseFlags(args, specs);
        return "parsed";
      } catch (error) {
        expect(error).toBeInstanceOf(ArgumentError);
        return (error as Error).message;
      }
    };
    expect(message(["--nope"])).toContain("--nope");
    expect(message(["--project-arn"])).toContain("--project-arn");
    expect(message(["--wait", "stray"])).toContain("Unexpected argument 'stray'");
    expect(message(["--project-arn", "a", "--project-arn", "b"])).toBe("--project-arn: given more than once");
  });
});

// ---------------------------------------------------------------------------
// Credentials and region
// ---------------------------------------------------------------------------

describe("AWS config files", () => {
  test("parseIni: sections, comments, spaces, nested settings skipped", () => {
    const text =
      "# comment\n[default]\naws_access_key_id = AKID1\n; other\n[profile dev]\nregion=eu-west-1\ns3 =\n  max_concurrent_requests = 20\noutput = text\n";
    expect(parseIni(text)).toEqual({ default: { aws_access_key_id: "AKID1" }, "profile dev": { region: "eu-west-1", s3: "", output: "text" } });
  });

  const CREDENTIALS =
    "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = secretdefault\n\n[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = secretdev\naws_session_token = tokendev\n";
  const CONFIG =
    "[default]\nregion = us-west-2\n\n[profile dev]\nregion = eu-west-1\noutput = text\n\n[profile sso]\nsso_session = corp\nregion = us-east-1\n\n[profile keys-in-config]\naws_access_key_id = AKIDCONF\naws_secret_access_key = secretconf\n";
  const files: Record<string, string> = { "/home/user/.aws/credentials": CREDENTIALS, "/home/user/.aws/config": CONFIG };
  const load = (env: Record<string, string>, profile?: string, fileSet = files) =>
    loadAwsSettings({ env, profile, homeDir: "/home/user", readFile: async (path) => fileSet[path] });
  const ENV_KEYS = { AWS_ACCESS_KEY_ID: "AKIDENV", AWS_SECRET_ACCESS_KEY: "secretenv" };

  test("environment keys win over the default profile; the profile's region fills in", async () => {
    const settings = await load(ENV_KEYS);
    expect(settings.credentials).toEqual({ accessKeyId: "AKIDENV", secretAccessKey: "secretenv" });
    expect([settings.credentialsSource, settings.region, settings.profile]).toEqual(["environment", "us-west-2", "default"]);
  });

  test("--profile wins over environment keys; its session token, region and output are used", async () => {
    const settings = await load({ ...ENV_KEYS, AWS_SESSION_TOKEN: "ignored" }, "dev");
    expect(settings.credentials).toEqual({ accessKeyId: "AKIDDEV", secretAccessKey: "secretdev", sessionToken: "tokendev" });
    expect([settings.region, settings.output]).toEqual(["eu-west-1", "text"]);
  });

  test("AWS_PROFILE picks the profile; keys may sit in the config file", async () => {
    expect((await load({ AWS_PROFILE: "dev" })).credentials?.accessKeyId).toBe("AKIDDEV");
    expect((await load({ AWS_PROFILE: "keys-in-config" })).credentials?.accessKeyId).toBe("AKIDCONF");
  });

  test("region: AWS_REGION, then AWS_DEFAULT_REGION, then the profile", async () => {
    expect((await load({ AWS_REGION: "ap-south-1", AWS_DEFAULT_REGION: "eu-central-1" })).region).toBe("ap-south-1");
    expect((await load({ AWS_DEFAULT_REGION: "eu-central-1" })).region).toBe("eu-central-1");
    expect((await load({})).region).toBe("us-west-2");
  });

  test("AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move the files", async () => {
    const moved = { "/etc/creds": "[default]\naws_access_key_id=AKIDMOVED\naws_secret_access_key=s\n", "/etc/conf": "[default]\nregion=sa-east-1\n" };
    const settings = await load({ AWS_SHARED_CREDENTIALS_FILE: "/etc/creds", AWS_CONFIG_FILE: "/etc/conf" }, undefined, moved);
    expect([settings.credentials?.accessKeyId, settings.region]).toEqual(["AKIDMOVED", "sa-east-1"]);
  });

  test("no files and no environment: nothing found, no error (the command says what is missing)", async () => {
    expect(await load({}, undefined, {})).toEqual({ profile: "default" });
  });

  test("a named profile that does not exist, half keys, or SSO are ConfigurationErrors that say what to do", async () => {
    const problem = async (promise: Promise<unknown>) => {
      const error = await promise.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigurationError);
      return (error as Error).message;
    };
    expect(await problem(load({}, "nope"))).toContain("The config profile (nope) could not be found");
    expect(await problem(load({ AWS_PROFILE: "sso" }))).toContain("aws configure export-credentials --profile sso");
    expect(await problem(load({}, undefined, { "/home/user/.aws/credentials": "[default]\naws_access_key_id=AKID\n" }))).toContain("needs both");
  });
});

// ---------------------------------------------------------------------------
// Progress
// ---------------------------------------------------------------------------

describe("progress", () => {
  test("formatDuration", () => {
    expect([0, 4_999, 65_000, 3_723_000].map(formatDuration)).toEqual(["0s", "4s", "1m 05s", "1h 02m 03s"]);
  });

  const poll = (attempt: number, Status: string, error?: Error) => ({
    waiter: "ProjectVersionTrainingCompleted",
    attempt,
    elapsedMs: 0,
    state: "retry" as const,
    ...(error ? { error } : { description: { Status } }),
  });

  test("not a terminal: one plain line per poll, with elapsed time and retried errors", () => {
    let text = "";
    const clock = new VirtualClock();
    const progress = new WaitProgress({ write: (chunk) => void (text += chunk), isTTY: false }, () => clock.now());
    progress.poll(poll(1, "TRAINING_IN_PROGRESS"));
    clock.advance(125_000);
    progress.poll(poll(2, "", Object.assign(new Error("slow down"), { name: "ThrottlingException" })));
    progress.tick();
    progress.finish();
    expect(text).toBe("[0s] TRAINING_IN_PROGRESS (poll 1)\n[2m 05s] TRAINING_IN_PROGRESS (poll 2 failed (ThrottlingException), retrying)\n");
  });

  test("a terminal: one line rewritten in place, ticking the elapsed time; finish ends it", () => {
    let text = "";
    const clock = new VirtualClock();
    const progress = new WaitProgress({ write: (chunk) => void (text += chunk), isTTY: true }, () => clock.now());
    progress.poll(poll(1, "TRAINING_IN_PROGRESS"));
    clock.advance(61_000);
    progress.tick();
    progress.finish();
    const lines = text.split("\r\x1b[2K").filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("TRAINING_IN_PROGRESS  0s elapsed  (poll 1)");
    expect(lines[1]).toContain("TRAINING_IN_PROGRESS  1m 01s elapsed");
    expect(text.endsWith("\n")).toBe(true);
    expect(text.split("\n")).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------

describe("create-project-version --simulate", () => {
  test("--wait --output text: progress on stderr, the evaluation result with TRAINING_COMPLETED on stdout, exit 0", async () => {
    const run = fakeIO();
    expect(await createProjectVersion(["--simulate", "--wait", "--output", "text"], run.io)).toBe(0);
    expect(run.stdout()).toMatch(/^Status +TRAINING_COMPLETED \(SIMULATED\)$/m);
    expect(run.stdout()).toMatch(/^F1 score +0\.\d{3}$/m);
    expect(run.stdout()).toMatch(/^Evaluation summary +s3:\/\/simulated-bucket\/rekognition-edge\/\S+\.json$/m);
    expect(run.stdout()).toContain(`${DEMO_PROJECTS.customLabels.replace(/\/\d+$/, "")}/version/demo-1/`);
    expect(run.stderr()).toStartWith("SIMULATED:");
    expect(run.stderr()).toMatch(/\] TRAINING_IN_PROGRESS \(poll 1\)\n/);
    expect(run.stderr()).toMatch(/\] TRAINING_COMPLETED \(poll \d+\)\n/);
  });

  test("--wait as JSON: one document with the ARN, the description, and Simulated", async () => {
    const run = fakeIO();
    expect(await createProjectVersion(["--simulate", "--wait", "--version-name", "json-1"], run.io)).toBe(0);
    const output = JSON.parse(run.stdout());
    expect(output.Simulated).toBe(true);
    expect(output.ProjectVersionArn).toContain("/version/json-1/");
    expect(output.ProjectVersionDescription.Status).toBe("TRAINING_COMPLETED");
    expect(output.ProjectVersionDescription.ProjectVersionArn).toBe(output.ProjectVersionArn);
    expect(typeof output.ProjectVersionDescription.EvaluationResult.F1Score).toBe("number");
    expect(output.ProjectVersionDescription.CreationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  test("on a terminal the progress line ticks, and the ticker is stopped at the end", async () => {
    const run = fakeIO({ isTTY: true });
    expect(await createProjectVersion(["--simulate", "--wait", "--output", "text"], run.io)).toBe(0);
    expect(run.tickers).toHaveLength(1);
    expect(run.stopped()).toBe(1);
    expect(run.stderr()).toContain("\r\x1b[2K");
    expect(run.stderr()).toContain("TRAINING_COMPLETED");
  });

  test("training that fails: the status message on stderr and stdout, exit 255", async () => {
    const run = fakeIO();
    expect(await createProjectVersion(["--simulate", "--wait", "--output", "text", "--version-name", "fixture-TrainingFailed-1"], run.io)).toBe(255);
    expect(run.stdout()).toMatch(/^Status +TRAINING_FAILED \(SIMULATED\)$/m);
    expect(run.stderr()).toMatch(/ProjectVersionTrainingCompleted failed: TRAINING_FAILED: \S+/);
  });

  test("a service error: exception name, operation, message and request id; exit 254", async () => {
    const run = fakeIO();
    expect(await createProjectVersion(["--simulate", "--version-name", "fixture-AccessDeniedException"], run.io)).toBe(254);
    expect(run.stderr()).toMatch(/An error occurred \(AccessDeniedException\) when calling the CreateProjectVersion operation: .+ \(request id: [\w-]+\)\n$/);
    expect(run.stdout()).toBe("");
  });

  test("--region: the embedded simulator serves that region, with its demo project there", async () => {
    const run = fakeIO();
    expect(await createProjectVersion(["--simulate", "--region", "eu-west-1", "--output", "text"], run.io)).toBe(0);
    expect(run.stdout()).toMatch(/^arn:aws:rekognition:eu-west-1:111122223333:project\/demo-custom-labels\/version\/demo-1\/\d+\tSIMULATED\n$/);
  });

  test("without --wait: the ARN (text) marked SIMULATED", async () => {
    const run = fakeIO();
    expect(await createProjectVersion(["--simulate", "--output", "text"], run.io)).toBe(0);
    expect(run.stdout()).toMatch(/^arn:aws:rekognition:\S+\/version\/demo-1\/\d+\tSIMULATED\n$/);
  });
});

describe("create-project-version against an endpoint (the AWS path)", () => {
  test("every flag reaches the request as the model's member, with credentials and region from the environment", async () => {
    const aws = simulatedAws();
    const files = { "/home/user/train.json": JSON.stringify({ Assets: [{ GroundTruthManifest: { S3Object: { Bucket: "data", Name: "train.manifest" } } }] }) };
    const run = fakeIO({ env: aws.env, fetch: aws.fetch, clock: aws.clock, files });
    const code = await createProjectVersion(
      [
        "--project-arn",
        DEMO_PROJECTS.customLabels,
        "--version-name",
        "v1",
        "--output-config",
        "S3Bucket=out,S3KeyPrefix=runs/",
        "--training-data",
        "file://~/train.json",
        "--testing-data",
        "AutoCreate=true",
        "--tags",
        "team=vision,cost:center=42",
        "--kms-key-id",
        "alias/training",
        "--version-description",
        "first (baseline)",
      ],
      run.io,
    );
    expect(run.stderr()).toBe("");
    expect(code).toBe(0);
    expect(aws.bodies).toEqual([
      {
        ProjectArn: DEMO_PROJECTS.customLabels,
        VersionName: "v1",
        OutputConfig: { S3Bucket: "out", S3KeyPrefix: "runs/" },
        TrainingData: { Assets: [{ GroundTruthManifest: { S3Object: { Bucket: "data", Name: "train.manifest" } } }] },
        TestingData: { AutoCreate: true },
        Tags: { team: "vision", "cost:center": "42" },
        KmsKeyId: "alias/training",
        VersionDescription: "first (baseline)",
      },
    ]);
    expect(JSON.parse(run.stdout())).toEqual({ ProjectVersionArn: aws.simulator.versions(DEMO_PROJECTS.customLabels)[0]!.arn });
  });

  test("--wait polls at the model's 120 s, from a profile in ~/.aws", async () => {
    const aws = simulatedAws();
    const files = {
      "/home/user/.aws/credentials":
        `[train]\naws_access_key_id = ${SIMULATOR_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${SIMULATOR_CREDENTIALS.secretAccessKey}\n`,
      "/home/user/.aws/config": "[profile train]\nregion = us-east-1\noutput = text\n",
    };
    const run = fakeIO({ env: {}, fetch: aws.fetch, clock: aws.clock, files });
    const code = await createProjectVersion([
      "--profile",
      "train",
      "--project-arn",
      DEMO_PROJECTS.customLabels,
      "--version-name",
      "v2",
      "--output-config",
      "S3Bucket=out",
      "--wait",
    ], run.io);
    expect(run.stderr()).not.toContain("SIMULATED");
    expect(code).toBe(0);
    expect(run.stdout()).toMatch(/^Status +TRAINING_COMPLETED$/m); // text, from the profile's output
    expect(aws.clock.sleeps.filter((ms) => ms >= 1000)).toEqual(Array(15).fill(120_000)); // 30 min of training
    expect(run.stderr()).toMatch(/\[30m 00s\] TRAINING_COMPLETED \(poll 16\)/);
  });

  test("bad input names the flag and member; nothing is sent, even without credentials", async () => {
    let sent = 0;
    const run = fakeIO({ fetch: async () => (sent++, new Response()) });
    const code = await createProjectVersion([
      "--project-arn",
      DEMO_PROJECTS.customLabels,
      "--version-name",
      "bad name",
      "--output-config",
      "S3Bucket=x,Region=eu",
    ], run.io);
    expect(code).toBe(252);
    expect(run.stderr()).toContain("--version-name: VersionName must match");
    expect(run.stderr()).toContain("--output-config: OutputConfig.Region is not a member of this shape");
    expect(sent).toBe(0);
  });

  test("missing required flags, bad JSON, unknown flags and bad --output are usage errors (252)", async () => {
    const cases: [string[], string][] = [
      [["--version-name", "v1", "--output-config", "S3Bucket=bkt"], "--project-arn: is required"],
      [["--project-arn", DEMO_PROJECTS.customLabels, "--version-name", "v1", "--output-config", "{bad"], "--output-config: not valid JSON"],
      [["--frobnicate"], "Unknown option '--frobnicate'"],
      [["--simulate", "--output", "yaml"], "--output: must be json or text, got 'yaml'"],
      [["--simulate", "--wait", "--max-wait-time", "soon"], "--max-wait-time: must be a number of seconds > 0"],
    ];
    for (const [args, message] of cases) {
      const run = fakeIO();
      expect([args, await createProjectVersion(args, run.io)]).toEqual([args, 252]);
      expect(run.stderr()).toContain(message);
    }
  });

  test("no credentials, or no region: configuration errors (253) that mention --simulate", async () => {
    const args = ["--project-arn", DEMO_PROJECTS.customLabels, "--version-name", "v1", "--output-config", "S3Bucket=bkt"];
    const noCredentials = fakeIO({ env: { AWS_REGION: "us-east-1" } });
    expect(await createProjectVersion(args, noCredentials.io)).toBe(253);
    expect(noCredentials.stderr()).toContain("Unable to locate credentials");
    const noRegion = fakeIO({ env: { AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "s" } });
    expect(await createProjectVersion(args, noRegion.io)).toBe(253);
    expect(noRegion.stderr()).toContain("You must specify a region");
    expect(noRegion.stderr()).toContain("--simulate");
  });

  test("--endpoint-url (or AWS_ENDPOINT_URL_REKOGNITION) is where requests go", async () => {
    const aws = simulatedAws();
    const urls: string[] = [];
    const fetch: Transport = (url, init) => (urls.push(url), aws.fetch(url, init));
    const args = ["--project-arn", DEMO_PROJECTS.customLabels, "--version-name", "v1", "--output-config", "S3Bucket=bkt"];
    await createProjectVersion([...args, "--endpoint-url", "http://127.0.0.1:4566"], fakeIO({ env: aws.env, fetch, clock: aws.clock }).io);
    await createProjectVersion(
      [...args.slice(0, 3), "v2", ...args.slice(4)],
      fakeIO({ env: { ...aws.env, AWS_ENDPOINT_URL_REKOGNITION: "http://localhost:9000" }, fetch, clock: aws.clock }).io,
    );
    expect(urls).toEqual(["http://127.0.0.1:4566/", "http://localhost:9000/"]);
  });

  test("a network failure: the error name and the operation, exit 255", async () => {
    const run = fakeIO({ env: simulatedAws().env, fetch: async () => Promise.reject(new TypeError("fetch failed: ECONNREFUSED")) });
    expect(await createProjectVersion(["--project-arn", DEMO_PROJECTS.customLabels, "--version-name", "v1", "--output-config", "S3Bucket=bkt"], run.io)).toBe(
      255,
    );
    expect(run.stderr()).toContain("NetworkError when calling the CreateProjectVersion operation: CreateProjectVersion: fetch failed: ECONNREFUSED");
  });

  test("a service error while waiting names DescribeProjectVersions", async () => {
    const aws = simulatedAws();
    let calls = 0;
    const fetch: Transport = (url, init) => (++calls === 1 ? aws.fetch(url, init) : Promise.resolve(awsError("AccessDeniedException")));
    const run = fakeIO({ env: aws.env, fetch, clock: aws.clock });
    expect(
      await createProjectVersion(["--project-arn", DEMO_PROJECTS.customLabels, "--version-name", "v1", "--output-config", "S3Bucket=bkt", "--wait"], run.io),
    ).toBe(254);
    expect(run.stderr()).toContain(
      "An error occurred (AccessDeniedException) when calling the DescribeProjectVersions operation: AccessDeniedException message (request id: req-400)",
    );
  });
});

describe("describe-project-versions", () => {
  async function withVersions(names: string[]) {
    const aws = simulatedAws();
    for (const name of names) {
      const code = await createProjectVersion(
        ["--project-arn", DEMO_PROJECTS.customLabels, "--version-name", name, "--output-config", "S3Bucket=bkt"],
        fakeIO({ env: aws.env, fetch: aws.fetch, clock: aws.clock }).io,
      );
      expect(code).toBe(0);
      aws.clock.advance(1000);
    }
    aws.bodies.length = 0;
    return aws;
  }

  test("every page, merged, newest first (JSON)", async () => {
    const aws = await withVersions(["a", "b", "c"]);
    const run = fakeIO({ env: aws.env, fetch: aws.fetch, clock: aws.clock });
    expect(await describeProjectVersions(["--project-arn", DEMO_PROJECTS.customLabels, "--max-results", "2"], run.io)).toBe(0);
    const output = JSON.parse(run.stdout());
    expect(output.ProjectVersionDescriptions.map((description: { ProjectVersionArn: string }) => description.ProjectVersionArn.split("/")[3])).toEqual([
      "c",
      "b",
      "a",
    ]);
    expect(output.NextToken).toBeUndefined();
    expect(aws.bodies).toHaveLength(2);
    expect(aws.bodies.every((body) => body.MaxResults === 2)).toBe(true);
  });

  test("--no-paginate: one page and its NextToken; --starting-token resumes", async () => {
    const aws = await withVersions(["a", "b", "c"]);
    const first = fakeIO({ env: aws.env, fetch: aws.fetch, clock: aws.clock });
    expect(await describeProjectVersions(["--project-arn", DEMO_PROJECTS.customLabels, "--max-results", "1", "--no-paginate"], first.io)).toBe(0);
    const page = JSON.parse(first.stdout());
    expect(page.ProjectVersionDescriptions).toHaveLength(1);
    expect(typeof page.NextToken).toBe("string");
    const rest = fakeIO({ env: aws.env, fetch: aws.fetch, clock: aws.clock });
    expect(await describeProjectVersions(["--project-arn", DEMO_PROJECTS.customLabels, "--starting-token", page.NextToken], rest.io)).toBe(0);
    expect(JSON.parse(rest.stdout()).ProjectVersionDescriptions).toHaveLength(2);
  });

  test("--version-names takes several words; text output is one tab-separated row per version", async () => {
    const aws = await withVersions(["a", "b", "c"]);
    const run = fakeIO({ env: aws.env, fetch: aws.fetch, clock: aws.clock });
    expect(await describeProjectVersions(["--project-arn", DEMO_PROJECTS.customLabels, "--version-names", "a", "c", "--output", "text"], run.io)).toBe(0);
    expect(aws.bodies[0]!.VersionNames).toEqual(["a", "c"]);
    const rows = run.stdout().trimEnd().split("\n").map((row) => row.split("\t"));
    expect(rows.map((cells) => [cells[0], cells[1], cells[3], cells.length])).toEqual([
      ["c", "TRAINING_IN_PROGRESS", "-", 5],
      ["a", "TRAINING_IN_PROGRESS", "-", 5],
    ]);
    expect(rows[0]![2]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test("--wait with one version name waits for it; with two it is a usage error", async () => {
    const aws = await withVersions(["a", "b"]);
    const run = fakeIO({ env: aws.env, fetch: aws.fetch, clock: aws.clock });
    expect(await describeProjectVersions(["--project-arn", DEMO_PROJECTS.customLabels, "--version-names", "a", "--wait", "--output", "text"], run.io)).toBe(0);
    expect(run.stdout()).toMatch(/^Status +TRAINING_COMPLETED$/m);
    const two = fakeIO({ env: aws.env, fetch: aws.fetch, clock: aws.clock });
    expect(await describeProjectVersions(["--project-arn", DEMO_PROJECTS.customLabels, "--version-names", "a", "b", "--wait"], two.io)).toBe(252);
    expect(two.stderr()).toContain("--wait: needs exactly one name in --version-names");
  });

  test("--wait on a version that does not exist fails clearly (255)", async () => {
    const run = fakeIO();
    expect(await describeProjectVersions(["--simulate", "--version-names", "ghost", "--wait"], run.io)).toBe(255);
    expect(run.stderr()).toContain(`No version named "ghost" in project ${DEMO_PROJECTS.customLabels}`);
  });

  test("bad input names the flag: --max-results, --version-names", async () => {
    for (
      const [args, message] of [
        [["--simulate", "--max-results", "101"], "--max-results: must be a whole number from 1 to 100"],
        [["--simulate", "--version-names", "ok", "not ok"], "--version-names: VersionNames[1] must match"],
      ] as const
    ) {
      const run = fakeIO();
      expect(await describeProjectVersions([...args], run.io)).toBe(252);
      expect(run.stderr()).toContain(message);
    }
  });

  test("--simulate: the demo project, marked SIMULATED", async () => {
    const run = fakeIO();
    expect(await describeProjectVersions(["--simulate"], run.io)).toBe(0);
    expect(JSON.parse(run.stdout())).toEqual({ ProjectVersionDescriptions: [], Simulated: true });
    expect(run.stderr()).toContain("SIMULATED");
  });
});

test("--help on every command lists every flag and exits 0", async () => {
  for (
    const [command, flags] of [
      [createProjectVersion, [
        "--project-arn",
        "--version-name",
        "--output-config",
        "--training-data",
        "--testing-data",
        "--feature-config",
        "--tags",
        "--kms-key-id",
        "--version-description",
        "--wait",
        "--region",
        "--endpoint-url",
        "--profile",
        "--output",
        "--simulate",
        "--replay",
      ]],
      [describeProjectVersions, [
        "--project-arn",
        "--version-names",
        "--max-results",
        "--wait",
        "--region",
        "--endpoint-url",
        "--profile",
        "--output",
        "--simulate",
        "--replay",
      ]],
    ] as const
  ) {
    for (const help of ["--help", "-h"]) {
      const run = fakeIO();
      expect(await command([help], run.io)).toBe(0);
      for (const flag of flags) expect(run.stdout()).toContain(`  ${flag}`);
    }
  }
});

test("the real entry, as a subprocess: create-project-version --simulate --wait finishes with TRAINING_COMPLETED", () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  const result = spawnSync("node_modules/.bin/bun", ["bin/rekognition-edge.ts", "create-project-version", "--simulate", "--wait", "--output", "text"], {
    env,
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(result.stderr).toContain("SIMULATED");
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^Status +TRAINING_COMPLETED \(SIMULATED\)$/m);
  expect(result.stdout).toMatch(/^F1 score +0\.\d{3}$/m);
}, 40_000);

test("the real entry without a command prints the commands", () => {
  const result = spawnSync("node_modules/.bin/bun", ["bin/rekognition-edge.ts", "--help"], { encoding: "utf8", timeout: 30_000 });
  expect(result.status).toBe(0);
  expect(result.stdout).toContain("create-project-version");
  expect(result.stdout).toContain("describe-project-versions");
}, 40_000);
