/**
 * No import cycles anywhere in the project's sources (issue 18): every
 * TypeScript file of mod.ts, workflows.ts, src/, fixtures/, harness/, cli/,
 * adapters/ and bin/, by its static, dynamic and type-only imports.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "bun:test";
import { importCycles, importGraph, importSpecifiers, type SourceTree, sourceTree, withoutComments } from "./import-graph.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const describeCycle = (cycle: readonly string[]) => cycle.join(" → ");

describe("the import graph", () => {
  const tree = sourceTree(root);
  const graph = importGraph(tree);

  test("has no cycle (each one found is named: a.ts → b.ts → a.ts)", () => {
    expect(importCycles(graph.edges).map(describeCycle)).toEqual([]);
  });

  test("covers every source root, and every project import resolves to a file", () => {
    for (const folder of ["src/", "fixtures/", "harness/", "harness/node/", "cli/", "adapters/", "bin/"]) {
      expect(tree.files.some((file) => file.startsWith(folder))).toBe(true);
    }
    expect(tree.files).toContain("mod.ts");
    expect(tree.files).toContain("workflows.ts");
    expect(graph.missing).toEqual([]);
    // The reader sees the kinds of imports the sources use: a re-export, a type-only import, a dynamic import.
    expect(graph.edges.get("mod.ts")).toContain("src/client.ts");
    expect(graph.edges.get("cli/main.ts")).toContain("cli/serve.ts");
  });

  test("fails on a cycle planted in the real tree, naming it", () => {
    const planted: SourceTree = {
      files: tree.files,
      read: (file) => tree.read(file) + (file === "src/errors.ts" ? '\nimport type { Credentials } from "./client.ts";\n' : ""),
    };
    const cycles = importCycles(importGraph(planted).edges).map(describeCycle);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatch(/^src\/client\.ts → .*src\/errors\.ts → src\/client\.ts$/);
  });
});

describe("the reader of imports", () => {
  test("static, re-export, side-effect, type-only and dynamic imports", () => {
    const source = [
      'import { a } from "./a.ts";',
      'import type { B } from "./b.ts";',
      "import {\n  c,\n  type D,\n} from '../c.ts';",
      'export * from "./e.ts";',
      'export type { F } from "./f.ts";',
      'import "./g.ts";',
      'const h = await import("./h.ts");',
      'export { default as i } from "./i.ts";',
    ].join("\n");
    expect(importSpecifiers(source)).toEqual(["./a.ts", "./b.ts", "../c.ts", "./e.ts", "./f.ts", "./g.ts", "./i.ts", "./h.ts"]);
  });

  test("not imports: comments, JSDoc examples, strings and regular expressions that look like them", () => {
    const source = [
      "// import { x } from './commented.ts';",
      "/**",
      " * ```ts",
      ' * import { y } from "./in-jsdoc.ts";',
      " * ```",
      " */",
      'const text = "// not a comment"; import { z } from "./real.ts";',
      "const re = /['\"]\\/\\//g; import { w } from './after-regexp.ts';",
      "const ratio = a / b; // import('./after-division.ts')",
      "const template = `${'}'} /* ${\"x\"} */`; import('./after-template.ts');",
      'const exported = { from: "./not-a-specifier.ts" };',
    ].join("\n");
    expect(importSpecifiers(source)).toEqual(["./real.ts", "./after-regexp.ts", "./after-template.ts"]);
    expect(withoutComments("a /* b */ c // d\ne")).toBe("a         c \ne");
  });

  test("a cycle is found through any kind of import, a self-import included; a diamond is not a cycle", () => {
    const files: Record<string, string> = {
      "a.ts": 'import { b } from "./b.ts";',
      "b.ts": 'import type { C } from "./sub/c.ts";',
      "sub/c.ts": 'export const c = () => import("../a.ts");',
      "d.ts": 'import "./d.ts";',
      "e.ts": 'import "./f.ts"; import "./g.ts";',
      "f.ts": 'import "./h.ts";',
      "g.ts": 'import "./h.ts";',
      "h.ts": "export {};",
    };
    const graph = importGraph({ files: Object.keys(files), read: (file) => files[file]! });
    expect(importCycles(graph.edges).map(describeCycle)).toEqual(["a.ts → b.ts → sub/c.ts → a.ts", "d.ts → d.ts"]);
  });
});
