/**
 * The conformance kit on real runs: broken clients get the verdicts they
 * deserve (a wrong secret, a client that never polls, one that hangs, one that
 * prints megabytes), a missing command is refused before any case, the CLI
 * writes its reports and honours expected verdicts, `--server` drives a
 * running simulator through its token-guarded control plane, and a client's
 * environment carries the contract and nothing of this process's AWS settings.
 * The full battery against each example client runs in CI (scripts/conformance-clients.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { devNull, tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import conformanceCommand from "../cli/conformance.ts";
import type { CliIO } from "../cli/io.ts";
import type { ClientOutcome, ConformanceClient, DriverEnvironment } from "../harness/conformance/types.ts";
import { commandClient, CONFORMANCE_KIT_VERSION, OUTPUT_CAP_BYTES, runConformance } from "../harness/node/conformance.ts";
import { type RunningServer, startNodeServer } from "../harness/node/server.ts";
import { RekognitionClient } from "../mod.ts";

const ROOT = new URL("..", import.meta.url).pathname;

/** rekognition-edge as an in-process client, with `secret` instead of the one it is given, and optionally no waiting. */
function client({ secret, poll = true }: { secret?: string; poll?: boolean } = {}): ConformanceClient {
  return async (env, { signal }) => {
    const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: secret ?? env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN };
    const rekognition = new RekognitionClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials });
    const { REKOGNITION_EDGE_PROJECT_ARN: ProjectArn, REKOGNITION_EDGE_VERSION_NAME: VersionName } = env;
    await rekognition.createProjectVersion({ ProjectArn, VersionName, OutputConfig: { S3Bucket: env.REKOGNITION_EDGE_OUTPUT_BUCKET } }, { signal });
    if (poll && env.REKOGNITION_EDGE_ACTION === "create-and-wait") {
      const { ProjectVersionDescriptions } = await rekognition.describeProjectVersions({ ProjectArn, VersionNames: [VersionName] }, { signal });
      if (ProjectVersionDescriptions?.[0]?.Status !== "TRAINING_COMPLETED") throw new Error(String(ProjectVersionDescriptions?.[0]?.Status));
    }
  };
}

/** A command client that also hands back each outcome (its output tails), for what the report leaves out. */
function observed(argv: string[]): { client: ConformanceClient; outcomes: ClientOutcome[] } {
  const inner = commandClient(argv, { cwd: ROOT });
  const outcomes: ClientOutcome[] = [];
  return {
    outcomes,
    client: async (env, context) => {
      const outcome = (await inner(env, context)) as ClientOutcome;
      outcomes.push(outcome);
      return outcome;
    },
  };
}

function capturingIO(env: Record<string, string> = {}): { io: CliIO; stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  const io: CliIO = {
    env,
    stdout: { write: (text) => void (out += text), isTTY: false },
    stderr: { write: (text) => void (err += text), isTTY: false },
    readFile: async () => "",
    homeDir: undefined,
    every: () => () => {},
  };
  return { io, stdout: () => out, stderr: () => err };
}

/** Whether a process runs (a zombie, killed but not yet reaped by its new parent, does not). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
};

describe("broken clients fail", () => {
  test("a client signing with a wrong secret fails create.signed: the journal says the signature is invalid", async () => {
    const report = await runConformance({ client: client({ secret: "not-the-secret" }), cases: ["create.signed"] });
    const [signed] = report.cases;
    expect(signed).toMatchObject({ id: "create.signed", verdict: "FAIL" });
    expect(signed!.summary).toContain("signature valid");
    expect(signed!.evidence.journal).toEqual([
      expect.stringMatching(/CreateProjectVersion → 400 InvalidSignatureException \(signature InvalidSignatureException\)$/),
    ]);
    const honest = await runConformance({ client: client(), cases: ["create.signed"] });
    expect(honest.cases[0]!.verdict).toBe("PASS");
  });

  test("a client that never polls fails wait.completed and wait.failed; one that polls once passes them", async () => {
    const lazy = await runConformance({ client: client({ poll: false }), cases: ["wait.completed", "wait.failed"] });
    expect(lazy.cases.map(({ verdict, summary }) => [verdict, summary])).toEqual([
      ["FAIL", "never polled DescribeProjectVersions for its version; exit 0"],
      ["FAIL", "never polled DescribeProjectVersions for its version; exit 0"],
    ]);
    const polling = await runConformance({ client: client(), cases: ["wait.completed", "wait.failed"] });
    expect(polling.cases.map(({ verdict }) => verdict)).toEqual(["PASS", "PASS"]);
  });

  test('a hung command is killed at the time limit, with what it started, and fails with "timed out"', async () => {
    const script = "const c = require('node:child_process').spawn('sleep', ['60']); console.log(process.pid, c.pid); setInterval(() => {}, 1000);";
    const { client: hung, outcomes } = observed(["node", "-e", script]);
    const report = await runConformance({ client: hung, cases: ["create.signed"], timeoutPerCaseSeconds: 1 });
    expect(report.cases[0]).toMatchObject({ verdict: "FAIL", summary: "timed out: stopped at the case's 1 s limit" });
    expect(report.cases[0]!.evidence).toMatchObject({ exit: "timed out", exitCode: null, signal: "SIGKILL", timeLimitSeconds: 1 });
    const elapsed = report.cases[0]!.evidence.elapsedMs as number;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(10_000);
    const pids = outcomes[0]!.stdout.trim().split(" ").map(Number);
    expect(pids).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pids.map(alive)).toEqual([false, false]);
  }, 30_000);

  test('an in-process client that ignores its signal is left behind at the limit and fails with "timed out"', async () => {
    const report = await runConformance({ client: () => new Promise(() => {}), cases: ["create.signed"], timeoutPerCaseSeconds: 0.3 });
    expect(report.cases[0]).toMatchObject({ verdict: "FAIL", summary: "timed out: stopped at the case's 0.3 s limit" });
  });

  test("a client that prints megabytes is cut to the output cap; the report stays small and keeps the last stderr line", async () => {
    const script = "process.stdout.write('x'.repeat(5e6)); process.stderr.write('y'.repeat(3e6) + '\\nLastLine\\n'); process.exitCode = 3;";
    const { client: loud, outcomes } = observed(["node", "-e", script]);
    const report = await runConformance({ client: loud, cases: ["create.signed"] });
    const [outcome] = outcomes;
    expect(outcome!.stdout.length).toBe(OUTPUT_CAP_BYTES);
    expect(outcome!.stderr.length).toBe(OUTPUT_CAP_BYTES);
    expect(outcome!.stderr.endsWith("y\nLastLine\n")).toBe(true);
    expect(report.cases[0]!.evidence).toMatchObject({ exit: "exit 3", lastStderrLine: "LastLine", outputCut: true });
    expect(JSON.stringify(report).length).toBeLessThan(20_000);
    const quiet = observed(["node", "-e", "console.log('short')"]);
    await runConformance({ client: quiet.client, cases: ["create.signed"] });
    expect(quiet.outcomes[0]).toMatchObject({ stdout: "short\n", outputCut: false });
  }, 30_000);
});

describe("the command", () => {
  test("a missing command is a clear error before any case runs", async () => {
    const missing = capturingIO();
    expect(await conformanceCommand(["--", "no-such-client-xyz", "--flag"], missing.io)).toBe(2);
    expect(missing.stderr()).toContain("client command not found: no-such-client-xyz (not on PATH)");
    expect(missing.stdout()).toBe("");
    const path = capturingIO();
    expect(await conformanceCommand(["--", "./missing/driver.sh"], path.io)).toBe(2);
    expect(path.stderr()).toContain("client command not found: ./missing/driver.sh (no such executable file)");
    const none = capturingIO();
    expect(await conformanceCommand(["--cases", "create.signed"], none.io)).toBe(2);
    expect(none.stderr()).toContain("no client command");
    const badGlob = capturingIO();
    expect(await conformanceCommand(["--cases", "nothing.*", "--", "node", "-e", ""], badGlob.io)).toBe(2);
    expect(badGlob.stderr()).toContain("matches no case");
    for (const seconds of ["0", "-1", "soon", ""]) {
      const badTime = capturingIO();
      expect(await conformanceCommand([`--timeout-per-case=${seconds}`, "--", "node", "-e", ""], badTime.io)).toBe(2);
      expect(badTime.stderr()).toContain(`--timeout-per-case: must be a number of seconds > 0, got '${seconds}'`);
      expect(badTime.stdout()).toBe("");
    }
  });

  describe("reports and expected verdicts", () => {
    let dir: string;
    beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), "conformance-"))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const driver = ["node", `${ROOT}examples/conformance/rekognition-edge.mjs`];

    test("--json, --junit, --html; exit 0 when no REQUIRED case fails", async () => {
      const files = { json: join(dir, "report.json"), junit: join(dir, "report.xml"), html: join(dir, "report.html") };
      const cli = capturingIO();
      const code = await conformanceCommand([
        "--cases",
        "create.signed,no-retry.*",
        "--json",
        files.json,
        "--junit",
        files.junit,
        "--html",
        files.html,
        "--",
        ...driver,
      ], cli.io);
      expect({ code, stderr: cli.stderr() }).toEqual({ code: 0, stderr: "" });
      const report = JSON.parse(readFileSync(files.json, "utf8"));
      expect(report).toMatchObject({ tool: "rekognition-edge conformance", version: CONFORMANCE_KIT_VERSION, client: `node ${driver[1]}` });
      expect(report.cases.map(({ id, verdict }: { id: string; verdict: string }) => `${id} ${verdict}`)).toEqual([
        "create.signed PASS",
        "no-retry.invalid-parameter PASS",
        "no-retry.access-denied PASS",
      ]);
      expect(readFileSync(files.junit, "utf8").match(/<testcase /g)).toHaveLength(3);
      expect(readFileSync(files.html, "utf8")).toContain("<code>no-retry.access-denied</code>");
      expect(cli.stdout().split("\n")).toEqual([
        `rekognition-edge conformance ${CONFORMANCE_KIT_VERSION}: node ${driver[1]}`,
        expect.stringMatching(/^PASS +REQUIRED +create\.signed +one signed request/),
        expect.stringMatching(/^PASS +REQUIRED +no-retry\.invalid-parameter/),
        expect.stringMatching(/^PASS +REQUIRED +no-retry\.access-denied/),
        "3 cases: 3 PASS, 0 FAIL (0 REQUIRED), 0 NOT_APPLICABLE",
        "",
      ]);
    }, 30_000);

    test("a REQUIRED FAIL exits 1; --expect exits 1 only where a verdict differs", async () => {
      const idle = ["node", "-e", ""];
      expect(await conformanceCommand(["--cases", "create.signed", "--", ...idle], capturingIO().io)).toBe(1);
      const expected = join(dir, "expected.json");
      writeFileSync(expected, JSON.stringify({ "create.signed": "FAIL" }));
      const known = capturingIO();
      expect(await conformanceCommand(["--cases", "create.signed", "--expect", expected, "--", ...idle], known.io)).toBe(0);
      expect(known.stdout()).toContain("every verdict as expected (cases create.signed)");
      writeFileSync(expected, JSON.stringify({ "create.signed": "PASS" }));
      const changed = capturingIO();
      expect(await conformanceCommand(["--cases", "create.signed", "--expect", expected, "--", ...idle], changed.io)).toBe(1);
      expect(changed.stdout()).toContain("differs from the expected verdicts: create.signed: expected PASS, got FAIL");
      writeFileSync(expected, JSON.stringify({ "create.sign": "PASS" }));
      const unknown = capturingIO();
      expect(await conformanceCommand(["--cases", "create.signed", "--expect", expected, "--", ...idle], unknown.io)).toBe(2);
      expect(unknown.stdout()).toBe("");
    }, 30_000);
  });

  describe("--server: a running simulator, through its control plane", () => {
    let server: RunningServer;
    beforeAll(async () => void (server = await startNodeServer({ adminToken: "kit-token" })));
    afterAll(() => server?.close());

    test("with its token: graded; create.session-token NOT_APPLICABLE without session credentials", async () => {
      const report = await runConformance({ client: client(), cases: ["create.*"], server: { url: server.url, adminToken: "kit-token" } });
      expect(report.cases.map(({ id, verdict }) => `${id} ${verdict}`)).toEqual(["create.signed PASS", "create.session-token NOT_APPLICABLE"]);
      expect(report.cases[1]!.summary).toContain("--session-credentials");
    });

    test("a wrong token is refused before any case (the CLI exits 2)", async () => {
      const cli = capturingIO({ REKOGNITION_EDGE_ADMIN_TOKEN: "wrong" });
      expect(await conformanceCommand(["--server", server.url, "--", "node", "-e", ""], cli.io)).toBe(2);
      expect(cli.stderr()).toContain("GET /__admin/health answered 401");
      expect(cli.stdout().split("\n").filter(Boolean)).toHaveLength(1); // the header only
    });
  });
});

test("a command's environment: the driver contract, none of this process's AWS_* settings or admin token", async () => {
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_PROFILE: "personal", AWS_RETRY_MODE: "adaptive", REKOGNITION_EDGE_ADMIN_TOKEN: "secret-token" });
  try {
    const printEnv = commandClient(["node", "-e", "console.log(JSON.stringify(process.env))"]);
    const env = { AWS_ENDPOINT_URL: "http://127.0.0.1:1", REKOGNITION_EDGE_CASE: "create.signed" } as DriverEnvironment;
    const outcome = (await printEnv(env, { signal: new AbortController().signal, timeLimitMs: 10_000 })) as ClientOutcome;
    const seen = JSON.parse(outcome.stdout);
    expect(seen).toMatchObject({ AWS_ENDPOINT_URL: "http://127.0.0.1:1", REKOGNITION_EDGE_CASE: "create.signed", AWS_CONFIG_FILE: devNull });
    expect([seen.AWS_PROFILE, seen.AWS_RETRY_MODE, seen.REKOGNITION_EDGE_ADMIN_TOKEN]).toEqual([undefined, undefined, undefined]);
    expect(seen.PATH).toBe(process.env.PATH);
  } finally {
    for (const name of ["AWS_PROFILE", "AWS_RETRY_MODE", "REKOGNITION_EDGE_ADMIN_TOKEN"]) if (!(name in saved)) delete process.env[name];
  }
});

test("the kit's version is the package's", () => {
  expect(CONFORMANCE_KIT_VERSION).toBe(JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")).version);
});
