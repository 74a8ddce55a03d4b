/**
 * Reading the project's Markdown as GitHub renders it: its links (inline and reference definitions, outside
 * code), the anchors its headings get, and its fenced code blocks. Used by tests/docs.test.ts (every link of
 * the repository's pages resolves; every TypeScript block type-checks) and by tests/node-smoke/run.ts (the
 * pages the packed package ships link only to files it ships).
 */
import { dirname, join, normalize } from "node:path";

/** A link of a page: its target as written (`docs/client.md#retries`, `#install`), and its line (1-based). */
export interface MarkdownLink {
  target: string;
  line: number;
}

/** A fenced code block: its info string's language, its text, the line of its first line of code. */
export interface CodeBlock {
  lang: string;
  code: string;
  line: number;
  /**
   * The file it is an excerpt of, when the line before the fence says so (`<!-- excerpt of examples/bun/train.ts -->`,
   * relative to the page): its lines must be lines of that file, in order (a `// …` or `# …` line marks an elision).
   */
  excerptOf?: string;
}

/** A line of a page, and whether it is inside a fenced code block. */
interface PageLine {
  text: string;
  line: number;
  inCode: boolean;
  /** A fence line (opening or closing), with the opening's info string. */
  fence?: { info: string; opening: boolean };
}

/** The page's lines, each marked as prose, fence or code (``` and ~~~ fences; a fence closes with its own character, at least as long). */
function pageLines(text: string): PageLine[] {
  let open: { char: string; length: number } | undefined;
  return text.split("\n").map((line, index): PageLine => {
    const fence = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (open === undefined && fence && !(fence[1]![0] === "`" && fence[2]!.includes("`"))) {
      open = { char: fence[1]![0]!, length: fence[1]!.length };
      return { text: line, line: index + 1, inCode: false, fence: { info: fence[2]!.trim(), opening: true } };
    }
    if (open !== undefined && fence && fence[1]![0] === open.char && fence[1]!.length >= open.length && fence[2]!.trim() === "") {
      open = undefined;
      return { text: line, line: index + 1, inCode: false, fence: { info: "", opening: false } };
    }
    return { text: line, line: index + 1, inCode: open !== undefined };
  });
}

/** A line of prose without its code spans and HTML comments (links inside them do not render). */
function proseOf(line: string): string {
  return line.replace(/<!--.*?-->/g, "").replace(/(`+)(?!`).*?(?<!`)\1(?!`)/g, "");
}

/** The page's links to other files or anchors: inline links and images, and reference definitions; not URLs with a scheme. */
export function markdownLinks(text: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { text: line, line: number, inCode, fence } of pageLines(text)) {
    if (inCode || fence) continue;
    const prose = proseOf(line);
    const targets = [
      ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!),
      ...[...prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/g)].map((match) => match[1]!),
    ];
    for (const target of targets) {
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push({ target, line: number });
    }
  }
  return links;
}

/** The anchor GitHub gives a heading's text: lower case, punctuation dropped, spaces as hyphens. */
export function slug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // a link or image: its text
    .replace(/<[^>]+>/g, ""); // HTML tags (code marks and emphasis are punctuation, dropped below)
  return rendered.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "").replace(/ /g, "-");
}

/** Every anchor of a page: its headings' (a repeated one gets -1, -2, … as on GitHub) and explicit `id`/`name` attributes. */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text: line, inCode, fence } of pageLines(text)) {
    if (inCode || fence) continue;
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      const base = slug(heading[1]!);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const [, id] of proseOf(line).matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id!);
  }
  return anchors;
}

/** The page's fenced code blocks, in order. */
export function codeBlocks(text: string): CodeBlock[] {
  const lines = pageLines(text);
  const blocks: CodeBlock[] = [];
  let current: CodeBlock | undefined;
  let body: string[] = [];
  for (const [index, { text: line, line: number, fence }] of lines.entries()) {
    if (fence?.opening) {
      const excerptOf = /^<!--\s*excerpt of (\S+)\s*-->$/.exec(lines[index - 1]?.text.trim() ?? "")?.[1];
      current = { lang: fence.info.split(/\s+/)[0] ?? "", code: "", line: number + 1, ...(excerptOf ? { excerptOf } : {}) };
      body = [];
    } else if (fence && current) {
      blocks.push({ ...current, code: body.join("\n") });
      current = undefined;
    } else if (current) {
      body.push(line);
    }
  }
  return blocks;
}

/** How a page's links are checked: where files are, and what exists (a file, or a directory with a file in it). */
export interface LinkContext {
  /** Whether `path` (relative to the root, normalised, no trailing slash) is a file or a directory. */
  exists(path: string): boolean;
  /** The text of a Markdown file (path relative to the root). */
  read(path: string): string;
}

/** A link that does not resolve, with why. */
export interface BrokenLink {
  page: string;
  line: number;
  target: string;
  problem: string;
}

/**
 * The links of `pages` (paths relative to the root) that do not resolve: a relative link must name a file or
 * directory that exists, and an anchor (`#…`, alone or after a Markdown file) must be one of that page's.
 */
export function brokenLinks(pages: readonly string[], context: LinkContext): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const anchorsOf = new Map<string, Set<string>>();
  const anchors = (page: string) => anchorsOf.get(page) ?? anchorsOf.set(page, headingAnchors(context.read(page))).get(page)!;
  for (const page of pages) {
    for (const { target, line } of markdownLinks(context.read(page))) {
      const [rawPath = "", anchor] = target.split("#", 2) as [string, string | undefined];
      const path = rawPath === "" ? page : linkedPath(page, rawPath);
      const report = (problem: string) => broken.push({ page, line, target, problem });
      if (path === undefined) report("outside the repository");
      else if (!context.exists(path)) report(`no such file: ${path}`);
      else if (anchor !== undefined && !path.endsWith(".md")) report(`an anchor into ${path}, which is not a Markdown page`);
      else if (anchor !== undefined && !anchors(path).has(anchor)) report(`no heading of ${path} has the anchor #${anchor}`);
    }
  }
  return broken;
}

/** The path a relative link of `page` names (relative to the root, normalised), or undefined for an anchor alone or a link out of the root. */
export function linkedPath(page: string, target: string): string | undefined {
  const rawPath = target.split("#")[0]!;
  if (rawPath === "") return undefined;
  const path = normalize(rawPath.startsWith("/") ? rawPath.slice(1) : join(dirname(page), decodeURIComponent(rawPath))).replace(/\/$/, "");
  return path.startsWith("..") ? undefined : path;
}

/** `start` and every Markdown page it leads to through relative links, transitively (pages that exist only). */
export function reachablePages(start: string, context: LinkContext): string[] {
  const pages = [start];
  for (let index = 0; index < pages.length; index++) {
    for (const { target } of markdownLinks(context.read(pages[index]!))) {
      const path = linkedPath(pages[index]!, target);
      if (path?.endsWith(".md") && !pages.includes(path) && context.exists(path)) pages.push(path);
    }
  }
  return pages;
}
