// One cold start: import a peer, construct its client, make one call to the
// loopback server, exit. Usage: <node|bun> scripts/bench-cold.mjs <peer> <endpoint>
// ("none" as the peer measures the bare process).
import { createPeer } from "./bench-peers.mjs";

const [peer, endpoint] = process.argv.slice(2);
if (peer !== "none") {
  const call = await createPeer(peer, endpoint);
  const arn = await call();
  if (!arn.startsWith("arn:aws:rekognition:")) throw new Error(`unexpected answer ${arn}`);
}
// Idle keep-alive sockets are not part of the start-up.
process.exit(0);
