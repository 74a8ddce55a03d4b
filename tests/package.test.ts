/**
 * The package's manifests agree: package.json `exports` is the list of entries (scripts/package-entries.mjs),
 * deno.json (JSR) publishes the same entries at the same version under the same license, and every runtime's
 * export condition leads where it should. What the built, packed package does is tests/node-smoke/run.ts's.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { jsrExports, packageEntries, readDenoConfig, readManifest } from "../scripts/package-entries.mjs";
import { ROOT } from "../scripts/bench-workers.ts";

const manifest = readManifest(ROOT);
const deno = readDenoConfig(ROOT);
const entries = packageEntries(manifest);

describe("package.json exports (the entries)", () => {
  test("each entry names its TypeScript source (by its declaration) and its bundle; the sources exist", () => {
    expect(entries.map(({ subpath }) => subpath)).toEqual([".", "./fixtures", "./harness", "./harness/node", "./workflows"]);
    expect(entries[0]).toEqual({ subpath: ".", source: "mod.ts", output: "dist/mod.js", runtimes: { bun: "dist/bun/mod.js", node: "dist/mod.node.js" } });
    expect(entries.filter(({ source }) => !existsSync(`${ROOT}${source}`))).toEqual([]);
  });

  test("an entry without a declaration under dist/ is refused, with what to write", () => {
    const broken = { exports: { "./workflows": { types: "./src/workflows.ts", default: "./dist/workflows.js" } } };
    expect(() => packageEntries(broken)).toThrow('package.json exports["./workflows"] needs "types": "./dist/<source>.d.ts"');
  });

  test("Deno, which matches the `node` condition too, takes the web-standard build wherever a `node` build exists", () => {
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (typeof target === "string" || !("node" in target)) continue;
      const conditions = Object.keys(target);
      expect({ subpath, deno: target.deno }).toEqual({ subpath, deno: target.default });
      expect(conditions.indexOf("deno")).toBeLessThan(conditions.indexOf("node"));
    }
  });

  test("every entry has a `bun` condition, into dist/bun/: Bun's entries are one build, so each class exists once on Bun", () => {
    expect(entries.filter(({ runtimes }) => !runtimes.bun?.startsWith("dist/bun/")).map(({ subpath }) => subpath)).toEqual([]);
  });

  test("`types` comes first and `default` last in every entry (conditions match in order)", () => {
    for (const target of Object.values(manifest.exports)) {
      if (typeof target === "string") continue;
      const conditions = Object.keys(target);
      expect([conditions[0], conditions.at(-1)]).toEqual(["types", "default"]);
    }
  });

  test("the package is ESM only, for Node ≥ 20", () => {
    expect(manifest.type).toBe("module");
    expect(manifest.engines).toEqual({ node: ">=20" });
    expect(Object.values(manifest.exports).flatMap((target) => (typeof target === "string" ? [] : Object.keys(target)))).not.toContain("require");
  });
});

describe("deno.json (JSR) and package.json (npm) agree", () => {
  test("the same version", () => {
    expect(deno.version).toBe(manifest.version as string);
  });

  test("the same entries, from their TypeScript sources", () => {
    // Adding an entry to package.json? deno.json's "exports" must be this:
    expect(deno.exports).toEqual(jsrExports(entries));
  });

  test("the same license, whose text is LICENSE (published by both)", () => {
    expect([deno.license, manifest.license]).toEqual(["Apache-2.0", "Apache-2.0"]);
    expect(readFileSync(`${ROOT}LICENSE`, "utf8")).toStartWith(
      "\n                                 Apache License\n                           Version 2.0, January 2004\n",
    );
    expect(manifest.files).toContain("LICENSE");
    expect(deno.publish?.include).toContain("LICENSE");
  });

  test("JSR imports the npm dependencies at package.json's versions, and msw (./fixtures's peer) at the peer range", () => {
    // deno publish writes bare imports as npm: specifiers at package.json's versions, unless deno.json maps them.
    const imports = (deno as { imports?: Record<string, string> }).imports ?? {};
    expect(imports.msw).toBe(`npm:msw@${(manifest.peerDependencies as Record<string, string>).msw}`);
    for (const [name, version] of Object.entries(manifest.dependencies ?? {})) {
      expect({ name, mapped: imports[name] ?? `npm:${name}@${version}` }).toEqual({ name, mapped: `npm:${name}@${version}` });
    }
  });

  test("JSR publishes every entry's source, and no tests", () => {
    const include = deno.publish?.include ?? [];
    const covered = (source: string) => include.some((pattern) => pattern === source || (pattern.endsWith("/") && source.startsWith(pattern)));
    expect(entries.filter(({ source }) => !covered(source))).toEqual([]);
    expect(deno.publish?.exclude).toEqual(expect.arrayContaining(["**/*.test.ts", "**/*.test-d.ts"]));
    expect(include.filter((pattern) => /^(tests|scripts|\.ci|node_modules|dist)\b|package-lock/.test(pattern))).toEqual([]);
  });
});
