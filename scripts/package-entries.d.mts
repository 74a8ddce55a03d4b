/** Types of ./package-entries.mjs (plain JavaScript so that Node runs scripts/build.mjs as is). */

/** The part of package.json the entries are read from. */
export interface PackageManifest {
  exports: Record<string, string | Record<string, string>>;
  [field: string]: unknown;
}

/** One entry of the package. */
export interface PackageEntry {
  /** What users import after the package name: "." or "./harness". */
  subpath: string;
  /** Its TypeScript source, e.g. "harness/mod.ts". */
  source: string;
  /** Its web-standard bundle (the `default` condition), e.g. "dist/harness.js". */
  output: string;
  /** Bundles of other conditions, each built from {@link runtimeSource}: `{ bun: "dist/bun/mod.js", node: "dist/mod.node.js" }`. */
  runtimes: Record<string, string>;
}

/** The source an entry is built from for a runtime: `adapters/<condition>.ts` for the main entry, else the entry's own. */
export declare function runtimeSource(entry: PackageEntry, condition: string): string;
export declare function readManifest(root?: string): PackageManifest;
export declare function packageEntries(manifest?: PackageManifest): PackageEntry[];

/** What deno.json (JSR) must export: the same entries, from their TypeScript sources (`{ ".": "./mod.ts" }`). */
export declare function jsrExports(entries?: PackageEntry[]): Record<string, string>;

/** deno.json (its whole-line `//` comments removed). */
export declare function readDenoConfig(root?: string): {
  name?: string;
  version?: string;
  license?: string;
  exports?: Record<string, string>;
  publish?: { include?: string[]; exclude?: string[] };
  [field: string]: unknown;
};
