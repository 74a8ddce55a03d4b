/**
 * What the views share: the server's description (health, mode), the
 * package's static lists (scenarios, faults, statuses), and how an action
 * reports itself in the status line.
 *
 * @module
 */
import { admin, AdminError, TokenRequired } from "./api.ts";

/** `GET /__admin/ui/meta.json`: the package's lists the forms offer. */
export interface Meta {
  /** Scenario names by operation. */
  scenarios: Record<string, string[]>;
  /** The transport faults. */
  faults: string[];
  /** Statuses the projects view offers to set (any other can be typed). */
  statuses: string[];
}

/** What the server runs as. */
export type Mode = "simulator" | "record" | "replay";

/** `GET /__admin/health`, as much as the page reads. */
export interface Health {
  service: string;
  region?: string | null;
  trainingSeconds?: number;
}

/** The page's shared context. */
export interface App {
  readonly meta: Meta;
  readonly health: Health;
  readonly mode: Mode;
  /** Shows `message` in the status line (an error in red). */
  say(message: string, error?: boolean): void;
  /** Asks for the token again (a call got a 401). */
  needToken(): void;
}

/** The mode `GET /__admin/health` names. */
export function modeOf(health: Health): Mode {
  if (/record/.test(health.service)) return "record";
  if (/replay/.test(health.service)) return "replay";
  return "simulator";
}

/** Runs a control-plane call for a button or a form: says `done` when it succeeds, the control plane's error when not. */
export async function act(app: App, action: () => Promise<unknown>, done: string): Promise<boolean> {
  try {
    await action();
    app.say(done);
    return true;
  } catch (error) {
    if (error instanceof TokenRequired) app.needToken();
    else app.say(error instanceof AdminError ? `Refused (${error.status}): ${error.message}` : `Failed: ${(error as Error).message}`, true);
    return false;
  }
}

export { admin };
