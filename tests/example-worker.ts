/**
 * An example Worker in the real workerd runtime (miniflare), without
 * nodejs_compat, against the standalone server (`rekognition-edge serve`) on
 * loopback: what the example tests share.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { DEMO_PROJECTS, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { bundleForWorkers, ROOT, type WorkerBundle } from "../scripts/bench-workers.ts";
import { type StandaloneServer, startStandaloneServer } from "./node-smoke/standalone-server.ts";

/** The project every example trains in. */
export const PROJECT_ARN = DEMO_PROJECTS.customLabels;

/** What {@link startExampleWorker} runs. */
export interface ExampleWorkerOptions {
  /** The Worker's module source, resolved from the repository root (e.g. `export { default } from "./examples/…"`). */
  source: string;
  /** `serve`'s flags after `serve` (`--port 0` is added). */
  serveArgs: string[];
  /** A fixed date in the past: the Worker must not depend on newer runtime behaviour. */
  compatibilityDate: string;
  /** The package's entries, resolved to this repository's sources. */
  alias: Record<string, string>;
  /** Imports left to the runtime (`cloudflare:*`). */
  external?: string[];
  /** The example's own bindings, beside the region, credentials, endpoint, project and bucket every example takes. */
  bindings: Record<string, string>;
  /** Other miniflare options: KV namespaces, Workflows. */
  miniflare: { kvNamespaces?: string[]; workflows?: Record<string, { name: string; className: string; stepLimit?: number }> };
}

/** A running example: the server, the Worker in workerd, the bundle it runs. */
export interface ExampleWorker {
  server: StandaloneServer;
  miniflare: Miniflare;
  bundle: WorkerBundle;
  /** Disposes workerd, stops the server, removes the scratch folder. */
  stop(): Promise<void>;
}

/** Starts the standalone server, bundles the Worker as wrangler does, and runs it in workerd against the server. */
export async function startExampleWorker(options: ExampleWorkerOptions): Promise<ExampleWorker> {
  const scratch = mkdtempSync(join(tmpdir(), "rekognition-edge-example-"));
  const server = await startStandaloneServer([`${ROOT}node_modules/.bin/bun`, `${ROOT}bin/rekognition-edge.ts`, "serve", ...options.serveArgs]);
  let miniflare: Miniflare | undefined;
  const stop = async () => {
    try {
      await miniflare?.dispose(); // throws if workerd never started
    } finally {
      await server.stop();
      rmSync(scratch, { recursive: true, force: true });
    }
  };
  try {
    const bundle = await bundleForWorkers(options.source, { platform: "neutral", minify: false, alias: options.alias, external: options.external ?? [] });
    const scriptPath = join(scratch, "worker.js");
    writeFileSync(scriptPath, bundle.code);
    miniflare = new Miniflare({
      scriptPath,
      modules: true,
      modulesRoot: scratch,
      compatibilityDate: options.compatibilityDate,
      ...options.miniflare,
      bindings: {
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: SIMULATOR_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: SIMULATOR_CREDENTIALS.secretAccessKey,
        REKOGNITION_ENDPOINT: server.endpoint,
        PROJECT_ARN,
        OUTPUT_BUCKET: "training-output",
        ...options.bindings,
      },
    });
    await miniflare.ready;
    return { server, miniflare, bundle, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
