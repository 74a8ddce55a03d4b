/**
 * A Cloudflare Workflows `step` for tests, that stores and replays steps the
 * way the engine does (workers-sdk packages/workflows-shared/src/context.ts,
 * checked against workerd in miniflare 4.20260426.0):
 *
 * - `do(name, [config], callback)`: a step is keyed by its name and how many
 *   steps of that name came before it in the run. A finished step returns its
 *   stored result without running again (replay). Otherwise the callback runs;
 *   when it throws, the step is retried per `config.retries` (default: 5
 *   retries, 10 s, exponential, Cloudflare's documented defaults), the virtual
 *   clock advancing by each delay, unless the error is non-retryable (named
 *   `NonRetryableError`, or a message starting so, as the engine checks). The
 *   last error is stored and thrown, on replay too.
 * - A result must be plain JSON data, the only kind that survives the engine's
 *   storage and RPC whatever the runtime; anything else fails the step, as
 *   workerd's DataCloneError does. The caller gets a copy, as over RPC.
 * - `sleep(name, ms)`: keyed by name, duration and count, as in the engine (a
 *   different duration on replay is another sleep); advances the clock; an
 *   ended sleep returns at once on replay.
 * - An engine restart is {@link ReplayingStep.crashAt}: the run stops at that
 *   point with {@link Crash}, and {@link ReplayingStep.replay} runs the
 *   workflow again from the top, as the engine does.
 *
 * @module
 */
import type { VirtualClock } from "../harness/clock.ts";
import type { TrainingStepResult, WorkflowStepConfigLike, WorkflowStepLike } from "../src/train-project-version.ts";

/** Thrown to cut a run short, as an engine restart does. */
export class Crash extends Error {
  override readonly name = "Crash";
}

/** Where a run can be cut short. */
export type CrashPoint =
  /** Before the callback of a step that has no stored result. */
  | { kind: "do"; name: string; phase: "before" }
  /** After the callback returned (its side effect happened), before its result is stored. */
  | { kind: "do"; name: string; phase: "after" }
  /** In the middle of a sleep. */
  | { kind: "sleep"; name: string; phase: "during" };

/** What happened at one `do` or `sleep` call. */
export type StepEvent =
  | {
    kind: "do";
    run: number;
    name: string;
    /** The stored result (or error) was returned; the callback did not run. */
    replayed: boolean;
    /** Tries of the callback in this call. */
    attempts: number;
    /** The waits between those tries, in ms. */
    retryDelaysMs: number[];
    outcome: "stored" | "failed" | "crashed";
    /** The stored result, or the error's name and message. */
    value?: unknown;
  }
  | { kind: "sleep"; run: number; name: string; durationMs: number; replayed: boolean; crashed: boolean };

/** Options of {@link ReplayingStep}. */
export interface ReplayingStepOptions {
  clock: VirtualClock;
  /** The engine's step limit; exceeding it fails the run. Default 1,024 (the free plan's). */
  stepLimit?: number;
}

const MAX_STEP_NAME_LENGTH = 256;
const MAX_SLEEP_MS = 365 * 24 * 3600 * 1000;
const DEFAULT_RETRIES = { limit: 5, delay: 10_000, backoff: "exponential" } as const;

/** A replaying Workflows `step` on a virtual clock. */
export class ReplayingStep implements WorkflowStepLike {
  readonly #clock: VirtualClock;
  readonly #stepLimit: number;
  readonly #results = new Map<string, string>();
  readonly #errors = new Map<string, { name: string; message: string }>();
  /** Sleeps begun (the time they end) and ended, by key. */
  readonly #sleepsUntil = new Map<string, number>();
  readonly #sleepsEnded = new Set<string>();
  #counts = new Map<string, number>();
  #stepsThisRun = 0;
  #crashes: ((point: CrashPoint) => boolean)[] = [];
  /** Every `do` and `sleep` of every run, in order. */
  readonly events: StepEvent[] = [];
  /** Runs so far: 1, plus one per restart. */
  runs = 1;

  constructor({ clock, stepLimit = 1024 }: ReplayingStepOptions) {
    this.#clock = clock;
    this.#stepLimit = stepLimit;
  }

  /** Cuts the run short once, at the first point `when` accepts. */
  crashAt(when: (point: CrashPoint) => boolean): void {
    let fired = false;
    this.#crashes.push((point) => !fired && (fired = when(point)));
  }

  /**
   * Runs `workflow` as the engine would: from the top again after each
   * {@link Crash}, with stored steps replayed. Called again later, it starts
   * a new run too (as a restarted engine replays a finished instance).
   */
  async replay<T>(workflow: () => Promise<T>, maxRuns = 20): Promise<T> {
    if (this.events.some((event) => event.run === this.runs)) this.#restart();
    for (;;) {
      try {
        return await workflow();
      } catch (error) {
        if (!(error instanceof Crash) || this.runs >= maxRuns) throw error;
        this.#restart();
      }
    }
  }

  /** A new run: the per-run counts start again; stored results stay. */
  #restart(): void {
    this.runs++;
    this.#counts = new Map();
    this.#stepsThisRun = 0;
  }

  /** The `do` calls of the last run: the engine's count of the instance's steps. */
  get stepsThisRun(): number {
    return this.#stepsThisRun;
  }

  /** The events of `kind`, optionally of one run. */
  eventsOf<K extends StepEvent["kind"]>(kind: K, run?: number): Extract<StepEvent, { kind: K }>[] {
    return this.events.filter((event): event is Extract<StepEvent, { kind: K }> => event.kind === kind && (run === undefined || event.run === run));
  }

  do<T extends TrainingStepResult>(name: string, callback: () => Promise<T>): Promise<T>;
  do<T extends TrainingStepResult>(name: string, config: WorkflowStepConfigLike, callback: () => Promise<T>): Promise<T>;
  async do<T extends TrainingStepResult>(name: string, ...rest: [() => Promise<T>] | [WorkflowStepConfigLike, () => Promise<T>]): Promise<T> {
    const [config, callback] = rest.length === 1 ? [{}, rest[0]] : rest;
    checkStepName(name);
    const retries = { ...DEFAULT_RETRIES, ...config.retries };
    if (!Number.isInteger(retries.limit) || retries.limit < 0) throw new Error(`step "${name}": invalid retries.limit`);
    if (++this.#stepsThisRun > this.#stepLimit) throw new Error(`The limit of ${this.#stepLimit} steps has been reached.`);
    const key = this.#keyOf(`do:${name}`);
    const stored = this.#results.get(key);
    const event: Extract<StepEvent, { kind: "do" }> = { kind: "do", run: this.runs, name, replayed: true, attempts: 0, retryDelaysMs: [], outcome: "stored" };
    this.events.push(event);
    if (stored !== undefined) {
      event.value = JSON.parse(stored);
      return JSON.parse(stored) as T;
    }
    const storedError = this.#errors.get(key);
    if (storedError) {
      event.outcome = "failed";
      event.value = storedError;
      throw Object.assign(new Error(storedError.message), { name: storedError.name });
    }
    event.replayed = false;
    this.#crash({ kind: "do", name, phase: "before" }, event);
    for (;;) {
      event.attempts++;
      let result: T;
      try {
        result = await callback();
      } catch (error) {
        const { name: errorName, message } = error as Error;
        const nonRetryable = errorName === "NonRetryableError" || String(message).startsWith("NonRetryableError");
        if (nonRetryable || event.attempts > retries.limit) {
          event.outcome = "failed";
          event.value = { name: errorName, message };
          // The engine does not store a NonRetryableError: a replay runs the step again.
          if (!nonRetryable) this.#errors.set(key, { name: errorName, message });
          throw error;
        }
        const delay = await retryDelayMs(retries, event.attempts, error as Error, name);
        event.retryDelaysMs.push(delay);
        this.#clock.advance(delay);
        continue;
      }
      assertPlainJson(result, `the result of step "${name}"`);
      this.#crash({ kind: "do", name, phase: "after" }, event);
      const text = JSON.stringify(result);
      this.#results.set(key, text);
      event.value = JSON.parse(text);
      return JSON.parse(text) as T;
    }
  }

  async sleep(name: string, duration: number): Promise<void> {
    checkStepName(name);
    if (typeof duration !== "number" || !Number.isFinite(duration) || duration < 0 || duration > MAX_SLEEP_MS) {
      throw new Error(`sleep "${name}": duration must be 0 to 365 days in ms, got ${duration}`);
    }
    const key = this.#keyOf(`sleep:${name}:${duration}`);
    const event: Extract<StepEvent, { kind: "sleep" }> = { kind: "sleep", run: this.runs, name, durationMs: duration, replayed: false, crashed: false };
    this.events.push(event);
    if (this.#sleepsEnded.has(key)) {
      event.replayed = true;
      return;
    }
    // A sleep interrupted by a restart ends when it would have: the engine keeps its end time.
    const until = this.#sleepsUntil.get(key) ?? this.#clock.now() + duration;
    this.#sleepsUntil.set(key, until);
    if (this.#crashes.some((crash) => crash({ kind: "sleep", name, phase: "during" }))) {
      this.#clock.advance(Math.max(0, until - this.#clock.now()) / 2);
      event.crashed = true;
      throw new Crash(`crashed while sleeping "${name}"`);
    }
    this.#clock.advance(Math.max(0, until - this.#clock.now()));
    this.#sleepsEnded.add(key);
  }

  /** `<what>#<n>`: the n-th call of that kind and name in this run, as the engine counts. */
  #keyOf(what: string): string {
    const count = (this.#counts.get(what) ?? 0) + 1;
    this.#counts.set(what, count);
    return `${what}#${count}`;
  }

  #crash(point: CrashPoint, event: Extract<StepEvent, { kind: "do" }>): void {
    if (!this.#crashes.some((crash) => crash(point))) return;
    event.outcome = "crashed";
    throw new Crash(`crashed ${point.phase} step "${point.name}"`);
  }
}

function checkStepName(name: string): void {
  // deno-lint-ignore no-control-regex -- as the engine's isValidStepName
  if (typeof name !== "string" || name.length > MAX_STEP_NAME_LENGTH || /[\u0000-\u001F]/.test(name)) {
    throw new Error(`Step name "${name}" exceeds max length (${MAX_STEP_NAME_LENGTH} chars) or invalid characters found`);
  }
}

/** The engine's wait before retry number `attempt` (1 for the first retry). */
async function retryDelayMs(retries: Required<WorkflowStepConfigLike>["retries"], attempt: number, error: Error, name: string): Promise<number> {
  const given = typeof retries.delay === "function" ? await retries.delay({ ctx: { step: { name, count: 1 }, attempt }, error }) : retries.delay;
  const delay = typeof given === "number" ? given : parseDuration(given);
  if (retries.backoff === "exponential") return delay * 2 ** (attempt - 1);
  if (retries.backoff === "linear") return delay * attempt;
  return delay;
}

/** `"10 seconds"`, `"1 minute"`… in ms. */
function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(millisecond|second|minute|hour|day)s?$/.exec(text.trim());
  if (!match) throw new Error(`unsupported duration ${JSON.stringify(text)}`);
  const unit = { millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 }[match[2] as "second"];
  return Number(match[1]) * unit;
}

/** Throws unless `value` is plain JSON data: null, booleans, finite numbers, strings, arrays and plain objects without undefined members. */
export function assertPlainJson(value: unknown, path: string): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return;
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => assertPlainJson(item, `${path}[${index}]`));
    return;
  } else if (typeof value === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    for (const [key, member] of Object.entries(value)) assertPlainJson(member, `${path}.${key}`);
    return;
  }
  const what = typeof value === "object" ? Object.prototype.toString.call(value) : String(value);
  throw Object.assign(new Error(`${path} is not plain JSON data: ${what}`), { name: "DataCloneError" });
}
