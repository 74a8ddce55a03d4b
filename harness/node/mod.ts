/**
 * The harness's Node-API parts (`rekognition-edge/harness/node`), for Node ≥ 20,
 * Bun and Deno (`node:http`, `node:fs`): the simulator as a local HTTP server
 * any AWS client can point its endpoint at, with its control plane under
 * `/__admin/`; recordings as folders on disk.
 *
 * @module
 */
export { headersFromRaw, isLoopback, type RequestHandler, type RunningServer, type ServerOptions, startServer } from "./server.ts";
export { readRecordings, recordingFolder } from "./recordings.ts";
// The harness's types that the server's signatures mention (the simulator, scenarios, recording stores).
export type * from "../mod.ts";
