/**
 * A local npm registry serving a few package tarballs, so a package manager can install the packed
 * package the way a user installs it from npm (`deno add npm:rekognition-edge`), without the network.
 * It answers the two requests installing needs: a package's metadata (`GET /<name>`) and its tarball.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { basename } from "node:path";

/** A running registry. */
export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/`: the value of `NPM_CONFIG_REGISTRY`. */
  url: string;
  /** Every path requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** The manifest (`package/package.json`) inside an npm tarball. */
export function manifestOf(tarball: string): Record<string, unknown> & { name: string; version: string } {
  return JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }));
}

/** Serves `tarballs` (paths of `.tgz` files, one version per package). */
export async function startRegistry(tarballs: string[]): Promise<LocalRegistry> {
  const packages = new Map(
    tarballs.map((path) => {
      const bytes = readFileSync(path);
      const manifest = manifestOf(path);
      return [manifest.name, { manifest, file: basename(path), bytes }] as const;
    }),
  );
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://registry").pathname);
    requests.push(path);
    const tarball = /^\/(.+)\/-\/([^/]+)$/.exec(path);
    const found = packages.get(tarball ? tarball[1]! : path.slice(1));
    if (!found || (tarball && tarball[2] !== found.file)) return void response.writeHead(404, { "content-type": "application/json" }).end("{}");
    if (tarball) return void response.writeHead(200, { "content-type": "application/octet-stream" }).end(found.bytes);
    const { manifest, file, bytes } = found;
    const dist = {
      tarball: `http://${request.headers.host}/${manifest.name}/-/${file}`,
      shasum: createHash("sha1").update(bytes).digest("hex"),
      integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
    };
    const packument = { name: manifest.name, "dist-tags": { latest: manifest.version }, versions: { [manifest.version]: { ...manifest, dist } } };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(packument));
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
