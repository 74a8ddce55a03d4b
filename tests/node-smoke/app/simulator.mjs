// rekognition-edge/harness in process (simulated-training.mjs). Usage: <node|bun|deno run> simulator.mjs
import { trainOnSimulator } from "./simulated-training.mjs";

console.log(await trainOnSimulator());
