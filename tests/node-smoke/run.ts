/**
 * The packed package as users install it, on every runtime it claims. Packs the repository (`npm pack`,
 * as published; needs a built dist/) or takes a tarball (`--tarball`, e.g. an older build, to see these
 * checks fail on it), installs it into scratch projects and runs the install paths named on the command
 * line (all by default), calling the packed CLI's standalone server (under Node) where they call a service:
 *
 * - `package`: the tarball itself: publint --strict, @arethetypeswrong/cli (ESM-only profile), the LICENSE,
 *   export conditions naming only JavaScript, the links of the README (and of the pages it links) resolving
 *   inside the package, and no module bundled into two files of one build;
 * - `node`: Node (ESM) in an npm project: app/smoke.mjs, the README's Node example, every entry by name
 *   (one copy of each export; the `node` build), node:crypto hashing, the simulator, errors thrown by
 *   `rekognition-edge/workflows` caught with `instanceof` by `rekognition-edge`'s classes; `require()`;
 * - `types`: the packed declarations type-check an application (module nodenext, strict);
 * - `bun`: Bun in that project: the README's Bun example, every entry (the `bun` build), native hashing,
 *   the simulator, `instanceof` across entries;
 * - `deno-npm`: Deno as the README says, `deno add npm:rekognition-edge`, from a local registry serving
 *   the tarball (./registry.ts; Deno's npm cache, no node_modules): the README's Deno example, every entry
 *   (the web-standard build), WebCrypto hashing, `rekognition-edge/harness`, `instanceof` across entries;
 * - `deno-node-modules`: the same in the npm project (`"nodeModulesDir": "manual"`);
 * - `worker`: the README's Worker (examples/cloudflare-worker/worker.ts) bundled from the installed
 *   package by esbuild with workerd's conditions, run in workerd (miniflare) against the server;
 *   `rekognition-edge/harness` in workerd; every entry but the harness's Node parts free of Node built-ins.
 *
 * Dependencies (aws4fetch, valibot; msw for `rekognition-edge/fixtures`) come from this repository's
 * node_modules: no network. The entries are the packed package.json's `exports`
 * (scripts/package-entries.mjs); each must export what its TypeScript source here exports.
 * Ends with "N passed, N failed". Usage: bun tests/node-smoke/run.ts [--tarball <file.tgz>] [path...]
 */
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { Miniflare } from "miniflare";
import { bundleForWorkers } from "../../scripts/bench-workers.ts";
import { packageEntries, readDenoConfig } from "../../scripts/package-entries.mjs";
import { brokenLinks, type LinkContext, linkedPath, markdownLinks, reachablePages } from "../markdown.ts";
import { manifestOf, startRegistry } from "./registry.ts";
import { type StandaloneServer, startStandaloneServer } from "./standalone-server.ts";

const root = new URL("../../", import.meta.url).pathname;
const bin = (name: string) => join(root, "node_modules/.bin", name);
const scratch = mkdtempSync(join(tmpdir(), "rekognition-edge-packed-"));
/** The npm project every path but `deno-npm` runs in: the tarball unpacked into node_modules, as `npm install <tarball>` leaves it. */
const app = join(scratch, "app");
const installed = join(app, "node_modules", "rekognition-edge");
const appFiles = new URL("./app", import.meta.url).pathname;

const ProjectArn = "arn:aws:rekognition:us-east-1:111122223333:project/demo-custom-labels/1700000000000";
/** Deno's cache in the scratch directory (each run installs afresh); no update check. */
const denoEnvironment = { DENO_DIR: join(scratch, "deno-dir"), DENO_NO_UPDATE_CHECK: "1" };
const SERVER_CREDENTIALS = { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

let passed = 0;
let failed = 0;

/**
 * Runs one named check; a thrown error (with a child's output, if any) fails it. A check `pending` on work
 * not done yet still runs and reports, but its failure is not counted: it is printed as `(pending)`.
 */
async function check(name: string, run: () => unknown, { pending }: { pending?: string } = {}): Promise<void> {
  try {
    await run();
    passed++;
    console.log(`(pass) ${name}`);
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    const message = error instanceof Error ? error.message : String(error);
    if (pending) return console.log(`(pending) ${name}: ${message} (not counted: ${pending})`);
    failed++;
    console.log(`(fail) ${name}\n${message}\n${stdout ?? ""}${stderr ?? ""}`.trimEnd());
  }
}

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}:\n  expected ${JSON.stringify(expected)}\n  got      ${JSON.stringify(actual)}`);
  }
}

/**
 * Runs a command to its end without blocking this process (which may be serving it); resolves with its
 * standard output (and error, with `withStderr`), rejects unless it exits 0.
 */
function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number; withStderr?: boolean } = {},
): Promise<string> {
  const { cwd = app, env = {}, timeoutMs = 30_000, withStderr = false } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(withStderr ? `${stdout}${stderr}` : stdout);
      reject(
        Object.assign(new Error(`${[command, ...args].join(" ")}: ${signal ? `killed (${signal}) after ${timeoutMs} ms` : `exit ${code}`}`), {
          stdout,
          stderr,
        }),
      );
    });
  });
}

/** The path of an installed file, from the package root: `dist/mod.js`. */
const packagePath = (file: string) => decodeURIComponent(file.replace(/^file:\/\//, "")).replace(/^.*\/rekognition-edge\/(?:\d+\.\d+\.\d+[^/]*\/)?/, "");

// ---------------------------------------------------------------------------------------------------------
const options = { tarball: undefined as string | undefined, paths: [] as string[] };
for (const args = process.argv.slice(2); args.length > 0;) {
  const arg = args.shift()!;
  if (arg === "--tarball") options.tarball = args.shift();
  else options.paths.push(arg);
}

let server: StandaloneServer | undefined;
try {
  let tarball = options.tarball;
  if (!tarball) {
    if (!existsSync(join(root, "dist/mod.js")) || !existsSync(join(root, "dist/mod.d.ts"))) throw new Error("no dist/: run `npm run build` first");
    const [{ filename }] = JSON.parse(
      execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      }),
    ) as [{ filename: string }];
    tarball = join(scratch, filename);
  }
  const manifest = manifestOf(tarball) as ReturnType<typeof manifestOf> & {
    exports: Record<string, Record<string, string> | string>;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const entries = packageEntries(manifest);
  const subpaths = entries.map(({ subpath }) => subpath);
  const main = manifest.exports["."] as Record<string, string>;
  /** What each entry must export: what its TypeScript source in this repository exports. */
  const expectedExports = Object.fromEntries(
    await Promise.all(entries.map(async ({ subpath, source }) => [subpath, Object.keys(await import(join(root, source))).sort()] as const)),
  );

  mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
  const linked = [...Object.keys(manifest.dependencies ?? {}), "msw"];
  for (const name of linked) {
    mkdirSync(dirname(join(app, "node_modules", name)), { recursive: true });
    symlinkSync(join(root, "node_modules", name), join(app, "node_modules", name), "dir");
  }
  cpSync(appFiles, app, { recursive: true });
  for (const [runtime, file] of [["node", "train.mjs"], ["bun", "train.ts"], ["deno", "train.ts"]]) {
    cpSync(join(root, "examples", runtime!, file!), join(app, runtime!, file!));
  }
  const dependencies = Object.fromEntries([
    [manifest.name, manifest.version],
    ...linked.map((name) => [name, JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version]),
  ]);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "packed-smoke", private: true, type: "module", dependencies }));

  const endpoint = async () => {
    const cli = (manifest.bin as Record<string, string>)["rekognition-edge"]!;
    server ??= await startStandaloneServer(["node", join(installed, cli), "serve", "--training-seconds", "0"], { cwd: app });
    return server.endpoint;
  };
  /** The README's example for `runtime`, run as its comment says, trains a version on the server. */
  const readmeExample = async (runtime: string, command: string[], cwd = app, env: Record<string, string> = {}) => {
    const VersionName = `readme-${runtime}-${Math.random().toString(36).slice(2, 8)}`;
    const stdout = await run(command[0]!, [...command.slice(1), ProjectArn, VersionName, "training-output"], {
      cwd,
      env: { ...env, ...SERVER_CREDENTIALS, AWS_REGION: "us-east-1", REKOGNITION_ENDPOINT: await endpoint() },
    });
    if (!stdout.includes(`training ${ProjectArn.replace(/\/\d+$/, "")}/version/${VersionName}/`) || !/TRAINING_COMPLETED, F1 score 0\.\d+/.test(stdout)) {
      throw Object.assign(new Error("the example did not report its version trained"), { stdout });
    }
  };
  /** Every entry imports by name and exports what its source does; "." resolves to `mainFile`; entries share their code. */
  const everyEntry = async (command: string[], names: string[], mainFile: string, cwd = app, env: Record<string, string> = {}) => {
    const { entries: imported, notShared } = JSON.parse(await run(command[0]!, [...command.slice(1), ...names], { cwd, env })) as {
      entries: Record<string, { file: string; exports: string[] }>;
      notShared: string[];
    };
    expectEqual(
      Object.fromEntries(Object.entries(imported).map(([subpath, { exports }]) => [subpath, exports])),
      Object.fromEntries(names.map((name) => [name, expectedExports[name]])),
      "the entries' exports",
    );
    expectEqual(packagePath(imported["."]!.file), mainFile, `"rekognition-edge" resolved to`);
    expectEqual(notShared, [], "names two entries export as different objects (a copy per entry)");
  };
  const hashing = async (command: string[], expected: "WebCrypto" | "native", cwd = app, env: Record<string, string> = {}) =>
    expectEqual((await run(command[0]!, [...command.slice(1), await endpoint()], { cwd, env })).trim(), expected, "the client's SigV4 hashing");

  const paths: Record<string, () => Promise<void>> = {
    async package() {
      const files = readdirSync(installed, { recursive: true }).map(String).filter((file) => statSync(join(installed, file)).isFile());
      await check("publint --strict", () => run(bin("publint"), ["run", "--strict", tarball!], { cwd: root }));
      await check(
        "@arethetypeswrong/cli --profile esm-only",
        () => run(bin("attw"), ["--profile", "esm-only", "--format", "table-flipped", tarball!], { cwd: root }),
      );
      await check("ships the Apache-2.0 LICENSE that package.json names", () => {
        expectEqual(manifest.license, "Apache-2.0", "package.json license");
        if (!files.includes("LICENSE")) throw new Error("no LICENSE in the package");
        expectEqual(readFileSync(join(installed, "LICENSE"), "utf8"), readFileSync(join(root, "LICENSE"), "utf8"), "LICENSE");
      });
      await check("every export condition names JavaScript or a declaration (Node and Deno do not strip types under node_modules)", () => {
        const targets = Object.values(manifest.exports).flatMap((
          target,
        ) => (typeof target === "string"
          ? [target]
          : Object.entries(target).map(([condition, file]) => (condition === "types" ? file.replace(/\.d\.ts$/, ".js") : file)))
        );
        expectEqual(targets.filter((file) => !/\.(m?js|json)$/.test(file)), [], "export targets that are not JavaScript");
      });
      await check("the relative links of the README, and of every page it leads to (docs/), resolve inside the package", () => {
        const shipped: LinkContext = {
          exists: (path) => files.some((file) => file === path || file.startsWith(`${path}/`)),
          read: (path) => readFileSync(join(installed, path), "utf8"),
        };
        const pages = reachablePages("README.md", shipped);
        if (pages.length < 2) throw new Error(`the README leads to no other page (${pages.join(", ")}): the check would prove little`);
        const broken = brokenLinks(pages, shipped).map(({ page, line, target, problem }) => `${page}:${line} ${target}: ${problem}`);
        expectEqual(broken, [], `links of ${pages.length} pages that do not resolve in the package`);
      });
      await check("no module is bundled into two files of one build (Bun's entries, dist/bun/, are a build of their own)", () => {
        const bundled = new Map<string, string[]>();
        for (const file of files.filter((file) => file.endsWith(".js"))) {
          const build = file.startsWith("dist/bun/") ? "bun" : "default";
          for (const [, module] of readFileSync(join(installed, file), "utf8").matchAll(/^\/\/ ([\w.-]+(?:\/[\w.-]+)*\.(?:ts|json))$/gm)) {
            const key = `${build}: ${module}`;
            bundled.set(key, [...new Set([...(bundled.get(key) ?? []), file])]);
          }
        }
        if (![...bundled.keys()].some((key) => key.startsWith("bun: "))) {
          throw new Error("no esbuild module comment in dist/bun/: the check would prove nothing");
        }
        if (![...bundled.keys()].some((key) => key.startsWith("default: "))) throw new Error("no esbuild module comment found: the check would prove nothing");
        expectEqual(Object.fromEntries([...bundled].filter(([, in_]) => in_.length > 1)), {}, "modules bundled more than once");
      });
      const size = files.reduce((total, file) => total + statSync(join(installed, file)).size, 0);
      console.log(`unpacked: ${files.length} files, ${size} bytes; tarball ${statSync(tarball!).size} bytes`);
    },

    async node() {
      const version = (await run("node", ["--version"])).trim();
      await check(
        `node ${version}: app/smoke.mjs (create, wait, typed errors)`,
        async () => console.log((await run("node", ["smoke.mjs", await endpoint()])).trim()),
      );
      await check("the README's Node example (examples/node/train.mjs)", () => readmeExample("node", ["node", "node/train.mjs"]));
      await check(
        "every entry imports by name, one copy of each export; the main one is the `node` build",
        () => everyEntry(["node", "entries.mjs"], subpaths, main.node!.slice(2)),
      );
      await check("the client hashes with node:crypto", () => hashing(["node", "hashing.mjs"], "native"));
      await check("rekognition-edge/harness trains a version in process", () => run("node", ["simulator.mjs"]));
      await check("errors rekognition-edge/workflows throws are instances of rekognition-edge's classes", () => run("node", ["instanceof.mjs"]));
      const [major = 0, minor = 0] = version.slice(1).split(".").map(Number);
      const requireSupported = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 23;
      await check(`require() ${requireSupported ? "loads every entry" : "fails with ERR_REQUIRE_ESM"} on Node ${version} (the README's promise)`, async () => {
        const required = JSON.parse(await run("node", ["require.cjs", ...subpaths])) as { error?: string; entries?: Record<string, { exports: string[] }> };
        if (!requireSupported) return expectEqual(required, { error: "ERR_REQUIRE_ESM" }, "require()");
        if (!required.entries) throw new Error(`require() failed: ${required.error}`);
        expectEqual(
          Object.fromEntries(Object.entries(required.entries).map(([subpath, { exports }]) => [subpath, exports])),
          expectedExports,
          "what require() returns",
        );
      });
    },

    async types() {
      await check("the packed declarations type-check an application (module nodenext, strict)", () => {
        const compilerOptions = [
          "--noEmit",
          "--strict",
          "--module",
          "nodenext",
          "--moduleResolution",
          "nodenext",
          "--target",
          "es2022",
          "--lib",
          "es2023,dom",
          "--types",
          "",
        ];
        return run("node", [join(root, "node_modules/typescript/bin/tsc"), ...compilerOptions, "smoke-types.ts"]);
      });
    },

    async bun() {
      const bun = bin("bun");
      await check("the README's Bun example (examples/bun/train.ts)", () => readmeExample("bun", [bun, "bun/train.ts"]));
      // Bun's bundler resolves the `bun` condition too: the entry must survive it (a `bun build --bytecode` CommonJS
      // entry would not: its function wrapper is run by Bun's module loader only, and bundled it exports nothing).
      await check("the README's Bun example bundled by `bun build --target=bun` (as `--compile` does) runs", async () => {
        await run(bun, ["build", "bun/train.ts", "--target=bun", "--outfile", "bun/train.bundled.js"]);
        await readmeExample("bun-bundled", [bun, "bun/train.bundled.js"]);
      });
      await check(
        "every entry imports by name, one copy of each export; the main one is the `bun` build",
        () => everyEntry([bun, "entries.mjs"], subpaths, main.bun!.slice(2)),
      );
      await check("the client hashes with Bun.CryptoHasher", () => hashing([bun, "hashing.mjs"], "native"));
      await check("rekognition-edge/harness trains a version in process", () => run(bun, ["simulator.mjs"]));
      await check("errors rekognition-edge/workflows throws are instances of rekognition-edge's classes", () => run(bun, ["instanceof.mjs"]));
    },

    async "deno-npm"() {
      const project = join(scratch, "deno-npm");
      mkdirSync(project);
      for (const file of ["entries.mjs", "hashing.mjs", "simulator.mjs", "simulated-training.mjs", "instanceof.mjs"]) {
        cpSync(join(appFiles, file), join(project, file));
      }
      cpSync(join(app, "deno"), join(project, "deno"), { recursive: true });
      writeFileSync(join(project, "deno.json"), "{}\n");
      // The registry serves the tarball and its dependencies (packed from node_modules), nothing else: not msw.
      const tarballs = Object.keys(manifest.dependencies ?? {}).map((name) => {
        const [{ filename }] = JSON.parse(
          execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch, join(root, "node_modules", name)], { encoding: "utf8" }),
        ) as [{ filename: string }];
        return join(scratch, filename);
      });
      const registry = await startRegistry([tarball!, ...tarballs]);
      try {
        const env = { ...denoEnvironment, NPM_CONFIG_REGISTRY: registry.url };
        await check("deno add npm:rekognition-edge installs the packed package from the registry", async () => {
          await run(bin("deno"), ["add", "npm:rekognition-edge"], { cwd: project, env });
          if (!registry.requests.includes(`/${manifest.name}/-/${basename(tarball!)}`)) {
            throw new Error(`the tarball was not downloaded: ${registry.requests.join(", ")}`);
          }
          if (existsSync(join(project, "node_modules"))) throw new Error("deno add made a node_modules directory: this path is meant to use Deno's npm cache");
        });
        await denoChecks("deno add npm:rekognition-edge", project, env, subpaths.filter((subpath) => subpath !== "./fixtures"));
      } finally {
        await registry.close();
      }
    },

    async "deno-node-modules"() {
      writeFileSync(join(app, "deno.json"), JSON.stringify({ nodeModulesDir: "manual" }));
      await denoChecks("node_modules project", app, denoEnvironment, subpaths);
    },

    async worker() {
      const workerDir = join(app, "worker");
      mkdirSync(workerDir);
      /** Runs `code` as a module Worker in workerd, as examples/cloudflare-worker/wrangler.toml configures it (no nodejs_compat). */
      const inWorkerd = async (code: string, use: (miniflare: Miniflare) => Promise<void>, bindings: Record<string, string> = {}) => {
        writeFileSync(join(workerDir, "bundle.js"), code);
        const miniflare = new Miniflare({
          scriptPath: join(workerDir, "bundle.js"),
          modules: true,
          modulesRoot: workerDir,
          compatibilityDate: "2024-09-23",
          kvNamespaces: ["TRAININGS"],
          bindings,
        });
        try {
          await use(miniflare);
        } finally {
          await miniflare.dispose();
        }
      };
      cpSync(join(root, "examples/cloudflare-worker/worker.ts"), join(workerDir, "worker.ts"));
      const readmeWorker = await bundleForWorkers(`export { default } from ${JSON.stringify(join(workerDir, "worker.ts"))};`, { minify: false });
      await check("the README's Worker bundled from the installed package for workerd imports no Node built-in", () => {
        expectEqual(readmeWorker.nodeImports, [], "Node built-ins imported");
        if (!readmeWorker.code.includes("var RekognitionClient = class")) throw new Error("the bundle does not contain the client");
      });
      await check("it runs in workerd: POST /trainings starts training; the cron trigger follows it to TRAINING_COMPLETED", async () => {
        const bindings = {
          ...SERVER_CREDENTIALS,
          AWS_REGION: "us-east-1",
          REKOGNITION_ENDPOINT: await endpoint(),
          PROJECT_ARN: ProjectArn,
          OUTPUT_BUCKET: "training-output",
          MIN_CHECK_SECONDS: "0.2",
        };
        await inWorkerd(readmeWorker.code, async (miniflare) => {
          const started = await miniflare.dispatchFetch("http://worker.example/trainings", {
            method: "POST",
            body: JSON.stringify({ VersionName: "packed-worker" }),
          });
          const training = (await started.json()) as Record<string, unknown>;
          expectEqual([started.status, training.state], [202, "in-progress"], "POST /trainings");
          // miniflare's types lack `scheduled` on the Fetcher it returns.
          const worker = (await miniflare.getWorker()) as unknown as { scheduled(options: { cron: string }): Promise<{ outcome: string }> };
          expectEqual((await worker.scheduled({ cron: "*/5 * * * *" })).outcome, "ok", "the cron trigger's outcome");
          const checked = (await (await miniflare.dispatchFetch("http://worker.example/trainings/packed-worker")).json()) as Record<string, unknown>;
          expectEqual(
            [checked.state, checked.Status, checked.ProjectVersionArn],
            ["completed", "TRAINING_COMPLETED", training.ProjectVersionArn],
            "the training after one cron run",
          );
        }, bindings);
      });
      await check(
        "rekognition-edge/harness in workerd (the README: usable in a Worker): the client, with the simulator as its fetch, trains a version",
        async () => {
          const simulated = await bundleForWorkers(
            `import { trainOnSimulator } from ${JSON.stringify(join(app, "simulated-training.mjs"))};
          export default { fetch: () => trainOnSimulator().then((text) => new Response(text), (error) => new Response(String(error.stack), { status: 500 })) };`,
            { minify: false },
          );
          expectEqual(simulated.nodeImports, [], "Node built-ins imported");
          await inWorkerd(simulated.code, async (miniflare) => {
            const answer = await miniflare.dispatchFetch("http://worker.example/");
            expectEqual(
              [answer.status, await answer.text()],
              [200, "simulated: TRAINING_IN_PROGRESS → TRAINING_COMPLETED after 60 virtual seconds"],
              "the simulated training",
            );
          });
        },
      );
      await check("every entry but the harness's Node parts (node:http by design) bundles for workerd without Node built-ins", async () => {
        const imports: Record<string, string[]> = {};
        for (const subpath of subpaths.filter((subpath) => subpath !== "./harness/node")) {
          const file = join(workerDir, `entry-${subpaths.indexOf(subpath)}.js`);
          writeFileSync(file, `export * from "${manifest.name}${subpath.slice(1)}";\n`);
          imports[subpath] = (await bundleForWorkers(`export * from ${JSON.stringify(file)};`, { minify: false })).nodeImports;
        }
        expectEqual(Object.fromEntries(Object.entries(imports).filter(([, nodeImports]) => nodeImports.length > 0)), {}, "entries importing Node built-ins");
      });
    },

    /**
     * JSR (deno.json), from this repository: what `deno publish` would publish and what its imports become,
     * the publish without --allow-slow-types, and `deno doc --lint` on the published entries (JSR_STRICT=0:
     * those two run but are not counted).
     */
    async jsr() {
      const deno = bin("deno");
      const config = readDenoConfig(root);
      const pending = process.env.JSR_STRICT === "0" ? "JSR_STRICT=0" : undefined;
      const problems = (output: string) => {
        const kinds = [...stripVTControlCharacters(output).matchAll(/^(?:error|warning)\[([\w-]+)\]/gm)].map((match) => match[1]!);
        const counts = [...new Set(kinds)].map((kind) => `${kinds.filter((each) => each === kind).length} ${kind}`);
        return `${kinds.length} problems${counts.length > 0 ? `: ${counts.join(", ")}` : ""}`;
      };
      const failing = (error: unknown) =>
        Object.assign(new Error(problems(`${(error as { stdout?: string }).stdout}${(error as { stderr?: string }).stderr}`)), {
          stdout: "",
          stderr: (error as { stderr?: string }).stderr,
        });
      // The dry run's debug log names what each import of a published file becomes ("Unfurled specifier: valibot from
      // file:///…/src/shapes.ts -> npm:valibot@1.5.0"), and its listing the files published.
      const dryRun = run(deno, ["publish", "--dry-run", "--allow-dirty", "--allow-slow-types", "--log-level=debug"], {
        cwd: root,
        timeoutMs: 120_000,
        withStderr: true,
      });
      await check(
        `deno publish --dry-run publishes ${config.name}@${config.version}: the entries' sources, LICENSE, the README's links; no tests, scripts, CI or lockfile`,
        async () => {
          const output = await dryRun.catch((error) => Promise.reject(failing(error)));
          const listing = stripVTControlCharacters(output).replace(/^DEBUG .*\n/gm, "").split(/Simulating publish of .* with files:\n/)[1] ?? "";
          const published = [...listing.matchAll(/^\s+file:\/\/(\S+) \(/gm)].map((match) => match[1]!.slice(root.length));
          if (published.length === 0) throw Object.assign(new Error("no file list in deno publish's output"), { stdout: output });
          const needed = ["LICENSE", "README.md", ...entries.map(({ source }) => source), ...documentationLinks()];
          expectEqual(unanswered(needed, published), [], "needed but not published");
          expectEqual(
            published.filter((file) => /^(tests|scripts|\.ci|dist|node_modules|bin|cli|adapters)\/|\.test(-d)?\.ts$|^package(-lock)?\.json$/.test(file)),
            [],
            "published but not needed",
          );
        },
      );
      await check(
        "the published sources import their npm dependencies as package.json pins them (valibot, aws4fetch; msw at the peer range); the examples, the npm package",
        async () => {
          const output = await dryRun.catch((error) => Promise.reject(failing(error)));
          const versions: Record<string, string> = { ...manifest.peerDependencies, ...manifest.dependencies, [manifest.name]: `^${manifest.version}` };
          const unfurled = [...output.matchAll(/Unfurled specifier: (\S+) from file:\/\/(\S+) -> (\S+)/g)].map(([, specifier, file, target]) => ({
            specifier: specifier!,
            file: file!.slice(root.length),
            target: target!,
          }));
          if (unfurled.length === 0) throw Object.assign(new Error('no "Unfurled specifier" in deno publish\'s debug log'), { stdout: output });
          const name = (specifier: string) => /^(@[^/]+\/)?[^/]+/.exec(specifier)![0];
          const wrong = unfurled.filter(({ specifier, file, target }) => {
            if (name(specifier) === manifest.name && !file.startsWith("examples/")) return true; // the package importing itself
            return target !== `npm:${name(specifier)}@${versions[name(specifier)]}${specifier.slice(name(specifier).length)}`;
          });
          expectEqual(
            [...new Set(wrong.map(({ specifier, file, target }) => `${file}: ${specifier} -> ${target}`))],
            [],
            "imports published otherwise than package.json says",
          );
          const expected = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), manifest.name].map((name) =>
            `npm:${name}@${versions[name]}`
          );
          expectEqual(
            [...new Set(unfurled.map(({ target }) => target.replace(/^(npm:(?:@[^/]+\/)?[^/]+)\/.*$/, "$1")))].sort(),
            expected.sort(),
            "the npm packages the published files import",
          );
        },
      );
      await check(
        "deno publish --dry-run without --allow-slow-types",
        () => run(deno, ["publish", "--dry-run", "--allow-dirty"], { cwd: root, timeoutMs: 120_000 }).catch((error) => Promise.reject(failing(error))),
        { pending },
      );
      const sources = Object.values(config.exports ?? {});
      if (sources.length === 0) throw new Error("deno.json exports nothing");
      // Each entry on its own: a user reads one entry's docs, so every type it mentions is public there
      // (an entry re-exports, as types, those of another entry that its signatures mention).
      for (const source of sources) {
        await check(
          `deno doc --lint ${source}: every public symbol documented and explicitly typed, every type it mentions public`,
          () => run(deno, ["doc", "--lint", source], { cwd: root }).catch((error) => Promise.reject(failing(error))),
          { pending },
        );
      }
    },
  };

  /** The files the README and every page it leads to link to (paths from the repository's root). */
  const documentationLinks = () => {
    const repository: LinkContext = { exists: (path) => existsSync(join(root, path)), read: (path) => readFileSync(join(root, path), "utf8") };
    const links = reachablePages("README.md", repository).flatMap((page) =>
      markdownLinks(repository.read(page)).flatMap(({ target }) => linkedPath(page, target) ?? [])
    );
    if (links.length === 0) throw new Error("no relative link found: the check would prove nothing");
    return [...new Set(links)];
  };
  /** The links none of `files` answers (a link to a directory needs a file in it). */
  const unanswered = (links: string[], files: string[]) =>
    links.filter((link) => !files.some((file) => file === link || file.startsWith(link.endsWith("/") ? link : `${link}/`)));

  /** Deno's checks in `cwd`: the README's example with its permissions, every entry, hashing, the simulator. */
  const denoChecks = async (label: string, cwd: string, env: Record<string, string>, names: string[]): Promise<void> => {
    const deno = bin("deno");
    await check(
      `${label}: the README's Deno example (examples/deno/train.ts, --allow-env --allow-net)`,
      () => readmeExample("deno", [deno, "run", "--allow-env", "--allow-net", "deno/train.ts"], cwd, env),
    );
    // msw (rekognition-edge/fixtures) opens a BroadcastChannel when it loads, which keeps Deno running: the README
    // tells Deno users to stub it first, as this repository's Deno suite does.
    cpSync(join(root, "tests/shims/deno-preload.ts"), join(cwd, "deno-preload.ts"));
    await check(
      `${label}: every entry imports by name${
        names.length < subpaths.length ? ` (msw not installed: not ${subpaths.filter((name) => !names.includes(name)).join(", ")})` : ""
      }, one copy of each export; the main one is the web-standard build`,
      () => everyEntry([deno, "run", "-A", "--preload", "deno-preload.ts", "entries.mjs"], names, main.default!.slice(2), cwd, env),
    );
    await check(`${label}: the client hashes with WebCrypto`, () => hashing([deno, "run", "-A", "hashing.mjs"], "WebCrypto", cwd, env));
    await check(`${label}: rekognition-edge/harness trains a version in process`, () => run(deno, ["run", "-A", "simulator.mjs"], { cwd, env }));
    await check(
      `${label}: errors rekognition-edge/workflows throws are instances of rekognition-edge's classes`,
      () => run(deno, ["run", "-A", "instanceof.mjs"], { cwd, env }),
    );
  };

  const selected = options.paths.length > 0 ? options.paths : Object.keys(paths);
  const unknown = selected.filter((path) => !(path in paths));
  if (unknown.length > 0) throw new Error(`unknown path ${unknown.join(", ")}; the paths: ${Object.keys(paths).join(", ")}`);
  for (const path of selected) {
    console.log(`--- ${path}`);
    await paths[path]!();
  }
} catch (error) {
  failed++;
  console.log(`(fail) setup: ${(error as Error).message}`);
} finally {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
