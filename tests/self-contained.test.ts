/**
 * A clone with nothing beside it installs, tests and starts (issue 17): no
 * file of the project reaches outside the repository, and the facts the tests
 * read (spec/) are the committed ones.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "bun:test";
import { readDenoConfig } from "../scripts/package-entries.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Not the project's own files: installed, built or version control. */
const NOT_OURS = new Set(["node_modules", ".git", "dist"]);
/** Files that can name a path: code, scripts, configuration, docs. */
const TEXT_FILE = /\.(?:[cm]?[jt]s|tsx|py|sh|json|jsonc|toml|ya?ml|md|html)$|^\.ci\/run$/;

function* projectFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (NOT_OURS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* projectFiles(path);
    else if (TEXT_FILE.test(relative(root, path))) yield path;
  }
}

/**
 * Where `text` (the contents of `file`, a path under `repoRoot`) reaches
 * outside the repository: a relative path that climbs above its root, or a
 * sibling folder named `shared` (where this project's research lives, which
 * no clone has). One line per finding.
 */
function pathsOutside(repoRoot: string, file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?<=["'`(\s=])((?:\.\.\/)+[^"'`\s)]*)/g)) {
    const path = match[1]!;
    if (relative(repoRoot, resolve(dirname(file), path)).startsWith("..")) found.push(`${relative(repoRoot, file)}: ${path}`);
  }
  for (const match of text.matchAll(/(?:\.\.\/)+shared\/[^"'`\s)]*/g)) found.push(`${relative(repoRoot, file)}: ${match[0]}`);
  return [...new Set(found)];
}

describe("nothing outside the repository", () => {
  test("no file of the project names a path above the repository's root, nor ../shared", () => {
    const found = [...projectFiles(root)].flatMap((file) => pathsOutside(root, file, readFileSync(file, "utf8")));
    expect(found).toEqual([]);
  });

  test("the check finds what it looks for (a path is judged from its own file's folder)", () => {
    // Written in pieces, so that this file does not hold what it looks for.
    const up = "../";
    const inTests = join(root, "tests", "x.ts");
    expect(pathsOutside(root, inTests, `new URL("${up}${up}shared/spec/", import.meta.url)`)).toEqual([`tests/x.ts: ${up}${up}shared/spec/`]);
    expect(pathsOutside(root, inTests, `readFileSync("${up}${up}other-repo/model.json")`)).toEqual([`tests/x.ts: ${up}${up}other-repo/model.json`]);
    expect(pathsOutside(root, join(root, "x.md"), `see ${up}shared/spec/SPEC.md`)).toEqual([`x.md: ${up}shared/spec/SPEC.md`]);
    // A sibling "shared" is refused even where the path would stay inside (a nested copy of the layout).
    expect(pathsOutside(root, join(root, "a", "b", "x.ts"), `"${up}shared/x"`)).toEqual([`a/b/x.ts: ${up}shared/x`]);
    // Inside the repository: fine.
    expect(pathsOutside(root, inTests, `import { x } from "${up}src/client.ts"; new URL("${up}spec/", import.meta.url)`)).toEqual([]);
    expect(pathsOutside(root, join(root, "src", "operations", "a.ts"), `import "${up}${up}mod.ts"`)).toEqual([]);
  });
});

describe("spec/: the committed facts", () => {
  /** SHA-256 of each file: a refresh (spec/README.md) updates these on purpose. */
  const PINNED = {
    "rekognition-project-versions.json": "f1ad67ce0f693f4774fd5aefae6679a2e14f4eb5f654421d750705c8a13263cb",
    "awsjson11-error-cases.json": "d2476de16ce5dde66cbfcd3533f24c0f4c0487e86d10acc671c2225559f0473a",
  };

  for (const [name, sha256] of Object.entries(PINNED)) {
    test(`${name} is the committed copy, and spec/README.md gives its provenance`, () => {
      expect(createHash("sha256").update(readFileSync(join(root, "spec", name))).digest("hex")).toBe(sha256);
      expect(readFileSync(join(root, "spec", "README.md"), "utf8")).toContain(`\`${name}\``);
    });
  }

  test("each fact states its source inside: the model's commit, each vector's file and commit", () => {
    const model = JSON.parse(readFileSync(join(root, "spec", "rekognition-project-versions.json"), "utf8"));
    expect(model.metadata["x-subset-provenance"].source).toMatchObject({ repo: "aws/api-models-aws", commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const vectors = JSON.parse(readFileSync(join(root, "spec", "awsjson11-error-cases.json"), "utf8")) as { source: string }[];
    expect(vectors.length).toBeGreaterThan(0);
    for (const vector of vectors) expect(vector.source).toMatch(/^smithy-lang\/smithy\/smithy-aws-protocol-tests\/.+@[0-9a-f]{40}$/);
  });

  test("nothing published carries spec/: not in the npm files, not in JSR's publish list", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { files: string[] };
    expect(pkg.files.some((entry) => entry.startsWith("spec"))).toBe(false);
    const { publish } = readDenoConfig(root) as { publish: { include: string[] } };
    expect(publish.include.length).toBeGreaterThan(0);
    expect(publish.include.filter((entry) => entry.startsWith("spec"))).toEqual([]);
  });
});
