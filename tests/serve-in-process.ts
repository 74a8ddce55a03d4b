/** `rekognition-edge serve` run in process, as the other commands' tests run theirs: an injected {@link CliIO}, captured output, a stop on demand. */
import { readFile } from "node:fs/promises";
import type { CliIO } from "../cli/io.ts";
import { serve } from "../cli/serve.ts";

/** A running (or refused) `serve`: its output so far, its URL once listening, and how to stop it. */
export interface ServeRun {
  /** `http://…` of the `listening on` line; undefined when serve exited instead. */
  url: string | undefined;
  /** The port of `url`. */
  port: number;
  stdout(): string;
  stderr(): string;
  /** The exit code, once serve returns (at once when it refused to start). */
  exit: Promise<number>;
  /** Sends serve the stop signal (`SIGTERM`); resolves with its exit code. */
  stop(): Promise<number>;
}

/** Runs `serve args` with `env`; resolves once it listens (`untilStopped` is asked for) or has exited. */
export async function serveInProcess(args: string[], env: Record<string, string> = {}): Promise<ServeRun> {
  let out = "";
  let err = "";
  let stop!: (signal: string) => void;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  let listening!: () => void;
  const ready = new Promise<void>((resolve) => (listening = resolve));
  const io: CliIO = {
    env,
    stdout: { write: (text) => void (out += text), isTTY: false },
    stderr: { write: (text) => void (err += text), isTTY: false },
    readFile: (path) => readFile(path, "utf8"),
    homeDir: "/nonexistent-home-of-serve-tests",
    every: () => () => {},
    untilStopped: () => (listening(), stopped),
  };
  const exit = serve(args, io);
  await Promise.race([ready, exit]);
  const url = /^listening on (\S+)$/m.exec(out)?.[1];
  return {
    url,
    port: url === undefined ? 0 : Number(new URL(url).port),
    stdout: () => out,
    stderr: () => err,
    exit,
    stop: () => (stop("SIGTERM"), exit),
  };
}
