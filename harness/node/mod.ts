/**
 * The harness's server-side parts (`rekognition-edge/harness/node`), for Node ≥ 20,
 * Bun and Deno (`node:http`, `node:fs`, `node:child_process`): the simulator as
 * a local HTTP server any AWS client can point its endpoint at, with its
 * control plane under `/__admin/` (`startServer` on the runtime's fastest
 * adapter: `Bun.serve` on Bun, `node:http` elsewhere; or one of them by name);
 * recordings as folders on disk; and the conformance kit, which grades any
 * Rekognition client (a command in any language, or an in-process JavaScript
 * function) with a battery of cases (docs/conformance.md).
 *
 * @module
 */
export { fastestAdapter, type ServerAdapter, startServer } from "./start.ts";
export { type RequestHandler, type RunningServer, type ServerOptions, startNodeServer } from "./server.ts";
export { startBunServer } from "../bun/server.ts";
export { startDenoServer } from "../deno/server.ts";
export { readRecordings, recordingFolder } from "./recordings.ts";
export { nativeHashing, nodeHashing } from "./hashing.ts";
export {
  commandClient,
  type CommandClientOptions,
  CONFORMANCE_KIT_VERSION,
  CONFORMANCE_SESSION_CREDENTIALS,
  type ConformanceOptions,
  type ConformanceServer,
  OUTPUT_CAP_BYTES,
  readExpectedVerdicts,
  runConformance,
  writeReportFiles,
} from "./conformance.ts";
// The conformance kit's web-standard parts: the cases, the runner over a control plane, the reports.
export { CASES, selectCases } from "../conformance/cases.ts";
export { type ControlPlaneAddress, ControlPlaneCallError, ControlPlaneClient } from "../conformance/control.ts";
export { DEFAULT_TIMEOUT_PER_CASE_SECONDS, OUTPUT_BUCKET, runCases, type RunCasesOptions } from "../conformance/run.ts";
export {
  buildReport,
  type Difference,
  differences,
  exitCodeOf,
  parseExpected,
  renderHtml,
  renderJUnit,
  renderTable,
  resultLine,
  totalsLine,
} from "../conformance/report.ts";
export type * from "../conformance/types.ts";
// The harness's types that the server's and the folders' signatures mention.
export type {
  AcceptedCredentials,
  AddProjectInput,
  AnsweredRequest,
  ArrivedRequest,
  BodyDifference,
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
  NearMiss,
  PendingResponse,
  ProjectState,
  QueuedResponse,
  RecordingStore,
  RecordingsView,
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
  VersionTransition,
} from "../mod.ts";
export type { Clock, Credentials } from "../../mod.ts";
