/**
 * The standalone server: in-process (health, limits, dropped connections, many
 * concurrent clients) and as the real CLI (`rekognition-edge serve`) under Bun
 * and under Node, stopped by SIGTERM and SIGINT.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { RekognitionClient } from "../mod.ts";
import { type RunningServer, startNodeServer } from "../harness/node/server.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { signedRequest } from "./fixtures-helpers.ts";

const root = new URL("..", import.meta.url).pathname;
const output = { S3Bucket: "amzn-s3-demo-bucket" };
const client = (endpoint: string, maxAttempts = 1) => new RekognitionClient({ endpoint, region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, maxAttempts });

describe("in process", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNodeServer({ port: 0, maxBodyBytes: 64 * 1024 });
  });
  afterAll(() => server.close());

  test("listens on 127.0.0.1 at a free port; GET /__admin/health is its health check", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
    const response = await fetch(`${server.url}/__admin/health`);
    expect([response.status, response.headers.get("content-type")]).toEqual([200, "application/json"]);
    expect(await response.json()).toMatchObject({ status: "ok", region: "us-east-1", accountId: "111122223333", trainingSeconds: 3 });
  });

  test("serves signed requests with the Host the client signed, and AWS's headers", async () => {
    const request = await signedRequest({ url: `${server.url}/`, operation: "DescribeProjectVersions", body: { ProjectArn: DEMO_PROJECTS.customLabels } });
    const response = await fetch(request);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(Date.parse(response.headers.get("date")!) - Date.now())).toBeLessThan(60_000);
    expect(Number(response.headers.get("content-length"))).toBe((await response.arrayBuffer()).byteLength);
  });

  test("a request body over the limit: 413, in JSON with a request id and the Date, like every answer", async () => {
    const response = await fetch(`${server.url}/`, { method: "POST", body: "x".repeat(64 * 1024 + 1) });
    expect(response.status).toBe(413);
    expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Math.abs(Date.parse(response.headers.get("date")!) - Date.now())).toBeLessThan(60_000);
    expect(await response.json()).toEqual({ __type: "RequestEntityTooLargeException", message: "Request body larger than 65536 bytes" });
  });

  test("a lost answer closes the connection without a response", async () => {
    server.simulator.loseNextAnswer();
    const request = await signedRequest({ url: `${server.url}/`, body: { ProjectArn: DEMO_PROJECTS.moderation, VersionName: "lost", OutputConfig: output } });
    const error = await fetch(request).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(server.simulator.versions(DEMO_PROJECTS.moderation).map(({ name }) => name)).toEqual(["lost"]);
  });

  test("50 concurrent clients × 20 creates with colliding names: no version lost or duplicated", async () => {
    const names = Array.from({ length: 300 }, (_, i) => `load-${i}`);
    const created: string[] = [];
    let inUse = 0;
    await Promise.all(
      Array.from({ length: 50 }, async (_, clientIndex) => {
        const rekognition = client(server.url);
        for (let i = 0; i < 20; i++) {
          const VersionName = names[(clientIndex * 7 + i * 13) % names.length]!;
          try {
            created.push(
              (await rekognition.createProjectVersion({ ProjectArn: DEMO_PROJECTS.withDatasets, VersionName, OutputConfig: output })).ProjectVersionArn,
            );
          } catch (error) {
            expect((error as Error).name).toBe("ResourceInUseException");
            inUse++;
          }
        }
      }),
    );
    const versions = server.simulator.versions(DEMO_PROJECTS.withDatasets);
    expect(created.length + inUse).toBe(1000);
    expect(new Set(versions.map(({ name }) => name)).size).toBe(versions.length);
    expect(versions.map(({ arn }) => arn).sort()).toEqual([...created].sort());
    expect(inUse).toBeGreaterThan(0); // the names did collide
  }, 30_000);

  test("close() ends idle keep-alive connections too", async () => {
    const other = await startNodeServer({ simulator: new RekognitionSimulator({ seedDemoProjects: false }) });
    await fetch(`${other.url}/`); // leaves a keep-alive connection
    await other.close();
    expect(await fetch(`${other.url}/`).then(() => "answered", () => "refused")).toBe("refused");
  });
});

describe("the CLI: rekognition-edge serve", () => {
  const children = new Set<ChildProcess>();
  let nodeCli: string;
  let buildDir: string;

  beforeAll(async () => {
    // The CLI as `npx rekognition-edge` runs it under Node: bundled the way scripts/build.mjs bundles dist/cli.js.
    buildDir = mkdtempSync(join(tmpdir(), "rekognition-edge-cli-"));
    nodeCli = join(buildDir, "cli.mjs");
    await esbuild.build({
      absWorkingDir: root,
      entryPoints: ["bin/rekognition-edge.ts"],
      outfile: nodeCli,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      external: ["msw", "msw/*"],
      logLevel: "error",
    });
  });

  afterAll(() => {
    for (const child of children) child.kill("SIGKILL");
    rmSync(buildDir, { recursive: true, force: true });
  });

  /** Starts the CLI; resolves when it prints `listening on …` (within 15 s). */
  async function serve(command: string, args: string[], env: Record<string, string> = {}) {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    children.add(child);
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on("exit", (code, signal) => {
        children.delete(child);
        resolve({ code, signal });
      })
    );
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no 'listening on' line within 15 s:\n${output}`)), 15_000);
      const check = () => {
        const match = /^listening on (http:\/\/[\d.]+:\d+)$/m.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout!.on("data", check);
      child.on("exit", () => reject(new Error(`exited before listening:\n${output}`)));
    });
    return { child, url, exited, output: () => output };
  }

  async function trainOnce(url: string) {
    const rekognition = client(url);
    const { ProjectVersionArn } = await rekognition.createProjectVersion({
      ProjectArn: DEMO_PROJECTS.customLabels,
      VersionName: "cli-v1",
      OutputConfig: output,
    });
    expect(ProjectVersionArn).toStartWith(`${DEMO_PROJECTS.customLabels.replace(/\/\d+$/, "")}/version/cli-v1/`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { ProjectVersionDescriptions } = await rekognition.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: ["cli-v1"] });
    expect(ProjectVersionDescriptions![0]!.Status).toBe("TRAINING_COMPLETED");
  }

  test("under Bun: prints the demo projects, credentials and the URL, serves, and stops cleanly on SIGTERM", async () => {
    const cli = await serve(join(root, "node_modules/.bin/bun"), ["bin/rekognition-edge.ts", "serve", "--port", "0", "--training-seconds", "0.2"]);
    const printed = cli.output();
    for (const arn of Object.values(DEMO_PROJECTS)) expect(printed).toContain(arn);
    expect(printed).toContain("AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    expect(printed.trimEnd().split("\n").at(-1)).toBe(`listening on ${cli.url}`);
    await trainOnce(cli.url);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.output()).toContain("SIGTERM: stopped");
  }, 30_000);

  test("under Node (the bundled CLI): serves, accepts --credentials, and stops cleanly on SIGINT", async () => {
    const cli = await serve("node", [nodeCli, "serve", "--port", "0", "--training-seconds", "0.2", "--credentials", "AKIAEXTRA:extra-secret"]);
    expect(cli.output()).toContain("AKIAEXTRA / extra-secret");
    await trainOnce(cli.url);
    const extra = new RekognitionClient({ endpoint: cli.url, region: "us-east-1", credentials: { accessKeyId: "AKIAEXTRA", secretAccessKey: "extra-secret" } });
    expect((await extra.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.moderation })).ProjectVersionDescriptions).toEqual([]);
    cli.child.kill("SIGINT");
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.output()).toContain("SIGINT: stopped");
  }, 30_000);

  test("stops on SIGTERM while a queued answer's delay still runs (10 minutes): nothing keeps the process alive after 'stopped'", async () => {
    for (
      const [command, args] of [
        [join(root, "node_modules/.bin/bun"), ["bin/rekognition-edge.ts"]],
        ["node", [nodeCli]],
      ] as const
    ) {
      const cli = await serve(command, [...args, "serve", "--port", "0"]);
      const queued = await fetch(`${cli.url}/__admin/responses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ operation: "CreateProjectVersion", respond: { delayMs: 600_000 } }),
      });
      expect(queued.status).toBe(200);
      const request = await signedRequest({ url: `${cli.url}/`, body: { ProjectArn: DEMO_PROJECTS.customLabels, VersionName: "late", OutputConfig: output } });
      const answered = fetch(request).then(() => "answered", () => "dropped");
      const pending = async () => ((await (await fetch(`${cli.url}/__admin/responses`)).json()) as { responses: unknown[] }).responses.length;
      while ((await pending()) > 0) await new Promise((resolve) => setTimeout(resolve, 10)); // taken: its delay runs
      cli.child.kill("SIGTERM");
      // Exits by itself, well before the delay: the test's timeout is far shorter.
      expect([command, await cli.exited]).toEqual([command, { code: 0, signal: null }]);
      expect(cli.output()).toContain("SIGTERM: stopped");
      expect(await answered).toBe("dropped");
    }
  }, 30_000);

  test("--region, --seed, --max-concurrent-trainings, --admin-token: the banner says them (never the token), the server applies them", async () => {
    const token = "tok-SECRET-4242";
    const cli = await serve(join(root, "node_modules/.bin/bun"), [
      "bin/rekognition-edge.ts",
      "serve",
      "--port",
      "0",
      "--region",
      "eu-west-1",
      "--seed",
      "9",
      "--max-concurrent-trainings",
      "1",
      "--training-seconds",
      "30",
      "--admin-token",
      token,
    ]);
    const printed = cli.output();
    expect(printed).toContain("arn:aws:rekognition:eu-west-1:111122223333:project/demo-custom-labels/1700000000000");
    expect(printed).toContain("at most 1 at once; seed 9");
    expect(printed).toContain("every request needs Authorization: Bearer <the admin token>");
    expect(printed).not.toContain("SECRET");
    expect((await fetch(`${cli.url}/__admin/health`)).status).toBe(401);
    const health = await (await fetch(`${cli.url}/__admin/health`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(health).toMatchObject({ region: "eu-west-1", seed: 9, maxConcurrentTrainings: 1, trainingSeconds: 30 });
    const rekognition = new RekognitionClient({ endpoint: cli.url, region: "eu-west-1", credentials: SIMULATOR_CREDENTIALS, maxAttempts: 1 });
    const ProjectArn = "arn:aws:rekognition:eu-west-1:111122223333:project/demo-custom-labels/1700000000000";
    await rekognition.createProjectVersion({ ProjectArn, VersionName: "v1", OutputConfig: output });
    expect(((await rekognition.createProjectVersion({ ProjectArn, VersionName: "v2", OutputConfig: output }).catch((error: Error) => error)) as Error).name)
      .toBe("LimitExceededException");
    expect(cli.output()).not.toContain("SECRET");
    cli.child.kill("SIGTERM");
    await cli.exited;
  }, 30_000);

  test("--no-admin: /__admin/ is just another path; REKOGNITION_EDGE_ADMIN_TOKEN gives the token without putting it on the command line", async () => {
    const closed = await serve("node", [nodeCli, "serve", "--port", "0", "--no-admin"]);
    expect(closed.output()).toContain("Control plane: off (--no-admin)");
    const answer = await fetch(`${closed.url}/__admin/health`);
    expect([answer.status, await answer.text()]).toEqual([403, expect.stringContaining("<MissingAuthenticationTokenException>")]);
    closed.child.kill("SIGTERM");
    const fromEnv = await serve("node", [nodeCli, "serve", "--port", "0"], { REKOGNITION_EDGE_ADMIN_TOKEN: "env-token-77" });
    expect((await fetch(`${fromEnv.url}/__admin/state`)).status).toBe(401);
    expect((await fetch(`${fromEnv.url}/__admin/state`, { headers: { authorization: "Bearer env-token-77" } })).status).toBe(200);
    fromEnv.child.kill("SIGTERM");
    await Promise.all([closed.exited, fromEnv.exited]);
  }, 30_000);

  test("refuses to listen beyond loopback with an open control plane; --admin-token or --no-admin allow it", async () => {
    const refused = spawnSync("node", [nodeCli, "serve", "--port", "0", "--host", "0.0.0.0"], { encoding: "utf8", timeout: 15_000 });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("refusing to listen on 0.0.0.0 with an open control plane");
    expect(refused.stderr).toContain("Give --admin-token <token>");
    expect(refused.stdout).not.toContain("listening on");
    const both = spawnSync("node", [nodeCli, "serve", "--port", "0", "--admin-token", "x", "--no-admin"], { encoding: "utf8", timeout: 15_000 });
    expect([both.status, both.stderr]).toEqual([2, expect.stringContaining("--admin-token and --no-admin exclude each other")]);
    const open = await serve("node", [nodeCli, "serve", "--port", "0", "--host", "0.0.0.0", "--admin-token", "tok-0000"]);
    expect(open.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    open.child.kill("SIGTERM");
    await open.exited;
  }, 30_000);

  test("--help prints the options; bad options exit 2", () => {
    const help = spawnSync("node", [nodeCli, "serve", "--help"], { encoding: "utf8", timeout: 15_000 });
    expect(help.status).toBe(0);
    const options = [
      "--port",
      "--host",
      "--region",
      "--training-seconds",
      "--max-concurrent-trainings",
      "--seed",
      "--credentials",
      "--admin-token",
      "--no-admin",
      "--verbose",
    ];
    for (const option of options) expect(help.stdout).toContain(option);
    for (const endpoint of ["GET /__admin/health", "POST /__admin/reset", "GET|DELETE /__admin/requests", "POST|GET|DELETE /__admin/responses"]) {
      expect(help.stdout).toContain(endpoint);
    }
    for (
      const [args, message] of [
        [["--port", "http"], "--port must be an integer"],
        [["--region", "Mars"], "region must be a region name"],
        [["--max-concurrent-trainings", "0"], "--max-concurrent-trainings must be an integer ≥ 1"],
        [["--seed", "1.5"], "--seed must be an integer"],
      ] as const
    ) {
      const bad = spawnSync("node", [nodeCli, "serve", ...args], { encoding: "utf8", timeout: 15_000 });
      expect([args, bad.status, bad.stderr]).toEqual([args, 2, expect.stringContaining(message)]);
    }
    const usage = spawnSync("node", [nodeCli, "--help"], { encoding: "utf8", timeout: 15_000 });
    expect(usage.stdout).toMatch(/^\s+serve\s+Serve the Rekognition simulator/m);
  }, 30_000);
});
