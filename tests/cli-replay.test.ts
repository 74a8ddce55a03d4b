/**
 * `--simulate --replay <dir>`: a CLI session recorded through the recording
 * proxy (the AWS path of the CLI, an upstream simulator with other
 * credentials) replays with the recorded defaults and gives the same result;
 * a departure from the recording fails, naming the closest recording.
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import createProjectVersion from "../cli/create-project-version.ts";
import describeProjectVersions from "../cli/describe-project-versions.ts";
import type { CliIO } from "../cli/io.ts";
import { VirtualClock } from "../harness/clock.ts";
import { RecordingProxy } from "../harness/recorder.ts";
import { recordingFolder } from "../harness/node/recordings.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";

const REAL = { accessKeyId: "AKIAUPSTREAMCLI00001", secretAccessKey: "cli/Upstream+Secret0123456789abcdefGHIJK" };

/** A runtime for a command: files, captured output, a virtual clock, an optional transport. */
function runtime(files: Record<string, string>, options: { env?: Record<string, string>; fetch?: CliIO["fetch"]; clock?: VirtualClock } = {}) {
  let out = "";
  let err = "";
  const io: CliIO = {
    env: options.env ?? {},
    stdout: { write: (text) => void (out += text), isTTY: false },
    stderr: { write: (text) => void (err += text), isTTY: false },
    readFile: async (path) => {
      if (path in files) return files[path]!;
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" });
    },
    homeDir: "/home/user",
    clock: options.clock ?? new VirtualClock({ start: Date.now() }),
    every: () => () => {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  return { io, stdout: () => out, stderr: () => err };
}

/** Records `create-project-version --wait` of the real-AWS path of the CLI into `/rec/` through the proxy. */
async function recordCliSession() {
  const clock = new VirtualClock({ start: Date.now() });
  const upstream = new RekognitionSimulator({ clock, credentials: [REAL], trainingSeconds: 1800 });
  const files: Record<string, string> = {};
  const proxy = new RecordingProxy({
    upstream: { region: "us-east-1", credentials: REAL, fetch: upstream.fetch },
    store: { write: async (file, text) => void (files[`/rec/${file}`] = text) },
    clock,
  });
  const env = { AWS_ACCESS_KEY_ID: SIMULATOR_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: SIMULATOR_CREDENTIALS.secretAccessKey, AWS_REGION: "us-east-1" };
  const run = runtime({}, { env, fetch: (url, init) => proxy.fetch(url, init), clock });
  const args = [
    "--project-arn",
    DEMO_PROJECTS.customLabels,
    "--version-name",
    "recorded-1",
    "--output-config",
    "S3Bucket=amzn-s3-demo-bucket,S3KeyPrefix=runs/",
    "--wait",
    "--output",
    "text",
  ];
  expect(await createProjectVersion(args, run.io)).toBe(0);
  return { files, stdout: run.stdout() };
}

describe("create-project-version --simulate --replay", () => {
  test("replays the recorded session with its input: the same version, status, F1 score and training time", async () => {
    const recorded = await recordCliSession();
    const polls = Object.keys(recorded.files).filter((file) => /describe-training-in-progress/.test(file)).length;
    expect(polls).toBeGreaterThan(1);
    const run = runtime(recorded.files);
    expect(await createProjectVersion(["--simulate", "--replay", "/rec/", "--wait", "--output", "text"], run.io)).toBe(0);
    expect(run.stdout()).toBe(recorded.stdout.replace("TRAINING_COMPLETED", "TRAINING_COMPLETED (SIMULATED)"));
    expect(run.stdout()).toContain("/version/recorded-1/");
    const count = Object.keys(recorded.files).length - 1;
    expect(run.stderr()).toStartWith(`SIMULATED: replaying the session recorded in /rec/ (${count} answers); no AWS account is used and nothing is billed.\n`);
    expect(run.stderr()).not.toContain("training takes");
    expect(run.stderr()).toContain(`TRAINING_IN_PROGRESS (poll ${polls})`);
    expect(run.stderr()).toContain(`TRAINING_COMPLETED (poll ${polls + 1})`);
  });

  test("a flag that departs from the recording: the service error names the closest recording (exit 254)", async () => {
    const recorded = await recordCliSession();
    const run = runtime(recorded.files);
    expect(await createProjectVersion(["--simulate", "--replay", "/rec", "--version-name", "demo-1"], run.io)).toBe(254);
    expect(run.stderr()).toContain(
      'An error occurred (NoMatchingRecordingException) when calling the CreateProjectVersion operation: No recording matches this CreateProjectVersion request. Closest recording: 0001-create-success, which differs at VersionName (recorded "recorded-1", got "demo-1").',
    );
    expect(run.stdout()).toBe("");
  });

  test("describe-project-versions --simulate --replay: the recorded project by default", async () => {
    const recorded = await recordCliSession();
    const run = runtime(recorded.files);
    expect(await describeProjectVersions(["--simulate", "--replay", "/rec", "--version-names", "recorded-1", "--output", "text"], run.io)).toBe(0);
    expect(run.stdout()).toMatch(/^recorded-1\tTRAINING_IN_PROGRESS\t/);
  });

  test("--replay without --simulate, or a folder that is not a recording: bad arguments (252), nothing sent", async () => {
    const noSimulate = runtime({});
    expect(await createProjectVersion(["--replay", "/rec"], noSimulate.io)).toBe(252);
    expect(noSimulate.stderr()).toContain("--replay: only with --simulate");
    const missing = runtime({});
    expect(await createProjectVersion(["--simulate", "--replay", "/nowhere"], missing.io)).toBe(252);
    expect(missing.stderr()).toContain("--replay: cannot replay /nowhere: index.json: ENOENT");
    const broken = runtime({ "/bad/index.json": '{"format":"x","description":"d","scenarios":[{"name":"a","file":"../a.json"}]}' });
    expect(await describeProjectVersions(["--simulate", "--replay", "/bad"], broken.io)).toBe(252);
    expect(broken.stderr()).toContain("--replay: cannot replay /bad: index.json is not in the scenario format");
  });
});

test("npm start -- --replay <dir>: the CLI bundled for Node (as scripts/build.mjs bundles dist/cli.js) replays a folder on disk", async () => {
  const root = new URL("..", import.meta.url).pathname;
  const work = mkdtempSync(join(tmpdir(), "rekognition-edge-npm-start-"));
  try {
    const recorded = await recordCliSession();
    const store = await recordingFolder(join(work, "session"));
    for (const [path, text] of Object.entries(recorded.files)) await store.write(path.slice("/rec/".length), text);
    const cli = join(work, "cli.mjs");
    await esbuild.build({
      absWorkingDir: root,
      entryPoints: ["bin/rekognition-edge.ts"],
      outfile: cli,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      external: ["msw", "msw/*"],
      logLevel: "error",
    });
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
    const run = spawnSync("node", [cli, "create-project-version", "--simulate", "--wait", "--output", "text", "--replay", join(work, "session")], {
      env,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(recorded.stdout.replace("TRAINING_COMPLETED", "TRAINING_COMPLETED (SIMULATED)"));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}, 40_000);
