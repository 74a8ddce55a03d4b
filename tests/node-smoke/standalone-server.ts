/** Starts `rekognition-edge serve` as its own process, for tests that call it over loopback. */
import { type ChildProcess, spawn } from "node:child_process";

/** A running standalone server. */
export interface StandaloneServer {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** Stops the process (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Runs `command` (which must end in `serve …`; `--port 0` is added) and
 * resolves once it prints `listening on <url>`, within `timeoutMs`.
 */
export function startStandaloneServer(command: string[], { cwd = process.cwd(), timeoutMs = 15_000 } = {}): Promise<StandaloneServer> {
  const child: ChildProcess = spawn(command[0]!, [...command.slice(1), "--port", "0"], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  let output = "";
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      void stop();
      reject(new Error(`${command.join(" ")} serve: ${why}\n${output}`));
    };
    const timer = setTimeout(() => fail(`not listening after ${timeoutMs} ms`), timeoutMs);
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({ endpoint: url.replace(/\/$/, ""), stop });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(`exited with ${code} before listening`);
    });
  });
}
