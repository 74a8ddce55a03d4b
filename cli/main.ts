/**
 * Dispatches the CLI's commands. Runtime-specific code lives in cli/, never in src/.
 *
 * @module
 */

/** A command: runs with its arguments and returns the exit code. */
export type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  "create-project-version": {
    summary: "Create a version and start training it (--wait shows progress)",
    load: async () => (await import("./create-project-version.ts")).default,
  },
  "describe-project-versions": {
    summary: "Describe a project's versions (--wait waits for one)",
    load: async () => (await import("./describe-project-versions.ts")).default,
  },
  serve: { summary: "Serve the Rekognition simulator for any AWS client", load: async () => (await import("./serve.ts")).serve },
  conformance: { summary: "Grade any Rekognition client with the conformance battery", load: async () => (await import("./conformance.ts")).default },
};

const USAGE = () =>
  `Usage: rekognition-edge <command> [options]

Commands:
${
    Object.entries(COMMANDS)
      .map(([name, { summary }]) => `  ${name.padEnd(28)}${summary}`)
      .join("\n")
  }

Run 'rekognition-edge <command> --help' for a command's options.`;

/** Runs the CLI with `argv` (without the program name) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(USAGE());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command: ${name}\n\n${USAGE()}`);
    return 2;
  }
  return (await command.load())(args);
}
