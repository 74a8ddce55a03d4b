/**
 * What a Cloudflare Worker (without nodejs_compat) gets when it bundles the
 * library: no Node built-in, and a size within the budget. Sizes are
 * deterministic, so unlike timings they are checked here.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { FLOOR } from "../scripts/bench-peers.mjs";
import { bundleForWorkers, ROOT, workerEntries } from "../scripts/bench-workers.ts";

/**
 * The size a Worker that creates, describes and waits may not exceed, after minify and gzip -9: the measured
 * size (13.8 KiB on 2026-11-27) plus a little room, so growth is a decision, not an accident.
 *
 * The target is 7 KiB and is NOT met. It is below the floor of the brief: aws4fetch plus the valibot
 * schemas of the two operations, validating input and answer with no client around them, bundle to 8.1 KiB
 * (the "floor" peer of `npm run bench`, scripts/bench-floor.ts). See BENCHMARKS.md.
 */
const WORKER_BUDGET_GZIP_BYTES = 14 * 1024;

describe("bundled for workerd (esbuild, neutral platform, workerd/worker/browser conditions)", () => {
  test("mod.ts pulls in no Node built-in", async () => {
    const bundle = await bundleForWorkers(`export * from "./mod.ts";`, { platform: "neutral", minify: false });
    expect(bundle.nodeImports).toEqual([]);
    expect(/var RekognitionClient = class/.test(bundle.code)).toBe(true); // mod.ts really was bundled
  });

  test("the check sees a Node built-in, by node: name or bare name", async () => {
    const source = `import { readFileSync } from "node:fs"; import { join } from "path"; export const used = [readFileSync, join];`;
    const bundle = await bundleForWorkers(source, { platform: "neutral", minify: false });
    expect(bundle.nodeImports).toEqual(["worker.ts → node:fs", "worker.ts → path"]);
  });
});

test(`a Worker that creates, describes and waits for training fits in ${WORKER_BUDGET_GZIP_BYTES} bytes of gzip -9`, async () => {
  const entry = workerEntries().find(({ peer, variant }) => peer === "rekognition-edge" && variant === "full")!;
  expect(entry.source).toContain("await waitUntilTrainingCompleted(client");
  const bundle = await bundleForWorkers(entry.source);
  expect(bundle.nodeImports).toEqual([]);
  expect(bundle.gzipBytes).toBeLessThanOrEqual(WORKER_BUDGET_GZIP_BYTES);
});

// Why the 7 KiB target stands unmet: if this ever fails (a smaller valibot or aws4fetch), the target may have become reachable.
test("the floor of the brief (aws4fetch + the operations' valibot schemas, no client) is itself over the issue's 7 KiB", async () => {
  const floor = workerEntries().find(({ peer, variant }) => peer === FLOOR && variant === "full")!;
  const bundle = await bundleForWorkers(floor.source);
  expect(bundle.code.includes("AWS4-HMAC-SHA256") && bundle.code.includes('"strict_object"')).toBe(true); // aws4fetch and valibot are in
  expect(bundle.gzipBytes).toBeGreaterThan(7 * 1024);
});

describe("the entries of the package's `bun` and `node` export conditions", () => {
  const manifest = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { exports: Record<string, Record<string, string>> };
  const entryOf = (condition: "bun" | "node") => manifest.exports["."]![condition]!;

  test("Bun's is one built JavaScript file with aws4fetch and valibot inlined (Bun does not bundle)", () => {
    expect(entryOf("bun")).toMatch(/^\.\/dist\/[\w.]+\.js$/);
    const code = readFileSync(`${ROOT}${entryOf("bun")}`, "utf8");
    expect(code).not.toMatch(/^\s*(import|export)\s[^;]*\sfrom\s/m);
    expect(code).not.toMatch(/\bimport\(/);
    expect(code).toContain("var AwsV4Signer = class"); // aws4fetch, inlined
    expect(code).toContain("function safeParse("); // valibot, inlined
  });

  test.each(["bun", "node"] as const)("%s's exports what mod.ts exports", async (condition) => {
    const built = (await import(`${ROOT}${entryOf(condition)}`)) as Record<string, unknown>;
    const source = (await import("../mod.ts")) as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual(Object.keys(source).sort());
  });
});
