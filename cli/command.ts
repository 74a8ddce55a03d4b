/**
 * What every CLI command is: a module of its own, so the dispatcher (main.ts)
 * and the commands it loads do not import each other.
 *
 * @module
 */

/** A command: runs with its arguments and returns the exit code. */
export type Command = (args: string[]) => Promise<number>;
