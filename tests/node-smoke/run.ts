/**
 * Node 20 consuming the built package: packs it (`npm pack`, as published),
 * installs the tarball into a scratch application's node_modules (its
 * dependencies linked from ours: no network), starts the packed CLI's
 * standalone server under Node, then
 *
 * 1. runs app/smoke.mjs under plain `node` (imports `rekognition-edge` by name);
 * 2. type-checks app/smoke-types.ts against the packed `.d.ts` (nodenext resolution).
 *
 * Needs a built dist/ (`npm run build`; `npm ci` runs it). Ends with "N passed, N failed".
 * Usage: bun tests/node-smoke/run.ts
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStandaloneServer } from "./standalone-server.ts";

const root = new URL("../../", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "rekognition-edge-node-smoke-"));
const app = join(scratch, "app");
const installed = join(app, "node_modules", "rekognition-edge");
let passed = 0;
let failed = 0;

function check(name: string, run: () => void): void {
  try {
    run();
    passed++;
    console.log(`(pass) ${name}`);
  } catch (error) {
    failed++;
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    console.log(`(fail) ${name}\n${stdout ?? ""}${stderr ?? ""}${stdout || stderr ? "" : String(error)}`);
  }
}

try {
  if (!existsSync(join(root, "dist/mod.js")) || !existsSync(join(root, "dist/mod.d.ts"))) throw new Error("no dist/: run `npm run build` first");
  const [{ filename }] = JSON.parse(
    execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }),
  ) as [{ filename: string }];
  mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", join(scratch, filename), "-C", installed, "--strip-components=1"]);
  const { dependencies = {} } = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(dependencies)) symlinkSync(join(root, "node_modules", name), join(app, "node_modules", name), "dir");
  cpSync(new URL("./app", import.meta.url).pathname, app, { recursive: true });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "node-smoke", private: true, type: "module" }));

  const server = await startStandaloneServer(["node", join(installed, "dist/cli.js"), "serve", "--training-seconds", "0.5"], { cwd: app });
  try {
    const nodeVersion = execFileSync("node", ["--version"], { encoding: "utf8" }).trim();
    check(`node ${nodeVersion} runs smoke.mjs, importing rekognition-edge from node_modules`, () => {
      console.log(execFileSync("node", ["smoke.mjs", server.endpoint], { cwd: app, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim());
    });
  } finally {
    await server.stop();
  }
  check("the packed declarations type-check an application (module nodenext, strict)", () => {
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    const options = ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--lib", "es2023,dom", "--types", ""];
    execFileSync("node", [tsc, ...options, "smoke-types.ts"], { cwd: app, stdio: ["ignore", "pipe", "pipe"] });
  });
} catch (error) {
  failed++;
  console.log(`(fail) node smoke setup: ${(error as Error).message}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
