/**
 * The system clock's sleep: a delay longer than one timer keeps (2^31 − 1 ms, about 24.8 days; a longer
 * one fires at once) is slept in chunks. Checked with fake timers that fire at once: no real waiting.
 */
import { expect, test } from "bun:test";
import { MAX_TIMER_DELAY_MS, sleep, systemClock, type Timers } from "../src/clock.ts";

/** Timers that fire on the next microtask and record each delay asked for; `cleared` lists the timers cleared. */
function fakeTimers(): Timers & { delays: number[]; cleared: unknown[] } {
  const delays: number[] = [];
  const cleared: unknown[] = [];
  const live = new Set<number>();
  return {
    delays,
    cleared,
    setTimeout(callback, ms) {
      const id = delays.push(ms);
      live.add(id);
      queueMicrotask(() => live.delete(id) && callback());
      return id;
    },
    clearTimeout(timer) {
      cleared.push(timer);
      live.delete(timer as number);
    },
  };
}

test("MAX_TIMER_DELAY_MS is the largest signed 32-bit integer", () => {
  expect(MAX_TIMER_DELAY_MS).toBe(2_147_483_647);
});

test.each([
  [0, [0]],
  [1_000, [1_000]],
  [MAX_TIMER_DELAY_MS, [MAX_TIMER_DELAY_MS]],
  [MAX_TIMER_DELAY_MS + 1, [MAX_TIMER_DELAY_MS, 1]],
  [3 * MAX_TIMER_DELAY_MS + 5, [MAX_TIMER_DELAY_MS, MAX_TIMER_DELAY_MS, MAX_TIMER_DELAY_MS, 5]],
  [365 * 24 * 3600_000, [...Array<number>(14).fill(MAX_TIMER_DELAY_MS), 1_471_228_942]], // a year: the longest a workflow sleeps,
])("sleep(%p) sets timers of %p ms: none longer than a timer keeps, adding up to the whole", async (ms, delays) => {
  const timers = fakeTimers();
  await sleep(ms, undefined, timers);
  expect(timers.delays).toEqual(delays);
  expect(timers.delays.reduce((sum, delay) => sum + delay, 0)).toBe(ms);
});

test("an abort between two chunks clears the live timer, rejects with the reason and sets no other", async () => {
  const delays: number[] = [];
  const cleared: unknown[] = [];
  const controller = new AbortController();
  const reason = new Error("stop");
  // The first chunk fires at once; the second never fires by itself: the signal aborts while it runs.
  const timers: Timers = {
    setTimeout(callback, ms) {
      delays.push(ms);
      queueMicrotask(delays.length === 1 ? callback : () => controller.abort(reason));
      return `timer ${delays.length}`;
    },
    clearTimeout: (timer) => cleared.push(timer),
  };
  expect(await sleep(2 * MAX_TIMER_DELAY_MS + 10, controller.signal, timers).then(() => "resolved", (error: unknown) => error)).toBe(reason);
  expect(cleared).toEqual(["timer 2"]);
  expect(delays).toEqual([MAX_TIMER_DELAY_MS, MAX_TIMER_DELAY_MS]);
});

test("an aborted signal rejects at once, with no timer", async () => {
  const timers = fakeTimers();
  const reason = new Error("already");
  expect(await sleep(10, AbortSignal.abort(reason), timers).catch((error: unknown) => error)).toBe(reason);
  expect(timers.delays).toEqual([]);
});

test("systemClock.sleep is the chunked sleep on the global timers", async () => {
  const asked: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  // Only for this await: the global timer fires on the next microtask and records the delay.
  globalThis.setTimeout = ((callback: () => void, ms: number) => (asked.push(ms), queueMicrotask(callback), 0)) as unknown as typeof setTimeout;
  try {
    await systemClock.sleep(MAX_TIMER_DELAY_MS + 7);
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  expect(asked).toEqual([MAX_TIMER_DELAY_MS, 7]);
});
