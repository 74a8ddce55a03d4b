/**
 * The replaying test `step` (tests/workflow-step.ts) behaves as the Workflows
 * engine does where trainProjectVersion's tests rely on it. Each behaviour
 * here was seen in workerd (miniflare 4.20260426.0): a finished step is not run
 * again, a sleep replayed with another duration sleeps again, a step result
 * that is a class instance fails (DataCloneError), and only an error named
 * NonRetryableError (or whose message starts so) stops the retries.
 */
import { describe, expect, test } from "bun:test";
import { VirtualClock } from "../harness/clock.ts";
import type { TrainingStepResult } from "../src/train-project-version.ts";
import { Crash, ReplayingStep } from "./workflow-step.ts";

const result = (at: number): TrainingStepResult => ({ step: "begin", outcome: "began", at, existingVersionArn: null });

describe("the replaying step", () => {
  test("a finished step returns its stored result on replay; the interrupted one runs again", async () => {
    const clock = new VirtualClock();
    const step = new ReplayingStep({ clock });
    let runs = 0;
    step.crashAt((point) => point.kind === "do" && point.name === "b" && point.phase === "after");
    const outcome = await step.replay(async () => {
      const a = await step.do("a", async () => result(++runs));
      const b = await step.do("b", async () => result(++runs));
      return [a.at, b.at];
    });
    expect(outcome).toEqual([1, 3]); // "a" ran once; "b" ran, was lost in the crash, and ran again
    expect(step.runs).toBe(2);
  });

  test("a sleep is its name and duration: the same returns at once on replay, another duration sleeps again", async () => {
    const clock = new VirtualClock();
    const step = new ReplayingStep({ clock });
    let duration = 1000;
    step.crashAt((point) => point.kind === "do" && point.name === "after");
    await step.replay(async () => {
      await step.sleep("same", 500);
      await step.sleep("varying", duration++);
      await step.do("after", async () => result(0));
    });
    expect(step.eventsOf("sleep", 2).map(({ name, replayed }) => [name, replayed])).toEqual([
      ["same", true],
      ["varying", false],
    ]);
  });

  test("a result that is not plain JSON data fails the step, as workerd's DataCloneError does", async () => {
    for (const bad of [new Date(0), { at: Number.NaN }, { at: 1, missing: undefined }, new (class Thing {})(), { nested: [new Map()] }]) {
      const step = new ReplayingStep({ clock: new VirtualClock() });
      const error = await step.do("bad", async () => bad as never).catch((caught: unknown) => caught as Error);
      expect([bad, error.name]).toEqual([bad, "DataCloneError"]);
    }
  });

  test("retries per the config on the clock; a NonRetryableError (by name or message prefix) stops them", async () => {
    for (
      const [error, attempts] of [
        [new Error("flaky"), 3],
        [Object.assign(new Error("no"), { name: "NonRetryableError" }), 1],
        [new Error("NonRetryableError: no"), 1],
      ] as const
    ) {
      const clock = new VirtualClock();
      const step = new ReplayingStep({ clock });
      const started = clock.now();
      await step.do("s", { retries: { limit: 2, delay: "1 second", backoff: "linear" } }, async () => Promise.reject(error)).catch(() => {});
      expect([error.message, step.eventsOf("do")[0]!.attempts]).toEqual([error.message, attempts]);
      if (attempts === 3) expect(clock.now() - started).toBe(1000 + 2000);
    }
  });

  test("refuses what the engine refuses: names over 256 characters or with control characters, more steps than the limit", async () => {
    const step = new ReplayingStep({ clock: new VirtualClock(), stepLimit: 2 });
    await expect(step.do("x".repeat(257), async () => result(0))).rejects.toThrow(/max length/);
    await expect(step.do("a\tb", async () => result(0))).rejects.toThrow(/invalid characters/);
    const limited = new ReplayingStep({ clock: new VirtualClock(), stepLimit: 2 });
    await limited.do("1", async () => result(0));
    await limited.do("2", async () => result(0));
    await expect(limited.do("3", async () => result(0))).rejects.toThrow(/limit of 2 steps/);
    expect(new Crash("x")).toBeInstanceOf(Error);
  });
});
