/**
 * `rekognition-edge serve` in process, as the other commands are tested: flags
 * as FlagSpecs, output through the injected CliIO, stopped through it. The
 * admin-token rules (an empty REKOGNITION_EDGE_ADMIN_TOKEN refuses to start),
 * `--allowed-host`, and the banner's Host names. tests/server.test.ts runs the
 * real CLI under Bun and Node.
 */
import { describe, expect, test } from "bun:test";
import { parseHttp, rawExchange } from "./fixtures-helpers.ts";
import { serveInProcess } from "./serve-in-process.ts";

/** A GET of `path` with `host` on 127.0.0.1:`port`; the status. */
async function statusOf(port: number, path: string, host: string, headers: Record<string, string> = {}): Promise<number> {
  const lines = [`GET ${path} HTTP/1.1`, `Host: ${host}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), "Connection: close"];
  return parseHttp((await rawExchange(port, `${lines.join("\r\n")}\r\n\r\n`)).text).status;
}

describe("serve in process", () => {
  test("--help on stdout, exit 0: every flag, the JSON rule of the control plane, the empty-token rule", async () => {
    const run = await serveInProcess(["--help"]);
    expect([await run.exit, run.stderr()]).toEqual([0, ""]);
    for (const flag of ["--port", "--host", "--allowed-host", "--admin-token", "--no-admin", "--record", "--replay-ignore", "--help, -h"]) {
      expect(run.stdout()).toContain(flag);
    }
    expect(run.stdout()).toContain("Every POST takes Content-Type: application/json");
    expect(run.stdout()).toContain("REKOGNITION_EDGE_ADMIN_TOKEN; set but empty there, serve\n");
    expect(run.stdout()).toContain("another Host gets 421");
  });

  test("listens, prints the banner with the Host names it answers to, and stops when the IO says so (exit 0)", async () => {
    const run = await serveInProcess(["--port", "0", "--seed", "7"]);
    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.stdout()).toContain("Training takes 3 s; seed 7.");
    expect(run.stdout()).toContain("Control plane: on, at /__admin/ (no token: loopback only).\n");
    expect(run.stdout()).toContain(
      `Host names: localhost, *.localhost, 127.0.0.1, [::1], at any port; another gets 421 (--allowed-host adds one).\n\ndashboard: ${run.url}/__admin/ui\nlistening on`,
    );
    expect(await statusOf(run.port, "/__admin/health", `localhost:${run.port}`)).toBe(200);
    expect(await run.stop()).toBe(0);
    expect(run.stdout()).toEndWith("SIGTERM: stopped\n");
    expect((await rawExchange(run.port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).error).toBe("ECONNREFUSED");
  });

  test("--allowed-host (repeatable, or a list): those names are served, any other refused; in the banner", async () => {
    const run = await serveInProcess(["--port", "0", "--allowed-host", "Compose-Svc", "--allowed-host", "build-box.lan,10.0.0.7"]);
    try {
      expect(run.stdout()).toContain("Host names: localhost, *.localhost, 127.0.0.1, [::1], compose-svc, build-box.lan, 10.0.0.7, at any port;");
      for (const host of ["compose-svc:4599", "build-box.lan", "10.0.0.7:80"]) {
        expect([host, await statusOf(run.port, "/__admin/health", host)]).toEqual([host, 200]);
      }
      expect(await statusOf(run.port, "/__admin/health", "evil.example:4599")).toBe(421);
    } finally {
      await run.stop();
    }
    const bad = await serveInProcess(["--port", "0", "--allowed-host", "compose-svc:4599"]);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toStartWith(
      '--allowed-host: an allowed host is a name or address without scheme, port or path (the port is not checked), got "compose-svc:4599"',
    );
  });

  test("on 0.0.0.0 (with a token) the banner says other machines need --allowed-host", async () => {
    const run = await serveInProcess(["--port", "0", "--host", "0.0.0.0", "--admin-token", "tok-0000"]);
    try {
      expect(run.stdout()).toContain("On every interface: clients elsewhere use this machine's name or IP; list those with --allowed-host.");
      expect(await statusOf(run.port, "/__admin/health", `127.0.0.1:${run.port}`, { Authorization: "Bearer tok-0000" })).toBe(200);
    } finally {
      await run.stop();
    }
  });
});

describe("the admin token", () => {
  test("REKOGNITION_EDGE_ADMIN_TOKEN set but empty (or blank) refuses to start (exit 2), rather than serving an open control plane", async () => {
    for (const value of ["", "  "]) {
      const run = await serveInProcess(["--port", "0"], { REKOGNITION_EDGE_ADMIN_TOKEN: value });
      expect([value, await run.exit, run.url]).toEqual([value, 2, undefined]);
      expect(run.stderr()).toStartWith(
        "REKOGNITION_EDGE_ADMIN_TOKEN is set but empty: give it a token, or unset it (env -u REKOGNITION_EDGE_ADMIN_TOKEN) for a control plane without one\n",
      );
      expect(run.stdout()).toBe("");
    }
  });

  test("unset: no token (loopback only); set: every /__admin/ request needs it; --admin-token wins over the variable", async () => {
    const open = await serveInProcess(["--port", "0"]);
    const fromEnv = await serveInProcess(["--port", "0"], { REKOGNITION_EDGE_ADMIN_TOKEN: "env-token-1" });
    const fromFlag = await serveInProcess(["--port", "0", "--admin-token", "flag-token-2"], { REKOGNITION_EDGE_ADMIN_TOKEN: "" });
    try {
      expect(await statusOf(open.port, "/__admin/state", "127.0.0.1")).toBe(200);
      expect(await statusOf(fromEnv.port, "/__admin/state", "127.0.0.1")).toBe(401);
      expect(await statusOf(fromEnv.port, "/__admin/state", "127.0.0.1", { Authorization: "Bearer env-token-1" })).toBe(200);
      expect(await statusOf(fromFlag.port, "/__admin/state", "127.0.0.1", { Authorization: "Bearer flag-token-2" })).toBe(200);
      expect(fromEnv.stdout()).not.toContain("env-token-1");
    } finally {
      await Promise.all([open.stop(), fromEnv.stop(), fromFlag.stop()]);
    }
  });

  test("--admin-token empty, with --no-admin, or none beyond loopback: usage errors (exit 2) that say what to do", async () => {
    const cases = [
      [["--admin-token", ""], "--admin-token must not be empty"],
      [["--admin-token", "x", "--no-admin"], "--admin-token and --no-admin exclude each other"],
      [["--host", "0.0.0.0"], "refusing to listen on 0.0.0.0 with an open control plane"],
      [["--host", "0.0.0.0", "--record", "/tmp/never", "--admin-token", "x"], "--record listens on loopback only (not 0.0.0.0)"],
    ] as const;
    for (const [args, message] of cases) {
      const run = await serveInProcess(["--port", "0", ...args]);
      expect([args, await run.exit, run.stderr().split("\n")[0]]).toEqual([args, 2, expect.stringContaining(message)]);
      expect(run.stderr()).toContain("Usage: rekognition-edge serve [options]");
    }
  });
});
