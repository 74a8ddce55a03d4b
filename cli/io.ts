/**
 * What the CLI needs from its runtime, as one object: environment, output
 * streams, files, home directory, and (for tests) the transport and clock.
 * Commands take a {@link CliIO}, so tests run them as functions with an
 * injected environment and captured output; {@link processIO} is the real one
 * (node:process and node:fs, which Node, Bun and Deno all provide).
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import process from "node:process";
import type { Clock } from "../src/clock.ts";
import type { Transport } from "../src/client.ts";

/** An output stream: text in, and whether a terminal shows it. */
export interface OutputStream {
  write(text: string): void;
  /** A terminal, so a line can be rewritten in place. */
  readonly isTTY: boolean;
}

/** The runtime, as the commands see it. */
export interface CliIO {
  /** Environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Results. */
  readonly stdout: OutputStream;
  /** Progress and errors. */
  readonly stderr: OutputStream;
  /** A file's text; rejects when it cannot be read. Relative paths are from the working directory. */
  readFile(path: string): Promise<string>;
  /** The home directory (for `~/.aws/…` and `file://~/…`); undefined when unknown. */
  readonly homeDir: string | undefined;
  /** The transport; `globalThis.fetch` when absent. For tests. */
  readonly fetch?: Transport;
  /** The source of time for waiting and progress; the system clock when absent. For tests. */
  readonly clock?: Clock;
  /** Repeats `tick` every `ms` until the returned function is called (the live progress line). */
  every(ms: number, tick: () => void): () => void;
  /** Resolves with the signal's name (`SIGINT`, `SIGTERM`) when the user stops the program: `serve` then closes. Absent: never. */
  untilStopped?(): Promise<string>;
}

/** The real runtime: process.env, process.stdout/stderr, node:fs. */
export function processIO(): CliIO {
  const stream = (target: NodeJS.WriteStream): OutputStream => ({
    write: (text) => void target.write(text),
    isTTY: Boolean(target.isTTY),
  });
  const cwd = process.cwd();
  return {
    env: process.env,
    stdout: stream(process.stdout),
    stderr: stream(process.stderr),
    readFile: (path) => readFile(isAbsolute(path) ? path : join(cwd, path), "utf8"),
    homeDir: process.env.HOME ?? process.env.USERPROFILE ?? homedir(),
    every(ms, tick) {
      const timer = setInterval(tick, ms);
      return () => clearInterval(timer);
    },
    // The listeners are never removed: a second signal (npx and the terminal both
    // forward Ctrl-C) must not interrupt the close. They do not keep the process alive.
    untilStopped: () =>
      new Promise<string>((resolve) => {
        process.on("SIGINT", resolve);
        process.on("SIGTERM", resolve);
      }),
  };
}
