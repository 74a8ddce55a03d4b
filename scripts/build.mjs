// Builds the package for Node and bundlers: ESM JavaScript (esbuild) and .d.ts (tsc).
// Usage: node scripts/build.mjs
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });

/** Library entries: runtime-neutral, dependencies left as imports. */
const libraries = [
  { in: "mod.ts", out: "mod" },
  { in: "fixtures/mod.ts", out: "fixtures" }, // rekognition-edge/fixtures (imports msw, an optional peer)
  { in: "fixtures/harness.ts", out: "simulator" }, // rekognition-edge/simulator (no msw)
  { in: "fixtures/node-server.ts", out: "server" }, // rekognition-edge/server (node:http)
  { in: "adapters/node.ts", out: "mod.node" }, // the `node` export condition: mod.ts hashing with node:crypto
  { in: "workflows.ts", out: "workflows" }, // rekognition-edge/workflows (web-standard, no cloudflare:* import)
];
await esbuild.build({
  absWorkingDir: root,
  entryPoints: libraries,
  outdir: dist,
  bundle: true,
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
await esbuild.build({
  absWorkingDir: root,
  entryPoints: [{ in: "adapters/bun.ts", out: "mod.bun" }],
  outdir: dist,
  bundle: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  target: "es2022",
});

/** The CLI: one file for Node ≥ 20 with everything but optional peers inlined. */
await esbuild.build({
  absWorkingDir: root,
  entryPoints: [{ in: "bin/rekognition-edge.ts", out: "cli" }],
  outdir: dist,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["msw", "msw/*"],
  banner: { js: "#!/usr/bin/env node" },
});

// Declarations. Sources import with ".ts"; published declarations must say ".js".
execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "--project", join(root, "tsconfig.build.json")], {
  stdio: "inherit",
});
for (const file of readdirSync(dist, { recursive: true })) {
  if (!String(file).endsWith(".d.ts")) continue;
  const path = join(dist, String(file));
  writeFileSync(path, readFileSync(path, "utf8").replace(/((?:from\s+|import\()["']\.{1,2}\/[^"']+)\.ts(["'])/g, "$1.js$2"));
}
console.log("built dist/");
