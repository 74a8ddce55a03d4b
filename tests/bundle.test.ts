/**
 * What a Cloudflare Worker (without nodejs_compat) gets when it bundles the
 * library: no Node built-in, and a size within the budget. Sizes are
 * deterministic, so unlike timings they are checked here.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { FLOOR } from "../scripts/bench-peers.mjs";
import { bundleForWorkers, gzipShares, ROOT, workerEntries } from "../scripts/bench-workers.ts";

/**
 * The size a Worker that creates, describes and waits may not exceed, after minify and gzip -9: the measured
 * size (13,251 B on 2026-11-30; 13,316 B since CreateProjectVersion refuses manifests without Assets, issue 12;
 * 13,398 B since the review of issue 13's follow-up moved logic the workflows entry had copied into the client:
 * `reconcile: { since }` +41 B, the retry rule on plain data +26 B, one seconds validator with a maximum +29 B,
 * the waiters' shared delays +13 B, one issues formatter −27 B; 13,449 B since systemClock.sleep sleeps in chunks of
 * at most 2^31 − 1 ms, issue 18, +51 B; 13,455 B since the errors.ts ↔ validation.ts import cycle is broken, the
 * issues formatter in a module of its own, issue 18, +6 B of module order; 13,532 B since every request carries the
 * SDKs' amz-sdk-invocation-id and amz-sdk-request headers, the conformance kit's headers.invocation-id case, +77 B)
 * plus a little room, so growth is a decision, not an accident.
 *
 * The issue's target is 10 KiB (10,240 B) and is NOT met. The brief's two dependencies set the floor: aws4fetch's
 * signer class (2.0 KB of the bundle's gzip) and valibot (1.7 KB), with the model's schemas 7.0 KB before any client
 * code. Measured with prototypes (BENCHMARKS.md): our own 20-line SigV4 instead of aws4fetch's class gives 11,167 B,
 * a purpose-built Smithy-shape checker instead of valibot 10,981 B, both 8,864 B.
 */
const WORKER_BUDGET_GZIP_BYTES = 13_550;

describe("bundled for workerd (esbuild, neutral platform, workerd/worker/browser conditions)", () => {
  test("mod.ts pulls in no Node built-in", async () => {
    const bundle = await bundleForWorkers(`export * from "./mod.ts";`, { platform: "neutral", minify: false });
    expect(bundle.nodeImports).toEqual([]);
    expect(/var RekognitionClient = class/.test(bundle.code)).toBe(true); // mod.ts really was bundled
  });

  test("the check sees a Node built-in, by node: name or bare name", async () => {
    const source = `import { readdirSync, readFileSync } from "node:fs"; import { join } from "path"; export const used = [readFileSync, join];`;
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

// aws4fetch's AwsClient (and its retry loop) would ship unused: the client signs with AwsV4Signer alone.
test("only aws4fetch's signer ships, not its AwsClient and retry loop", async () => {
  const entry = workerEntries().find(({ peer, variant }) => peer === "rekognition-edge" && variant === "full")!;
  const { code } = await bundleForWorkers(entry.source);
  expect(code).toContain("AWS4-HMAC-SHA256"); // the signer is in
  expect(code).not.toContain("initRetryMs"); // AwsClient's retry loop is not
  const raw = await bundleForWorkers(workerEntries().find(({ peer, variant }) => peer === FLOOR && variant === "full")!.source);
  expect(raw.code).toContain("initRetryMs"); // what the check would see if it did
});

test("gzipShares: each module's characters and gzip share of a bundle, largest share first", async () => {
  const full = workerEntries().find(({ peer, variant }) => peer === "rekognition-edge" && variant === "full")!;
  const shares = await gzipShares(full.source);
  const bundle = await bundleForWorkers(full.source);
  const modules = shares.map(({ module }) => module);
  expect(modules).toContain("src/client.ts");
  expect(modules).toContain("aws4fetch"); // a package counts as one module
  expect(modules).toContain("valibot");
  expect(modules).not.toContain("src/paginate.ts"); // not in this Worker
  expect(shares.map(({ gzipShare }) => gzipShare)).toEqual(shares.map(({ gzipShare }) => gzipShare).sort((a, b) => b - a));
  for (const { gzipShare, minifiedBytes } of shares) expect([gzipShare > 0, gzipShare < minifiedBytes]).toEqual([true, true]);
  const attributed = shares.reduce((sum, { minifiedBytes }) => sum + minifiedBytes, 0);
  expect(attributed).toBeLessThanOrEqual(bundle.bytes);
  expect(attributed).toBeGreaterThan(bundle.bytes * 0.95); // nearly every character has a module
});

describe("the entries of the package's `bun` and `node` export conditions", () => {
  const manifest = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { exports: Record<string, Record<string, string>> };
  const entryOf = (condition: "bun" | "node") => manifest.exports["."]![condition]!;
  const bunFiles = readdirSync(`${ROOT}dist/bun`, { recursive: true }).map(String).filter((file) => file.endsWith(".js"));

  test("Bun's are one build of their own: aws4fetch and valibot inlined (Bun does not bundle), their code shared in its chunks", () => {
    const bunEntries = Object.values(manifest.exports).flatMap((target) => (typeof target === "string" ? [] : [target.bun!]));
    expect(bunEntries.filter((file) => !/^\.\/dist\/bun\/[\w.-]+\.js$/.test(file))).toEqual([]);
    const imported = new Set<string>();
    for (const file of bunFiles) {
      const code = readFileSync(`${ROOT}dist/bun/${file}`, "utf8");
      for (const [, specifier] of code.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s*"([^"]+)"/gm)) {
        imported.add(specifier!.replace(/^\.\.?\/.*$/, "(relative)"));
      }
      for (const [, specifier] of code.matchAll(/^\s*import\s*"([^"]+)"/gm)) imported.add(specifier!.replace(/^\.\.?\/.*$/, "(relative)"));
    }
    // Nothing but their own chunks, the optional peer msw, and Node built-ins (rekognition-edge/harness/node's).
    expect([...imported].filter((specifier) => specifier !== "(relative)" && specifier !== "msw" && !specifier.startsWith("node:"))).toEqual([]);
    const all = bunFiles.map((file) => readFileSync(`${ROOT}dist/bun/${file}`, "utf8")).join("\n");
    expect(all).toContain("var AwsV4Signer = class"); // aws4fetch, inlined
    expect(all).toContain("function safeParse("); // valibot, inlined
    // Each class once in the build: the error classes' module is in one file.
    expect(bunFiles.filter((file) => readFileSync(`${ROOT}dist/bun/${file}`, "utf8").includes("var ResourceInUseException = class"))).toHaveLength(1);
  });

  test.each(["bun", "node"] as const)("%s's exports what mod.ts exports", async (condition) => {
    const built = (await import(`${ROOT}${entryOf(condition)}`)) as Record<string, unknown>;
    const source = (await import("../mod.ts")) as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual(Object.keys(source).sort());
  });
});
