// Builds the package for Node, Deno and bundlers: ESM JavaScript (esbuild) and .d.ts (tsc), for the
// entries package.json `exports` lists (scripts/package-entries.mjs), and the CLI.
// Usage: node scripts/build.mjs (npm runs it on install and pack, `prepare`, and before `npm test` and `npm start`)
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { packageEntries, readManifest, runtimeSource } from "./package-entries.mjs";

const root = new URL("..", import.meta.url).pathname;
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });

const manifest = readManifest(root);
const entries = packageEntries(manifest);
const outName = (file) => file.replace(/^dist\//, "").replace(/\.js$/, "");
const BUN = "bun";
for (const entry of entries) {
  for (const [condition, file] of Object.entries(entry.runtimes)) {
    if (existsSync(join(root, runtimeSource(entry, condition)))) continue;
    throw new Error(
      `package.json exports["${entry.subpath}"].${condition} is ./${file}: a runtime's build of the main entry comes from adapters/${condition}.ts, which does not exist (or name the entry's default bundle)`,
    );
  }
}
// Bun's entries come from a build of their own: a Bun user importing an entry without a `bun` condition would get
// the other build's copy of a class (a ResourceInUseException a workflow throws would not be the main entry's).
const withoutBun = entries.filter(({ runtimes }) => !runtimes[BUN]).map(({ subpath }) => subpath);
if (withoutBun.length > 0 && withoutBun.length < entries.length) {
  throw new Error(`package.json exports: every entry needs a "${BUN}" condition, or none; these have none: ${withoutBun.join(", ")}`);
}

/**
 * Every entry (web-standard), its runtime variants but Bun's (the `node` condition: mod.ts hashing with
 * node:crypto) and the CLI, in one build: code they share is written once, to dist/chunks/, instead of
 * once per entry, so each class exists once (`instanceof` holds across entries). Dependencies stay imports.
 */
await esbuild.build({
  absWorkingDir: root,
  entryPoints: [
    ...entries.flatMap((entry) => [
      { in: entry.source, out: outName(entry.output) },
      ...Object.entries(entry.runtimes)
        .filter(([condition]) => condition !== BUN)
        .map(([condition, file]) => ({ in: runtimeSource(entry, condition), out: outName(file) })),
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
 * Bun's entries (the `bun` export conditions): the main one is `mod.ts` hashing with Bun.CryptoHasher
 * (adapters/bun.ts), the others their own sources, in one build of their own with aws4fetch and the valibot
 * functions used inlined. Bun does not bundle, and loading the TypeScript sources (transpiled at each start)
 * plus valibot's whole 200 KB module costs a process about a quarter of its cold start (BENCHMARKS.md).
 * Code the entries share goes to chunks of this build, so each class exists once on Bun too. msw (the
 * fixtures' optional peer) and Node built-ins stay imports.
 */
const bunEntries = entries.filter(({ runtimes }) => runtimes[BUN]);
if (bunEntries.length > 0) {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: bunEntries.map((entry) => ({ in: runtimeSource(entry, BUN), out: outName(entry.runtimes[BUN]) })),
    outdir: dist,
    bundle: true,
    splitting: true,
    chunkNames: `${BUN}/chunks/[name]-[hash]`,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    external: ["msw", "node:*"],
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
