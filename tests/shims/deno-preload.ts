/**
 * Loaded before the test files on Deno (`deno test --preload`). msw creates a
 * `BroadcastChannel` when its module loads (for WebSocket mocking, unused
 * here); on Deno an open channel keeps the process alive, so `deno test`
 * would never exit. A channel that talks to no one stands in for it.
 *
 * @module
 */
class SilentBroadcastChannel extends EventTarget {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  constructor(readonly name: string) {
    super();
  }
  postMessage(_message: unknown): void {}
  close(): void {}
}

globalThis.BroadcastChannel = SilentBroadcastChannel as unknown as typeof BroadcastChannel;
