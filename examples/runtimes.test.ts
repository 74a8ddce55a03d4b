/**
 * The examples for Bun, Deno and Node (README, docs/runtimes.md), each run as its own process
 * on its runtime against the standalone server (`rekognition-edge serve`):
 * they must create a version, wait for it, and report TRAINING_COMPLETED.
 * Node loads `rekognition-edge` from dist/ (`npm run build` first; CI's `npm ci` does).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { DEMO_PROJECTS, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { ROOT } from "../scripts/bench-workers.ts";
import { type StandaloneServer, startStandaloneServer } from "../tests/node-smoke/standalone-server.ts";

let server: StandaloneServer;

beforeAll(async () => {
  server = await startStandaloneServer([`${ROOT}node_modules/.bin/bun`, `${ROOT}bin/rekognition-edge.ts`, "serve", "--training-seconds", "0"]);
});
afterAll(() => server?.stop());

const runtimes = {
  "Bun script": [`${ROOT}node_modules/.bin/bun`, "examples/bun/train.ts"],
  Deno: [`${ROOT}node_modules/.bin/deno`, "run", "--allow-env", "--allow-net", "--allow-read", "examples/deno/train.ts"],
  Node: ["node", "examples/node/train.mjs"],
};

for (const [runtime, command] of Object.entries(runtimes)) {
  test(`the ${runtime} example trains a version on the standalone server`, () => {
    const VersionName = `example-${runtime.split(" ")[0]!.toLowerCase()}`;
    const result = spawnSync(command[0]!, [...command.slice(1), DEMO_PROJECTS.customLabels, VersionName, "training-output"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 15_000,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NO_COLOR: "1",
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: SIMULATOR_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: SIMULATOR_CREDENTIALS.secretAccessKey,
        REKOGNITION_ENDPOINT: server.endpoint,
      },
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    expect(result.stdout).toContain(`training arn:aws:rekognition:us-east-1:111122223333:project/demo-custom-labels/version/${VersionName}/`);
    expect(result.stdout).toMatch(/TRAINING_COMPLETED, F1 score 0\.\d+/);
  });
}
