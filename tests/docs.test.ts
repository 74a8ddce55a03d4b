/**
 * The documentation: the README fits on a few screens; every relative link of every page of the repository
 * resolves (file and `#anchor`); every docs page is in the index; every TypeScript block type-checks against the
 * package's sources, and every excerpt is lines of its file; every export of `rekognition-edge` and
 * `rekognition-edge/workflows` is documented. The checkers themselves are checked on pages made to fail.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { excerptsProblems, typeCheckBlocks } from "./docs-code.ts";
import { brokenLinks, codeBlocks, headingAnchors, type LinkContext, markdownLinks, slug } from "./markdown.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/** Every Markdown page of the repository (not dependencies, builds or git's), relative to the root. */
const PAGES = (function pagesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) return ["node_modules", "dist", ".git"].includes(entry.name) ? [] : pagesUnder(path);
    return entry.name.endsWith(".md") ? [path] : [];
  });
})("").sort();

/** Links resolved against the repository's files. */
const REPOSITORY: LinkContext = { exists: (path) => existsSync(join(ROOT, path)), read: (path) => readFileSync(join(ROOT, path), "utf8") };

/** Links resolved against a set of pages given as text (a directory exists when a file is in it). */
function pagesContext(files: Record<string, string>): LinkContext {
  const paths = Object.keys(files);
  return { exists: (path) => paths.some((file) => file === path || file.startsWith(`${path}/`)), read: (path) => files[path]! };
}

test("the README is at most 15 KB", () => {
  expect(statSync(join(ROOT, "README.md")).size).toBeLessThanOrEqual(15_000);
});

test("the pages checked include the README, SECURITY, BENCHMARKS and every docs page", () => {
  expect(PAGES).toEqual(expect.arrayContaining(["README.md", "SECURITY.md", "BENCHMARKS.md", "docs/README.md", "docs/client.md", "docs/moving-from-0.1.md"]));
});

describe("links", () => {
  test("every relative link of every page names a file that exists, and every #anchor a heading of its page", () => {
    expect(PAGES.flatMap((page) => markdownLinks(REPOSITORY.read(page))).length).toBeGreaterThan(50); // the check sees the links
    expect(brokenLinks(PAGES, REPOSITORY)).toEqual([]);
  });

  test("every docs page is linked from the index, docs/README.md", () => {
    const linked = new Set(markdownLinks(REPOSITORY.read("docs/README.md")).map(({ target }) => `docs/${target.split("#")[0]}`));
    expect(PAGES.filter((page) => page.startsWith("docs/") && page !== "docs/README.md" && !linked.has(page))).toEqual([]);
  });

  test("the checker reports a missing file, a missing anchor, an anchor into a file that is not a page, and a link out of the repository", () => {
    const files = {
      "README.md": [
        "# Title",
        "See [the guide](docs/guide.md#setting-up), [gone](docs/gone.md), [top](#title), [bad](#nowhere),",
        "[code](src/x.ts#L3), [out](../elsewhere.md), [folder](docs/), [ok](docs/guide.md#setting-up-1).",
      ].join("\n"),
      "docs/guide.md": "# Guide\n\n## Setting up\n\n## Setting up\n",
      "src/x.ts": "",
    };
    expect(brokenLinks(["README.md"], pagesContext(files)).map(({ line, target, problem }) => `${line} ${target}: ${problem}`)).toEqual([
      "2 docs/gone.md: no such file: docs/gone.md",
      "2 #nowhere: no heading of README.md has the anchor #nowhere",
      "3 src/x.ts#L3: an anchor into src/x.ts, which is not a Markdown page",
      "3 ../elsewhere.md: outside the repository",
    ]);
  });

  test("links in code (fenced blocks, code spans) and comments are not links; URLs are not checked; reference definitions are", () => {
    const page = [
      "A [link](a.md) and `[not](b.md)` and <!-- [not](c.md) -->.",
      "```md",
      "[not](d.md)",
      "```",
      "~~~",
      "```",
      "[not](e.md)",
      "~~~",
      '[site](https://example.com) [mail](mailto:x@example.com) ![image](img/logo.png "Logo")',
      "[ref]: docs/ref.md",
    ].join("\n");
    expect(markdownLinks(page)).toEqual([
      { target: "a.md", line: 1 },
      { target: "img/logo.png", line: 9 },
      { target: "docs/ref.md", line: 10 },
    ]);
  });

  test("headings get GitHub's anchors: code, links and punctuation dropped, spaces as hyphens, repeats numbered", () => {
    expect(slug("`client.createProjectVersion(input, { signal?, reconcile? })`")).toBe("clientcreateprojectversioninput--signal-reconcile-");
    expect(slug("Record a real session, replay it as fixtures")).toBe("record-a-real-session-replay-it-as-fixtures");
    expect(slug("Node ≥ 20 ([`examples/node/train.mjs`](examples/node/train.mjs))")).toBe("node--20-examplesnodetrainmjs");
    expect(slug("What `rekognition-edge/workflows` exports")).toBe("what-rekognition-edgeworkflows-exports");
    expect(slug("**Bold** and snake_case")).toBe("bold-and-snake_case");
    expect([...headingAnchors('# A\n## A\n```\n# not a heading\n```\n### A ###\n<a id="custom"></a>')]).toEqual(["a", "a-1", "a-2", "custom"]);
  });
});

describe("code blocks", () => {
  test("fenced blocks are read with their language, first line and excerpt marker", () => {
    const page = ["Text", "<!-- excerpt of ../examples/bun/train.ts -->", "```ts", "const a = 1;", "```", "", "````md", "```ts", "inner", "```", "````"].join(
      "\n",
    );
    expect(codeBlocks(page)).toEqual([
      { lang: "ts", code: "const a = 1;", line: 4, excerptOf: "../examples/bun/train.ts" },
      { lang: "md", code: "```ts\ninner\n```", line: 8 },
    ]);
  });

  test("every excerpt is lines of its file, in order", () => {
    expect(PAGES.flatMap((page) => codeBlocks(REPOSITORY.read(page))).filter(({ excerptOf }) => excerptOf).length).toBeGreaterThanOrEqual(3);
    expect(excerptsProblems(ROOT, PAGES)).toEqual([]);
  });

  test("every TypeScript block type-checks (tsc, the package's entries mapped to their sources); a broken block is reported at its line", () => {
    // A page made to fail, checked in the same tsc run as the real pages: its problems, and only its, are reported.
    const fixtureDir = "node_modules/.cache/rekognition-edge-docs-fixture";
    const fixture = `${fixtureDir}/page.md`;
    mkdirSync(join(ROOT, fixtureDir), { recursive: true });
    writeFileSync(
      join(ROOT, fixture),
      [
        "# A page with a broken example",
        "",
        "```ts",
        'import { RekognitionClient } from "rekognition-edge";',
        'import { RekognitionSimulator } from "rekognition-edge/harness";',
        "",
        "new RekognitionClient({ region: 42 });",
        "new RekognitionSimulator().fetch;",
        "client.createProjectVersion(input);",
        "```",
        "",
        "```js",
        "not typescript at all (",
        "```",
        "",
        "Two blocks without imports, each a module of its own: their names do not clash.",
        "",
        "```ts",
        "const shared = 1;",
        "```",
        "",
        "```ts",
        "const shared = 2;",
        "```",
      ].join("\n"),
    );
    try {
      const { problems, sources } = typeCheckBlocks(ROOT, [...PAGES, fixture]);
      // Checked against the sources (no build needed), every entry the docs import among them.
      expect(sources).toEqual(expect.arrayContaining(["mod.ts", "workflows.ts", "harness/mod.ts", "harness/node/mod.ts", "fixtures/mod.ts"]));
      expect(sources.filter((file) => file.startsWith("dist/"))).toEqual([]);
      expect(problems.filter(({ page }) => page !== fixture)).toEqual([]);
      expect(problems.map(({ page, line, message }) => `${page}:${line} ${/error TS\d+/.exec(message)?.[0]}`)).toEqual([`${fixture}:7 error TS2322`]);
    } finally {
      rmSync(join(ROOT, fixtureDir), { recursive: true, force: true });
    }
  }, 60_000);

  test("the excerpt checker reports a line its file does not have, and a file that does not exist", () => {
    const dir = "node_modules/.cache/rekognition-edge-docs-excerpt";
    mkdirSync(join(ROOT, dir), { recursive: true });
    writeFileSync(join(ROOT, dir, "example.ts"), "const a = 1;\nconst b = 2;\nconst c = 3;\n");
    writeFileSync(
      join(ROOT, dir, "page.md"),
      [
        "<!-- excerpt of example.ts -->",
        "```ts",
        "const a = 1;",
        "// …",
        "const c = 3;",
        "```",
        "<!-- excerpt of example.ts -->",
        "```ts",
        "const c = 3;",
        "const b = 2;",
        "```",
        "<!-- excerpt of missing.ts -->",
        "```ts",
        "```",
      ].join("\n"),
    );
    try {
      expect(excerptsProblems(ROOT, [`${dir}/page.md`]).map(({ line, message }) => `${line} ${message}`)).toEqual([
        `10 not a line of ${dir}/example.ts (after its line 3): const b = 2;`,
        `12 excerpt of ${dir}/missing.ts, which does not exist`,
      ]);
    } finally {
      rmSync(join(ROOT, dir), { recursive: true, force: true });
    }
  });
});

describe("what the entries export is documented", () => {
  /** Whether a page's text names `name` in code: `name`, or a call or generic of it (`name(…)`, `name<…>`). */
  const names = (text: string, name: string) => new RegExp(`\`${name}[\`(<]`).test(text);
  /** The names an entry's source exports, values and types (its `export { … } from` lists). */
  const exportsOf = (source: string) =>
    [...readFileSync(join(ROOT, source), "utf8").matchAll(/export (type )?\{([^}]*)\} from "([^"]+)"/g)].flatMap(([, typeOnly, names, from]) =>
      names!.split(",").map((name) => name.trim().replace(/^type /, "")).filter(Boolean).map((name) => ({ name, typeOnly: Boolean(typeOnly), from: from! }))
    );

  test("each entry lists its exports by name (no export *)", () => {
    for (const source of ["mod.ts", "workflows.ts"]) expect(readFileSync(join(ROOT, source), "utf8")).not.toMatch(/^export (type )?\*/m);
  });

  test("docs/client.md names every export of rekognition-edge", async () => {
    const exported = exportsOf("mod.ts").map(({ name }) => name);
    // The list read from mod.ts is what the module exports (its values, at least).
    expect(exported).toEqual(expect.arrayContaining(Object.keys(await import("../mod.ts"))));
    const documented = REPOSITORY.read("docs/client.md").split("## What `rekognition-edge` exports")[1] ?? "";
    expect(exported.filter((name) => !names(documented, name))).toEqual([]);
  });

  test("docs/workflows.md names every export of rekognition-edge/workflows (its re-exported types are rekognition-edge's)", () => {
    const own = exportsOf("workflows.ts").filter(({ from }) => from !== "./mod.ts").map(({ name }) => name);
    expect(own).toContain("trainProjectVersion");
    const documented = REPOSITORY.read("docs/workflows.md").split("## What `rekognition-edge/workflows` exports")[1] ?? "";
    expect(own.filter((name) => !names(documented, name))).toEqual([]);
    const modExports = new Set(exportsOf("mod.ts").map(({ name }) => name));
    expect(exportsOf("workflows.ts").filter(({ from }) => from === "./mod.ts").filter(({ name, typeOnly }) => !typeOnly || !modExports.has(name))).toEqual([]);
  });
});
