/**
 * The harness's server-side parts (`rekognition-edge/harness/node`), for Node ≥ 20,
 * Bun and Deno: the simulator as a local HTTP server any AWS client can point
 * its endpoint at, with its control plane under `/__admin/` (`startServer` on
 * the runtime's fastest adapter: `Bun.serve` on Bun, `node:http` elsewhere;
 * or one of them by name); recordings as folders on disk (`node:fs`).
 *
 * @module
 */
export { fastestAdapter, type ServerAdapter, startServer } from "./start.ts";
export { type RequestHandler, type RunningServer, type ServerOptions, startNodeServer } from "./server.ts";
export { startBunServer } from "../bun/server.ts";
export { startDenoServer } from "../deno/server.ts";
export { readRecordings, recordingFolder } from "./recordings.ts";
export { nativeHashing, nodeHashing } from "./hashing.ts";
// The harness's types that the server's and the folders' signatures mention.
export type {
  AcceptedCredentials,
  AddProjectInput,
  AnsweredRequest,
  ArrivedRequest,
  ChangeListener,
  CheckedQueuedResponse,
  ClockState,
  ControlPlaneStandIn,
  ControlPlaneTarget,
  CustomizationFeature,
  Fault,
  FAULTS,
  JournalChange,
  JournaledResponse,
  JournalEntry,
  JournalFilter,
  JournalQuery,
  PendingResponse,
  ProjectState,
  QueuedResponse,
  RecordingStore,
  RekognitionSimulator,
  ResponseSpec,
  Scenario,
  SCENARIO_OPERATIONS,
  ScenarioIndex,
  ScenarioIndexEntry,
  ScenarioName,
  ScenarioOperation,
  ScenarioRecording,
  SignatureDetails,
  SigV4Hashing,
  SimulatedVersionInfo,
  SimulatorChange,
  SimulatorControls,
  SimulatorEvent,
  SimulatorHealth,
  SimulatorOptions,
  SimulatorState,
  VersionStatusChange,
} from "../mod.ts";
export type { Clock } from "../../mod.ts";
