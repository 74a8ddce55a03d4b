/** Python for the foreign-client tests: whether boto3 (and pytest) are there, and running a program without blocking this process (which may be serving it). */
import { execFile, spawnSync } from "node:child_process";

const imports = (module: string) => spawnSync("python3", ["-c", `import ${module}`], { timeout: 20_000 }).status === 0;

/** python3 with boto3 (present in CI: the tests that need it skip, visibly, elsewhere). */
export const hasBoto3 = imports("boto3");

/** python3 with boto3 and pytest. */
export const hasPytest = hasBoto3 && imports("pytest");

/** Runs `python3 <args>` asynchronously; resolves with stdout, or rejects with stdout and stderr. */
export function runPython(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("python3", args, {
      timeout: 60_000,
      maxBuffer: 8 * 1024 * 1024,
      env: { ...process.env, ...options.env },
      ...(options.cwd ? { cwd: options.cwd } : {}),
    }, (error, stdout, stderr) => error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout));
  });
}

/** Runs a Python program and parses the JSON it prints. */
export async function python(program: string, args: string[]): Promise<unknown> {
  return JSON.parse(await runPython(["-c", program, ...args]));
}
