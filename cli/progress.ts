/**
 * Live progress of a wait: on a terminal, one line rewritten in place (status,
 * elapsed time, ticking every second); otherwise one plain line per poll, so
 * logs and CI output stay readable.
 *
 * @module
 */
import type { WaiterPoll } from "../src/waiters.ts";
import type { OutputStream } from "./io.ts";

/** `1h 02m 03s`, `2m 05s`, `4s`. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const [hours, minutes, seconds] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const pad = (value: number) => String(value).padStart(2, "0");
  if (hours > 0) return `${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

const SPINNER = ["|", "/", "-", "\\"];
/** Erase the line and go back to its start. */
const REWRITE = "\r\x1b[2K";

/** Shows a wait's progress on `stream`. */
export class WaitProgress {
  readonly #stream: OutputStream;
  readonly #now: () => number;
  readonly #startedAt: number;
  #status = "waiting";
  #note = "";
  #frame = 0;
  #open = false;

  /** `now` gives milliseconds; elapsed time counts from this call. */
  constructor(stream: OutputStream, now: () => number) {
    this.#stream = stream;
    this.#now = now;
    this.#startedAt = now();
  }

  /** Records a poll: a plain line, or the rewritten terminal line. */
  poll(poll: WaiterPoll): void {
    const error = poll.error as Error | undefined;
    if (poll.description) this.#status = poll.description.Status ?? "no status";
    this.#note = error ? `poll ${poll.attempt} failed (${error.name}), retrying` : `poll ${poll.attempt}`;
    if (this.#stream.isTTY) this.tick();
    else this.#stream.write(`[${formatDuration(this.#now() - this.#startedAt)}] ${this.#status} (${this.#note})\n`);
  }

  /** Rewrites the terminal line with the current elapsed time (nothing when not a terminal). */
  tick(): void {
    if (!this.#stream.isTTY) return;
    const spinner = SPINNER[this.#frame++ % SPINNER.length];
    this.#stream.write(`${REWRITE}${spinner} ${this.#status}  ${formatDuration(this.#now() - this.#startedAt)} elapsed  (${this.#note || "starting"})`);
    this.#open = true;
  }

  /** Ends the terminal line, so what follows starts on a fresh one. */
  finish(): void {
    if (this.#open) this.#stream.write("\n");
    this.#open = false;
  }
}
