/**
 * The harness's Node-API parts (`rekognition-edge/harness/node`), for Node ≥ 20,
 * Bun and Deno (`node:http`, `node:fs`): the simulator as a local HTTP server
 * any AWS client can point its endpoint at, with its control plane under
 * `/__admin/`; recordings as folders on disk.
 *
 * @module
 */
export { type RequestHandler, type RunningServer, type ServerOptions, startServer } from "./server.ts";
export { readRecordings, recordingFolder } from "./recordings.ts";
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
