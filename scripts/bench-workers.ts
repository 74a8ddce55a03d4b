/**
 * The smallest Cloudflare Worker each peer needs to start training a version,
 * and the bundle a Worker ships: esbuild as wrangler runs it for workerd
 * (`workerd`/`worker`/`browser` conditions), minified, and its size after gzip -9. Used by tests/bundle.test.ts (the size budget) and
 * scripts/bench.ts (the side-by-side table).
 *
 * @module
 */
import { builtinModules } from "node:module";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { FLOOR, FLOOR_MODULE } from "./bench-peers.mjs";

/** The repository's root directory. */
export const ROOT = new URL("..", import.meta.url).pathname;

/** A Worker bundle and what it would need from Node. */
export interface WorkerBundle {
  /** The minified JavaScript. */
  code: string;
  bytes: number;
  /** Size after gzip at level 9, what a Worker upload is measured in. */
  gzipBytes: number;
  /** Node built-ins the bundle imports, as `importer → specifier`; a Worker without nodejs_compat has none. */
  nodeImports: string[];
  /** The source map (JSON), with `sourcemap: true`. */
  sourceMap?: string;
}

const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((name) => `${name}/*`), "node:*"];

/** How to bundle: wrangler's default platform is `browser` (package.json `browser` maps apply); `neutral` applies none. */
export interface BundleOptions {
  platform?: "browser" | "neutral";
  minify?: boolean;
  /** Imports to resolve elsewhere, e.g. `{ "rekognition-edge": "<root>/mod.ts" }`. */
  alias?: Record<string, string>;
  /** Imports the runtime provides, left as they are, e.g. `cloudflare:*`. */
  external?: string[];
  /** Also return the source map (for {@link gzipShares}). */
  sourcemap?: boolean;
}

/** Bundles TypeScript `source` (resolved from the repository root) as wrangler does for workerd. */
export async function bundleForWorkers(
  source: string,
  { platform = "browser", minify = true, alias = {}, external = [], sourcemap = false }: BundleOptions = {},
): Promise<WorkerBundle> {
  const result = await esbuild.build({
    ...(sourcemap ? { sourcemap: "external" as const, outfile: "worker.js" } : {}),
    stdin: { contents: source, loader: "ts", resolveDir: ROOT, sourcefile: "worker.ts" },
    bundle: true,
    write: false,
    metafile: true,
    minify,
    alias,
    format: "esm",
    platform,
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    // Kept out of the bundle, and listed below, instead of failing the build.
    external: [...NODE_BUILTINS, ...external],
    logLevel: "silent",
  });
  const code = result.outputFiles.find((file) => !file.path.endsWith(".map"))!.text;
  const sourceMap = result.outputFiles.find((file) => file.path.endsWith(".map"))?.text;
  const nodeImports = Object.entries(result.metafile.inputs).flatMap(([importer, input]) =>
    input.imports.filter((imported) => imported.external && isNodeBuiltin(imported.path)).map((imported) => `${importer} → ${imported.path}`)
  );
  const gzipBytes = gzipSync(code, { level: 9 }).byteLength;
  return { code, bytes: new TextEncoder().encode(code).byteLength, gzipBytes, nodeImports, ...(sourceMap ? { sourceMap } : {}) };
}

/** What one module (or package) puts in a bundle. */
export interface ModuleShare {
  /** `src/client.ts`, or a package's name. */
  module: string;
  /** Characters of the minified bundle that come from it. */
  minifiedBytes: number;
  /** How much smaller the gzip -9 of the bundle is without those characters: its share, text it shares with others counted once. */
  gzipShare: number;
}

/**
 * Each module's share of a bundle, largest first: the bundle's characters are attributed to modules by the
 * source map, and each module's are left out of the gzip of the whole in turn.
 */
export async function gzipShares(source: string): Promise<ModuleShare[]> {
  const { code, gzipBytes, sourceMap } = await bundleForWorkers(source, { sourcemap: true });
  const { sources, mappings } = JSON.parse(sourceMap!) as { sources: string[]; mappings: string };
  const lines = code.split("\n");
  // owners[line][column]: the index in `sources` of the module a character comes from (-1: none).
  const owners = lines.map((line) => new Int32Array(line.length).fill(-1));
  let sourceIndex = 0;
  mappings.split(";").forEach((line, lineIndex) => {
    let column = 0;
    const starts: [column: number, source: number][] = [];
    for (const segment of line.split(",").filter(Boolean)) {
      const [columnDelta = 0, sourceDelta] = decodeVlq(segment);
      column += columnDelta;
      if (sourceDelta !== undefined) sourceIndex += sourceDelta;
      starts.push([column, sourceDelta === undefined ? -1 : sourceIndex]);
    }
    starts.forEach(([start, owner], at) => owners[lineIndex]!.fill(owner, start, starts[at + 1]?.[0] ?? lines[lineIndex]!.length));
  });
  const moduleOf = (path: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.replace(/^(\.\.\/)+/, "");
  const modules = [...new Set(sources.map(moduleOf))];
  return modules
    .map((module) => {
      const ids = new Set(sources.flatMap((path, index) => (moduleOf(path) === module ? [index] : [])));
      let minifiedBytes = 0;
      let rest = "";
      lines.forEach((line, lineIndex) => {
        for (let column = 0; column < line.length; column++) {
          if (ids.has(owners[lineIndex]![column]!)) minifiedBytes++;
          else rest += line[column];
        }
        rest += "\n";
      });
      return { module, minifiedBytes, gzipShare: gzipBytes - gzipSync(rest, { level: 9 }).byteLength };
    })
    .sort((a, b) => b.gzipShare - a.gzipShare);
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The numbers of one source map segment (base64 VLQ). */
function decodeVlq(segment: string): number[] {
  const numbers: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    shift += 5;
    if (digit & 32) continue;
    numbers.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return numbers;
}

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0]!);
}

/** Bundles scripts/bench-floor.ts with its dependencies inlined into `FLOOR_MODULE`, for the bench's child processes. */
export async function bundleFloor(): Promise<void> {
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ["scripts/bench-floor.ts"],
    outfile: fileURLToPath(FLOOR_MODULE),
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    logLevel: "silent",
  });
}

/** A Worker entry of one peer. */
export interface WorkerEntry {
  peer: "rekognition-edge" | "@aws-sdk/client-rekognition" | "aws4fetch (raw)" | typeof FLOOR;
  /** `create`: CreateProjectVersion only; `full`: create, describe, and wait for training. */
  variant: "create" | "full";
  source: string;
}

/** Shared by every entry: credentials and input from the Worker's environment and request. */
const PRELUDE = `
interface Env { AWS_REGION: string; AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string; }
const credentialsOf = (env: Env) => ({ accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY });
const inputOf = async (request: Request) => {
  const { ProjectArn, VersionName } = (await request.json()) as { ProjectArn: string; VersionName: string };
  return { ProjectArn, VersionName, OutputConfig: { S3Bucket: "training-output", S3KeyPrefix: VersionName } };
};
`;

/** Without a waiter: describe once, then poll `describe()` every 2 minutes for at most 10. */
const POLLING_LOOP = `const { ProjectVersionDescriptions } = await describe();
    let done;
    for (const deadline = Date.now() + 600_000; Date.now() < deadline; await new Promise((wake) => setTimeout(wake, 120_000))) {
      done = (await describe()).ProjectVersionDescriptions?.[0];
      if (done?.Status === "TRAINING_COMPLETED") break;
      if (done?.Status === "TRAINING_FAILED") throw new Error(done.StatusMessage);
    }`;

/** Every peer's Worker, create-only and full. */
export function workerEntries(): WorkerEntry[] {
  const worker = (body: string) => `export default {\n  async fetch(request: Request, env: Env): Promise<Response> {\n${body}\n  },\n};`;
  const edge = (full: boolean) => `
import { RekognitionClient${full ? ", waitUntilTrainingCompleted" : ""} } from "./mod.ts";
${PRELUDE}
${
    worker(`
    const client = new RekognitionClient({ region: env.AWS_REGION, credentials: credentialsOf(env) });
    const input = await inputOf(request);
    const { ProjectVersionArn } = await client.createProjectVersion(input);
    ${
      full
        ? `const { ProjectVersionDescriptions } = await client.describeProjectVersions({ ProjectArn: input.ProjectArn, VersionNames: [input.VersionName] });`
        : ""
    }
    ${full ? `const done = await waitUntilTrainingCompleted(client, input, { maxWaitTime: 600 });` : ""}
    return Response.json({ ProjectVersionArn${full ? ", ProjectVersionDescriptions, done" : ""} });`)
  }`;
  const sdk = (full: boolean) => `
import { RekognitionClient, CreateProjectVersionCommand${
    full ? ", DescribeProjectVersionsCommand, waitUntilProjectVersionTrainingCompleted" : ""
  } } from "@aws-sdk/client-rekognition";
${PRELUDE}
${
    worker(`
    const client = new RekognitionClient({ region: env.AWS_REGION, credentials: credentialsOf(env) });
    const input = await inputOf(request);
    const { ProjectVersionArn } = await client.send(new CreateProjectVersionCommand(input));
    ${
      full
        ? `const { ProjectVersionDescriptions } = await client.send(new DescribeProjectVersionsCommand({ ProjectArn: input.ProjectArn, VersionNames: [input.VersionName] }));
    const done = await waitUntilProjectVersionTrainingCompleted({ client, maxWaitTime: 600 }, { ProjectArn: input.ProjectArn, VersionNames: [input.VersionName] });`
        : ""
    }
    return Response.json({ ProjectVersionArn${full ? ", ProjectVersionDescriptions, done" : ""} });`)
  }`;
  // The floor: aws4fetch signing hand-written JSON 1.1 requests, no validation, no typed errors, a bare polling loop.
  const raw = (full: boolean) => `
import { AwsClient } from "aws4fetch";
${PRELUDE}
const call = async (aws: AwsClient, region: string, operation: string, input: unknown) => {
  const response = await aws.fetch(\`https://rekognition.\${region}.amazonaws.com/\`, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": \`RekognitionService.\${operation}\` },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw new Error(\`\${operation}: \${response.status} \${await response.text()}\`);
  return response.json() as Promise<any>;
};
${
    worker(`
    const aws = new AwsClient({ ...credentialsOf(env), region: env.AWS_REGION, service: "rekognition", retries: 0 });
    const input = await inputOf(request);
    const { ProjectVersionArn } = await call(aws, env.AWS_REGION, "CreateProjectVersion", input);
    ${
      full
        ? `const describe = () => call(aws, env.AWS_REGION, "DescribeProjectVersions", { ProjectArn: input.ProjectArn, VersionNames: [input.VersionName] });

    ${POLLING_LOOP}`
        : ""
    }
    return Response.json({ ProjectVersionArn${full ? ", ProjectVersionDescriptions, done" : ""} });`)
  }`;
  // The floor: the raw call plus valibot validation of input and answer; the same polling loop as raw.
  const floor = (full: boolean) => `
import { createProjectVersion, ${full ? "describeProjectVersions, " : ""}floorClient } from "./scripts/bench-floor.ts";
${PRELUDE}
${
    worker(`
    const call = floorClient({ region: env.AWS_REGION, credentials: credentialsOf(env) });
    const input = await inputOf(request);
    const { ProjectVersionArn } = await call(createProjectVersion, input);
    ${
      full
        ? `const describe = () => call(describeProjectVersions, { ProjectArn: input.ProjectArn, VersionNames: [input.VersionName] });

    ${POLLING_LOOP}`
        : ""
    }
    return Response.json({ ProjectVersionArn${full ? ", ProjectVersionDescriptions, done" : ""} });`)
  }`;
  return [
    { peer: "rekognition-edge", variant: "create", source: edge(false) },
    { peer: "rekognition-edge", variant: "full", source: edge(true) },
    { peer: "@aws-sdk/client-rekognition", variant: "create", source: sdk(false) },
    { peer: "@aws-sdk/client-rekognition", variant: "full", source: sdk(true) },
    { peer: "aws4fetch (raw)", variant: "create", source: raw(false) },
    { peer: "aws4fetch (raw)", variant: "full", source: raw(true) },
    { peer: FLOOR, variant: "create", source: floor(false) },
    { peer: FLOOR, variant: "full", source: floor(true) },
  ];
}
