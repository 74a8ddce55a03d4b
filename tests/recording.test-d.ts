/**
 * Type tests of the recording and replay API: the schemas give the documented
 * types, the handlers take what the README shows, the options refuse what
 * makes no sense. Checked by `tsc --noEmit` (CI), not run.
 */
import type * as v from "valibot";
import type { HttpHandler } from "msw";
import type {
  RecorderOptions,
  RecordEvent,
  RecordingProxy,
  RecordingReplayer,
  ReplayEvent,
  Scenario,
  ScenarioIndex,
  ScenarioIndexSchema,
  ScenarioRecording,
  ScenarioSchema,
} from "../harness/mod.ts";
import type { replayHandlers } from "../fixtures/msw.ts";
import type { readRecordings, recordingFolder } from "../harness/node/mod.ts";
import type { Equal, Expect } from "./type-helpers.ts";

declare const scenarios: Scenario[];
declare const replayer: RecordingReplayer;
declare const proxy: RecordingProxy;
declare const replay: typeof replayHandlers;

export type Tests = [
  // The schemas' outputs are the documented types.
  Expect<Equal<v.InferOutput<typeof ScenarioSchema>, Scenario>>,
  Expect<Equal<v.InferInput<typeof ScenarioSchema>, Scenario>>,
  Expect<Equal<Scenario["recording"], ScenarioRecording | undefined>>,
  Expect<Equal<v.InferOutput<typeof ScenarioIndexSchema>, ScenarioIndex>>,
  Expect<Equal<ScenarioRecording, { sequence: number; recordedAt: string; upstream: string; anonymized: boolean }>>,
  // What the Node helpers give is what the replayer and the recorder take.
  Expect<Equal<Awaited<ReturnType<typeof readRecordings>>, Scenario[]>>,
  Expect<Awaited<ReturnType<typeof recordingFolder>> extends RecorderOptions["store"] ? true : false>,
  // Both are web-standard handlers and fetch functions.
  Expect<Equal<ReturnType<RecordingReplayer["handle"]>, Promise<Response>>>,
  Expect<Equal<ReturnType<RecordingProxy["handle"]>, Promise<Response>>>,
  Expect<Equal<Parameters<RecordingProxy["fetch"]>, [input: string | URL | Request, init?: RequestInit]>>,
  Expect<Equal<RecordEvent["status"], number>>,
  Expect<Equal<ReplayEvent["scenario"], string | undefined>>,
];

// replayHandlers takes the scenarios or a replayer, and options of the handlers and of the replay.
export const fromScenarios: HttpHandler[] = replay(scenarios, { url: "https://rekognition.test/", ignoreMembers: ["VersionDescription"], region: "eu-west-1" });
export const fromReplayer: HttpHandler[] = replay(replayer);
// @ts-expect-error a folder path is read by readRecordings first: the MSW module reads no files.
replay("fixtures/recorded/session");

// The recorder needs the upstream's region and credentials, and a store.
export const options: RecorderOptions = {
  upstream: { region: "us-east-1", credentials: { accessKeyId: "AKIA…", secretAccessKey: "…" } },
  store: { write: async () => {} },
  anonymize: true,
};
// @ts-expect-error no region: nothing to sign for.
export const noRegion: RecorderOptions = { upstream: { credentials: { accessKeyId: "a", secretAccessKey: "b" } }, store: { write: async () => {} } };
// @ts-expect-error the index is read from the store, not written by callers.
proxy.index = { format: "", description: "", scenarios: [] };
