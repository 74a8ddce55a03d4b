/**
 * The import graph of the project's TypeScript, for tests/import-graph.test.ts:
 * which file imports which (static, dynamic and type-only imports and
 * re-exports alike: a cycle through `import type` still ties two modules
 * together), and the cycles in it. A small reader of import specifiers, not a
 * bundler: esbuild's metafile would miss type-only imports (it erases them),
 * and this needs no build.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

/** The project's source roots: every entry and the folders they import from (tests/, examples/ and scripts/ are not the product). */
export const SOURCE_ROOTS = ["mod.ts", "workflows.ts", "src", "fixtures", "harness", "cli", "adapters", "bin"];

/**
 * `source` with its comments blanked out (strings, template literals and
 * regular expressions kept as they are), so an import written in a comment or
 * a JSDoc example is not taken for one.
 */
export function withoutComments(source: string): string {
  let out = "";
  let i = 0;
  /** The last significant character outside strings and comments: tells a regular expression's `/` from a division. */
  let previous = "";
  const copyQuoted = (quote: string) => {
    const start = i++;
    while (i < source.length && source[i] !== quote && source[i] !== "\n") i += source[i] === "\\" ? 2 : 1;
    i++;
    out += source.slice(start, i);
  };
  const copyTemplate = () => {
    out += source[i++];
    while (i < source.length && source[i] !== "`") {
      if (source[i] === "\\") {
        out += source.slice(i, i + 2);
        i += 2;
      } else if (source.startsWith("${", i)) {
        out += "${";
        i += 2;
        copyCode(1);
      } else out += source[i++];
    }
    out += source[i++] ?? "";
  };
  const copyRegExp = () => {
    const start = i++;
    let inClass = false;
    while (i < source.length && source[i] !== "\n" && (inClass || source[i] !== "/")) {
      if (source[i] === "\\") i++;
      else if (source[i] === "[") inClass = true;
      else if (source[i] === "]") inClass = false;
      i++;
    }
    i++;
    out += source.slice(start, i);
  };
  /** Copies code up to the `}` that closes `depth` open braces (or to the end). */
  const copyCode = (depth: number) => {
    while (i < source.length) {
      const char = source[i]!;
      if (source.startsWith("//", i)) {
        while (i < source.length && source[i] !== "\n") i++;
      } else if (source.startsWith("/*", i)) {
        const end = source.indexOf("*/", i + 2);
        const stop = end === -1 ? source.length : end + 2;
        out += source.slice(i, stop).replace(/[^\n]/g, " ");
        i = stop;
      } else if (char === '"' || char === "'") {
        copyQuoted(char);
        previous = char;
      } else if (char === "`") {
        copyTemplate();
        previous = "`";
      } else if (char === "/" && (previous === "" || /[(,=:[!&|?{};+\-*%<>~^]/.test(previous) || /\b(?:return|typeof|case|in|of)$/.test(out.trimEnd()))) {
        copyRegExp();
        previous = "/";
      } else {
        if (char === "{") depth++;
        if (char === "}" && --depth === 0) {
          out += char;
          i++;
          return;
        }
        if (!/\s/.test(char)) previous = char;
        out += char;
        i++;
      }
    }
  };
  copyCode(Infinity);
  return out;
}

/** The module specifiers a file imports or re-exports from: `import … from`, `export … from`, `import "…"`, `import("…")`, `import type`. */
export function importSpecifiers(source: string): string[] {
  const code = withoutComments(source);
  const found: string[] = [];
  for (const match of code.matchAll(/(?<![\w$.])(?:import|export)(?:\s+type)?\s*(?:[\w$*{}\s,]*?\bfrom\s*)?(["'])([^"'\n]+)\1/g)) found.push(match[2]!);
  for (const match of code.matchAll(/(?<![\w$.])import\s*\(\s*(["'])([^"'\n]+)\1\s*\)/g)) found.push(match[2]!);
  return [...new Set(found)];
}

/** A project's files and how to read them, by path relative to its root (`/` separators). */
export interface SourceTree {
  files: readonly string[];
  read(file: string): string;
}

/** The TypeScript files under `roots` of the folder `root`, read from disk. */
export function sourceTree(root: string, roots: readonly string[] = SOURCE_ROOTS): SourceTree {
  const files: string[] = [];
  const walk = (path: string) => {
    const full = join(root, path);
    if (statSync(full).isDirectory()) { for (const name of readdirSync(full).sort()) walk(join(path, name)); }
    else if (/\.ts$/.test(path) && !/\.test(-d)?\.ts$/.test(path)) files.push(path.split("\\").join("/"));
  };
  for (const path of roots) walk(path);
  return { files, read: (file) => readFileSync(join(root, file), "utf8") };
}

/** The graph: each file's project imports (relative specifiers, resolved), and imports of files that do not exist. */
export interface ImportGraph {
  edges: Map<string, string[]>;
  missing: string[];
}

/** Which project file imports which. Bare specifiers (packages, `node:` built-ins) are not the project's and are left out. */
export function importGraph(tree: SourceTree): ImportGraph {
  const known = new Set(tree.files);
  const edges = new Map<string, string[]>();
  const missing: string[] = [];
  for (const file of tree.files) {
    const targets: string[] = [];
    for (const specifier of importSpecifiers(tree.read(file))) {
      if (!specifier.startsWith("./") && !specifier.startsWith("../")) continue;
      const target = relative(".", normalize(join(dirname(file), specifier))).split("\\").join("/");
      if (!target.endsWith(".ts")) continue; // JSON data and the like: leaves
      if (known.has(target)) targets.push(target);
      else missing.push(`${file} → ${specifier}`);
    }
    edges.set(file, targets);
  }
  return { edges, missing };
}

/**
 * The cycles of a graph, one per strongly connected component (Tarjan's
 * algorithm), each written as the path that closes it: `a.ts → b.ts → a.ts`,
 * starting from its first file in order.
 */
export function importCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of edges.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (edges.get(file) ?? []).includes(file)) components.push(component.sort());
  };
  for (const file of [...edges.keys()].sort()) if (!index.has(file)) visit(file);
  return components.sort((a, b) => (a[0]! < b[0]! ? -1 : 1)).map((component) => closingPath(component, edges));
}

/** A shortest path from a component's first file back to itself, through the component (breadth first). */
function closingPath(component: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[] {
  const members = new Set(component);
  const start = component[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const next of edges.get(file) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = file; at !== start; at = cameFrom.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, file);
        queue.push(next);
      }
    }
  }
  return [...component, start];
}
