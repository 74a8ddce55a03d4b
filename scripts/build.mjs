// Builds the package for Node, Deno and bundlers: ESM JavaScript (esbuild) and .d.ts (tsc), for the
// entries package.json `exports` lists (scripts/package-entries.mjs), and the CLI.
// Usage: node scripts/build.mjs (npm runs it on install and pack, `prepare`, and before `npm test` and `npm start`)
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { packageEntries, readManifest } from "./package-entries.mjs";

const root = new URL("..", import.meta.url).pathname;
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });

const manifest = readManifest(root);
const entries = packageEntries(manifest);
const outName = (file) => file.replace(/^dist\//, "").replace(/\.js$/, "");
const BUN = "bun";
for (const { subpath, runtimes } of entries) {
  for (const [condition, file] of Object.entries(runtimes)) {
    if (existsSync(join(root, "adapters", `${condition}.ts`))) continue;
    throw new Error(
      `package.json exports["${subpath}"].${condition} is ./${file}: a runtime's build comes from adapters/${condition}.ts, which does not exist (or name the entry's default bundle)`,
    );
  }
}

/**
 * Every entry (web-standard), its runtime variants but Bun's (the `node` condition: mod.ts hashing with
 * node:crypto) and the CLI, in one build: code they share is written once, to dist/chunks/, instead of
 * once per entry. Dependencies stay imports.
 */
await esbuild.build({
  absWorkingDir: root,
  entryPoints: [
    ...entries.flatMap(({ source, output, runtimes }) => [
      { in: source, out: outName(output) },
      ...Object.entries(runtimes)
        .filter(([condition]) => condition !== BUN)
        .map(([condition, file]) => ({ in: `adapters/${condition}.ts`, out: outName(file) })),
    ]),
    // The CLI (`bin`): for Node ≥ 20. Its shebang line comes from the source.
    { in: "bin/rekognition-edge.ts", out: outName(manifest.bin["rekognition-edge"]) },
  ],
  outdir: dist,
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "neutral",
  target: "es2022",
  packages: "external",
  external: ["node:*"],
});

/**
 * Bun's entry (the `bun` export condition): `mod.ts` hashing with Bun.CryptoHasher, as one file with
 * aws4fetch and the valibot functions used inlined. Bun does not bundle, and loading the TypeScript
 * sources (transpiled at each start) plus valibot's whole 200 KB module costs a process about a quarter
 * of its cold start (BENCHMARKS.md).
 */
for (const { runtimes } of entries) {
  if (!runtimes[BUN]) continue;
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [{ in: `adapters/${BUN}.ts`, out: outName(runtimes[BUN]) }],
    outdir: dist,
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
  });
}

// Declarations of the entries and what they import, by tsc with tsconfig.build.json's options.
const scratch = mkdtempSync(join(tmpdir(), "rekognition-edge-build-"));
try {
  const tsconfig = join(scratch, "tsconfig.json");
  writeFileSync(tsconfig, JSON.stringify({ extends: join(root, "tsconfig.build.json"), files: entries.map(({ source }) => join(root, source)), include: [] }));
  execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "--project", tsconfig], { stdio: "inherit" });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
// Sources import with ".ts"; published declarations must say ".js".
for (const file of readdirSync(dist, { recursive: true })) {
  if (!String(file).endsWith(".d.ts")) continue;
  const path = join(dist, String(file));
  writeFileSync(path, readFileSync(path, "utf8").replace(/((?:from\s+|import\()["']\.{1,2}\/[^"']+)\.ts(["'])/g, "$1.js$2"));
}

// Every file package.json points at must now exist.
const targets = [
  ...Object.values(manifest.exports).flatMap((target) => (typeof target === "string" ? [] : Object.values(target))),
  ...Object.values(manifest.bin),
];
const missing = targets.map((target) => target.replace(/^\.\//, "")).filter((target) => target.startsWith("dist/") && !existsSync(join(root, target)));
if (missing.length > 0) throw new Error(`package.json names files the build did not write: ${missing.join(", ")}`);
console.log("built dist/");
