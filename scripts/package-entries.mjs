// The package's entries, read from package.json `exports`: the one list of what the package offers.
// Add an entry there, e.g.
//   "./workflows": { "types": "./dist/src/workflows.d.ts", "default": "./dist/workflows.js" }
// and scripts/build.mjs builds it, the packed-package checks (tests/node-smoke/run.ts) import it on every
// runtime, and tests/package.test.ts says what deno.json (JSR) must export (jsrExports).
import { readFileSync } from "node:fs";

/**
 * One entry of the package.
 *
 * @typedef {object} PackageEntry
 * @property {string} subpath what users import after the package name: "." or "./harness".
 * @property {string} source its TypeScript source, e.g. "harness/mod.ts": read off `types`, the declaration
 *   tsc writes for it ("./dist/harness/mod.d.ts").
 * @property {string} output its web-standard bundle (the `default` condition), e.g. "dist/harness.js".
 * @property {Record<string, string>} runtimes bundles of other conditions, e.g. `{ bun: "dist/bun/mod.js", node: "dist/mod.node.js" }`:
 *   each is the entry built for that runtime (from {@link runtimeSource}). A `deno` condition naming the default bundle
 *   is not one (it is there so that Deno, which also matches `node`, takes the web-standard build).
 */

/** The package's manifest. */
export function readManifest(root = new URL("..", import.meta.url).pathname) {
  return JSON.parse(readFileSync(`${root}/package.json`, "utf8"));
}

/** @returns {PackageEntry[]} the entries of `manifest.exports`, in order (`./package.json` left out). */
export function packageEntries(manifest = readManifest()) {
  return Object.entries(manifest.exports)
    .filter(([, target]) => typeof target === "object")
    .map(([subpath, { types, default: output, ...conditions }]) => {
      const source = /^\.\/dist\/(.+)\.d\.ts$/.exec(types ?? "")?.[1];
      if (!source || !/^\.\/dist\/.+\.js$/.test(output ?? "")) {
        throw new Error(`package.json exports["${subpath}"] needs "types": "./dist/<source>.d.ts" and "default": "./dist/<name>.js"`);
      }
      const runtimes = Object.fromEntries(
        Object.entries(conditions)
          .filter(([, file]) => file !== output)
          .map(([condition, file]) => [condition, file.slice(2)]),
      );
      return { subpath, source: `${source}.ts`, output: output.slice(2), runtimes };
    });
}

/**
 * The source an entry is built from for a runtime's condition: the main entry's is `adapters/<condition>.ts` (the
 * client with that runtime's hashing); any other entry's is its own source (it reaches the client's code through
 * the chunks it shares with the main entry in the same build).
 *
 * @param {PackageEntry} entry
 * @param {string} condition
 */
export function runtimeSource(entry, condition) {
  return entry.subpath === "." ? `adapters/${condition}.ts` : entry.source;
}

/** What deno.json (JSR) must export: the same entries, from their TypeScript sources. */
export function jsrExports(entries = packageEntries()) {
  return Object.fromEntries(entries.map(({ subpath, source }) => [subpath, `./${source}`]));
}

/** deno.json, whose comments are whole lines (`// …`). */
export function readDenoConfig(root = new URL("..", import.meta.url).pathname) {
  return JSON.parse(readFileSync(`${root}/deno.json`, "utf8").replace(/^\s*\/\/.*$/gm, ""));
}
