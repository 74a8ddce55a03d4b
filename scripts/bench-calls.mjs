// Per-call cost of each peer in one process, in interleaved rounds so that
// drift (JIT, GC, a noisy neighbour) hits every peer alike.
// Usage: <node|bun> scripts/bench-calls.mjs <canned|endpoint> <rounds> <calls per round>
// Prints JSON: { "<peer>": { wall: [µs per call in round 1, …], cpu: [CPU µs per call, …] }, … }.
// CPU time (all threads of the process, so WebCrypto's worker threads too) is what a
// Worker is billed for, and is less disturbed by other processes than wall time.
import { createPeer, PEERS } from "./bench-peers.mjs";

const [target, rounds, callsPerRound] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const endpoint = target === "canned" ? undefined : target;

const calls = Object.fromEntries(await Promise.all(PEERS.map(async (peer) => [peer, await createPeer(peer, endpoint)])));

/** Wall and CPU µs per call over `count` sequential calls. */
async function timeCalls(call, count) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < count; index++) await call();
  const wall = (performance.now() - started) * 1000;
  const { user, system } = process.cpuUsage(cpu);
  return { wall: wall / count, cpu: (user + system) / count };
}

for (const peer of PEERS) await timeCalls(calls[peer], callsPerRound); // warm-up
const results = Object.fromEntries(PEERS.map((peer) => [peer, { wall: [], cpu: [] }]));
for (let round = 0; round < rounds; round++) {
  // Rotate who goes first.
  const order = PEERS.map((_, index) => PEERS[(index + round) % PEERS.length]);
  for (const peer of order) {
    const { wall, cpu } = await timeCalls(calls[peer], callsPerRound);
    results[peer].wall.push(wall);
    results[peer].cpu.push(cpu);
  }
}
console.log(JSON.stringify(results));
process.exit(0);
