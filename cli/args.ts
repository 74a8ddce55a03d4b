/**
 * Command-line arguments as the AWS CLI takes them: flags parsed with
 * `node:util` `parseArgs` (Node, Bun and Deno share it), list flags that take
 * several words (`--version-names v1 v2`), and structure values written as
 * JSON, as `file://path`, or in the AWS CLI's shorthand
 * (`S3Bucket=b,S3KeyPrefix=p`, `Key1=V1,Key2=V2`, `ContentModeration={ConfidenceThreshold=50}`).
 *
 * @module
 */
import { parseArgs } from "node:util";

/** A command-line argument that cannot be used; `flag` names it (`--output-config`). */
export class ArgumentError extends Error {
  override readonly name = "ArgumentError";
  /** The flag at fault, when one is. */
  readonly flag: string | undefined;

  constructor(message: string, flag?: string) {
    super(flag ? `${flag}: ${message}` : message);
    this.flag = flag;
  }
}

/** A flag of a command: a boolean switch, a string, or a list of strings. */
export interface FlagSpec {
  type: "boolean" | "string" | "list";
  /** The value's placeholder in `--help`, e.g. `<arn>`. */
  value?: string;
  /** A one-letter alias, e.g. `h` for `-h`. */
  short?: string;
  /** One line of `--help`. */
  description: string;
}

/** The flags of a command, by name without the dashes. */
export type FlagSpecs = Record<string, FlagSpec>;

/** Parsed flags: strings, booleans and string lists, by name. */
export type ParsedFlags<TSpecs extends FlagSpecs> = {
  [K in keyof TSpecs]?: TSpecs[K]["type"] extends "boolean" ? boolean : TSpecs[K]["type"] extends "list" ? string[] : string;
};

/**
 * Parses `args` against `specs`. A list flag takes the words after it up to
 * the next flag (`--version-names a b`), may be repeated, and splits on commas.
 *
 * @throws {ArgumentError} an unknown flag, a missing value, or a stray word.
 */
export function parseFlags<TSpecs extends FlagSpecs>(args: readonly string[], specs: TSpecs): ParsedFlags<TSpecs> {
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      {
        ...(spec.type === "boolean" ? { type: "boolean" as const } : { type: "string" as const, multiple: true }),
        ...(spec.short ? { short: spec.short } : {}),
      },
    ]),
  );
  let tokens;
  try {
    ({ tokens } = parseArgs({ args: [...args], options, strict: true, allowPositionals: true, tokens: true }));
  } catch (error) {
    throw new ArgumentError(String((error as Error).message).split("\n")[0]!.replace(/\.$/, ""));
  }
  const flags: Record<string, unknown> = {};
  let listOpen: string | undefined;
  for (const token of tokens) {
    if (token.kind === "option") {
      const spec = specs[token.name]!;
      listOpen = spec.type === "list" ? token.name : undefined;
      if (spec.type === "boolean") flags[token.name] = true;
      else if (spec.type === "list") flags[token.name] = [...((flags[token.name] as string[]) ?? []), ...splitList(token.value!)];
      else if (flags[token.name] !== undefined) throw new ArgumentError("given more than once", `--${token.name}`);
      else flags[token.name] = token.value;
    } else if (token.kind === "positional" && listOpen) {
      (flags[listOpen] as string[]).push(...splitList(token.value));
    } else {
      listOpen = undefined;
      if (token.kind === "positional") throw new ArgumentError(`Unexpected argument '${token.value}' (flags take the form --name value)`);
    }
  }
  return flags as ParsedFlags<TSpecs>;
}

function splitList(text: string): string[] {
  return text.split(",").filter((item) => item !== "");
}

/** The `--help` lines of `specs`. */
export function describeFlags(specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) =>
    [`--${name}${spec.short ? `, -${spec.short}` : ""}${spec.value ? ` ${spec.value}` : ""}`, spec.description] as const
  );
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  // A description of several lines continues under its first.
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right.replaceAll("\n", `\n  ${" ".repeat(width)}`)}`).join("\n");
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

/** Reads a file for `file://`; `~/` is the home directory. */
export type FileReader = (path: string) => Promise<string>;

/** Shorthand scalars that are not strings, by member name (the shapes this CLI takes). */
const SHORTHAND_TYPES: Record<string, "boolean" | "number"> = { AutoCreate: "boolean", ConfidenceThreshold: "number" };

/**
 * A structure or map value of `flag`: JSON (it starts with `{` or `[`),
 * `file://path` (the file's text, read the same way), or shorthand. For
 * structures (`map` false) shorthand scalars of boolean and number members
 * are converted (`AutoCreate=true`); a map's values stay strings.
 *
 * @throws {ArgumentError} naming `flag`.
 */
export async function parseStructureValue(flag: string, text: string, readFile: FileReader, { map = false } = {}): Promise<unknown> {
  let source = text;
  if (source.startsWith("file://")) {
    const path = source.slice("file://".length);
    try {
      source = (await readFile(path)).replace(/\r?\n$/, "");
    } catch (error) {
      throw new ArgumentError(`cannot read ${path}: ${(error as Error).message}`, flag);
    }
  }
  const trimmed = source.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch (error) {
      throw new ArgumentError(`not valid JSON: ${(error as Error).message}`, flag);
    }
  }
  try {
    const value = parseShorthand(trimmed);
    return map ? value : coerceScalars(value);
  } catch (error) {
    throw new ArgumentError(`${(error as Error).message}. Use Key=Value pairs separated by commas, JSON, or file://path`, flag);
  }
}

/** Converts shorthand strings of boolean and number members (see `SHORTHAND_TYPES`). */
function coerceScalars(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => coerceScalars(item, key));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, member]) => [name, coerceScalars(member, name)]));
  }
  const type = key === undefined ? undefined : SHORTHAND_TYPES[key];
  if (typeof value !== "string" || type === undefined) return value;
  if (type === "boolean" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  if (type === "number" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return value;
}

/**
 * The AWS CLI's shorthand: `Key=Value,Key2=Value2`, with `{…}` structures,
 * `[…]` lists, and `"quoted, values"`. A bare value runs to the next comma
 * (or closing bracket when nested) and may hold `=`.
 *
 * @throws {Error} where the text stops making sense.
 */
export function parseShorthand(text: string): Record<string, unknown> {
  const parser = new ShorthandParser(text);
  const value = parser.structure(undefined);
  parser.end();
  return value;
}

class ShorthandParser {
  #at = 0;
  constructor(readonly text: string) {}

  structure(closing: string | undefined): Record<string, unknown> {
    const members: Record<string, unknown> = {};
    this.#skipSpaces();
    if (closing !== undefined && this.#peek() === closing) return members;
    for (;;) {
      const key = this.#key();
      if (Object.hasOwn(members, key)) this.#fail(`${key} is given twice`);
      members[key] = this.#value(closing);
      this.#skipSpaces();
      if (this.#at >= this.text.length || this.#peek() === closing) return members;
      this.#expect(",");
    }
  }

  end(): void {
    this.#skipSpaces();
    if (this.#at < this.text.length) this.#fail(`unexpected '${this.#peek()}'`);
  }

  #key(): string {
    const start = this.#at;
    while (this.#at < this.text.length && !"=,{}[]".includes(this.#peek()!)) this.#at++;
    const key = this.text.slice(start, this.#at).trim();
    if (key === "") this.#fail("expected a Key=Value pair");
    if (this.#peek() !== "=") this.#fail(`expected '=' after ${key}`);
    this.#at++;
    return key;
  }

  #value(closing: string | undefined): unknown {
    this.#skipSpaces();
    const next = this.#peek();
    if (next === "{") {
      this.#at++;
      const members = this.structure("}");
      this.#expect("}");
      return members;
    }
    if (next === "[") return this.#list();
    if (next === '"' || next === "'") return this.#quoted(next);
    const stops = closing === undefined ? "," : `,${closing}`;
    const start = this.#at;
    while (this.#at < this.text.length && !stops.includes(this.#peek()!)) this.#at++;
    return this.text.slice(start, this.#at).trim();
  }

  #list(): unknown[] {
    this.#at++;
    const items: unknown[] = [];
    this.#skipSpaces();
    if (this.#peek() === "]") {
      this.#at++;
      return items;
    }
    for (;;) {
      items.push(this.#value("]"));
      this.#skipSpaces();
      if (this.#peek() === "]") {
        this.#at++;
        return items;
      }
      this.#expect(",");
    }
  }

  #quoted(quote: string): string {
    let value = "";
    for (this.#at++; this.#at < this.text.length; this.#at++) {
      const char = this.#peek()!;
      if (char === quote) {
        this.#at++;
        return value;
      }
      if (char === "\\" && this.#at + 1 < this.text.length) value += this.text[++this.#at];
      else value += char;
    }
    return this.#fail(`unterminated ${quote}`);
  }

  #peek(): string | undefined {
    return this.text[this.#at];
  }

  #skipSpaces(): void {
    while (this.#peek() === " ") this.#at++;
  }

  #expect(char: string): void {
    if (this.#peek() !== char) this.#fail(`expected '${char}'`);
    this.#at++;
  }

  #fail(problem: string): never {
    throw new Error(`${problem} at character ${this.#at + 1} of shorthand`);
  }
}

/** A whole number from `min` to `max` given to `flag`. */
export function parseInteger(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || value < min || value > max) throw new ArgumentError(`must be a whole number from ${min} to ${max}, got '${text}'`, flag);
  return value;
}

/** A positive number of seconds given to `flag`. */
export function parseSeconds(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0) throw new ArgumentError(`must be a number of seconds > 0, got '${text}'`, flag);
  return value;
}
