/**
 * The TypeScript of the documentation, checked: every ```ts block of a page is written to a file of its own
 * (under node_modules/.cache, so packages resolve) and type-checked by tsc with the repository's compiler
 * options, the package's entries mapped to their sources (`rekognition-edge` → mod.ts, …, from package.json
 * `exports`), and the names a fragment may take as given ({@link FRAGMENT_GLOBALS}). A block of any language
 * marked `<!-- excerpt of path -->` is instead checked to be lines of that file (which CI runs), in order.
 *
 * Blocks are extracted rather than kept as files the pages include: GitHub and npm render Markdown as it is,
 * with no include step, so an included example would either not show or need a generated copy to keep in sync.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { jsrExports } from "../scripts/package-entries.mjs";
import { type CodeBlock, codeBlocks } from "./markdown.ts";

/** The languages checked as TypeScript. */
const TYPESCRIPT = new Set(["ts", "typescript"]);

/**
 * What a fragment of the docs may use without declaring it: a client, an input, a project ARN, and a Worker's
 * `env` with its bindings. A block that declares one of these names itself shadows it (each block is a module).
 */
export const FRAGMENT_GLOBALS = `// The names the docs' fragments take as given (tests/docs-code.ts).
declare const client: import("rekognition-edge").RekognitionClient;
declare const input: import("rekognition-edge").CreateProjectVersionInput;
declare const ProjectArn: string;
declare const env: Env;
/** The Worker examples' bindings (wrangler.toml): variables, secrets and KV namespaces. */
interface Env {
  AWS_REGION: string;
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  PROJECT_ARN: string;
  OUTPUT_BUCKET: string;
  TRAINING: KVNamespace;
  TRAININGS: KVNamespace;
}
/** The part of Cloudflare's KVNamespace the examples use. */
interface KVNamespace {
  get<T>(key: string, type: "json"): Promise<T | null>;
  put(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  list(): Promise<{ keys: { name: string }[] }>;
}
/** Cloudflare's ScheduledController (a cron trigger's first argument). */
interface ScheduledController {
  readonly cron: string;
  readonly scheduledTime: number;
}
`;

/** A problem with a page's code: where (page and line) and what. */
export interface CodeProblem {
  page: string;
  line: number;
  message: string;
}

/** The code blocks of `pages` (paths relative to `root`), with their page. */
export function pageBlocks(root: string, pages: readonly string[]): (CodeBlock & { page: string })[] {
  return pages.flatMap((page) => codeBlocks(readFileSync(join(root, page), "utf8")).map((block) => ({ ...block, page })));
}

/** The problems of every excerpt of `pages`: lines that are not its file's, in order. */
export function excerptsProblems(root: string, pages: readonly string[]): CodeProblem[] {
  return pageBlocks(root, pages).filter(({ excerptOf }) => excerptOf !== undefined).flatMap((block) => excerptProblems(root, block));
}

/** An excerpt's lines that are not lines of its file, in order (a `// …` or `# …` line is an elision and skipped). */
export function excerptProblems(root: string, block: CodeBlock & { page: string }): CodeProblem[] {
  const file = normalize(join(dirname(block.page), block.excerptOf!));
  let lines: string[];
  try {
    lines = readFileSync(join(root, file), "utf8").split("\n");
  } catch {
    return [{ page: block.page, line: block.line - 2, message: `excerpt of ${file}, which does not exist` }];
  }
  let at = 0;
  for (const [offset, line] of block.code.split("\n").entries()) {
    if (/^\s*(\/\/|#) …$/.test(line)) continue;
    const found = lines.indexOf(line, at);
    if (found === -1) return [{ page: block.page, line: block.line + offset, message: `not a line of ${file} (after its line ${at}): ${line.trim()}` }];
    at = found + 1;
  }
  return [];
}

/** What type-checking the docs found: tsc's errors at their place in the pages, and the repository's files tsc read. */
export interface TypeCheck {
  problems: CodeProblem[];
  /** The files of the repository in the program (relative to the root; not node_modules): the entries' sources the blocks import, and theirs. */
  sources: string[];
}

/**
 * Type-checks the TypeScript blocks of `pages` that are not excerpts, in `scratch` (a directory under `root`'s
 * node_modules, emptied first).
 */
export function typeCheckBlocks(root: string, pages: readonly string[], scratch = join(root, "node_modules/.cache/rekognition-edge-docs")): TypeCheck {
  const blocks = pageBlocks(root, pages).filter(({ lang, excerptOf }) => TYPESCRIPT.has(lang) && excerptOf === undefined);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const files = new Map<string, CodeBlock & { page: string }>();
  for (const block of blocks) {
    const name = `${block.page.replace(/[^\w.-]+/g, "_")}_L${block.line}.ts`;
    files.set(name, block);
    writeFileSync(join(scratch, name), `${block.code}\n`);
  }
  writeFileSync(join(scratch, "fragment-globals.d.ts"), FRAGMENT_GLOBALS);
  const paths = Object.fromEntries(
    Object.entries(jsrExports()).map(([subpath, source]) => [`rekognition-edge${subpath.slice(1)}`, [join(root, source)]]),
  );
  const tsconfig = {
    extends: join(root, "tsconfig.json"),
    // Each block a module of its own (TypeScript 7's default, said here): its names shadow the fragments'
    // globals, and two blocks may declare the same name.
    compilerOptions: { paths, noEmit: true, moduleDetection: "force" },
    files: [
      ...files.keys(),
      "fragment-globals.d.ts",
      // `cloudflare:workers`, as the Workflow example declares it.
      join(root, "examples/cloudflare-workflow/cloudflare-workers.d.ts"),
    ],
    include: [],
  };
  writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  if (files.size === 0) return { problems: [], sources: [] };
  let output = "";
  try {
    output = execFileSync("node", [join(root, "node_modules/typescript/bin/tsc"), "--project", join(scratch, "tsconfig.json"), "--listFiles"], {
      cwd: scratch,
      encoding: "utf8",
    });
  } catch (error) {
    output = `${(error as { stdout?: string }).stdout ?? ""}${(error as { stderr?: string }).stderr ?? ""}`;
    if (output.trim() === "") throw error;
  }
  // tsc: "README.md_L66.ts(3,5): error TS2304: Cannot find name 'x'." (and continuation lines, indented), then with
  // --listFiles the program's files, one absolute path a line.
  const problems: CodeProblem[] = [];
  const sources: string[] = [];
  for (const line of output.split("\n")) {
    if (line.startsWith("/")) {
      if (line.startsWith(root) && !line.slice(root.length).startsWith("node_modules/")) sources.push(line.slice(root.length));
      continue;
    }
    const match = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(line.trim());
    if (match) {
      const block = files.get(match[1]!.replace(/^.*\//, ""));
      problems.push(
        block
          ? { page: block.page, line: block.line + Number(match[2]) - 1, message: match[4]! }
          : { page: match[1]!, line: Number(match[2]), message: match[4]! },
      );
    } else if (line.startsWith(" ") && problems.length > 0) {
      problems.at(-1)!.message += `\n${line}`;
    } else if (line.trim() !== "") {
      problems.push({ page: "(tsc)", line: 0, message: line });
    }
  }
  return { problems, sources };
}
