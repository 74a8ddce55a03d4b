/**
 * harness/host-check.ts, the pure rules of which hosts a local server serves:
 * the `Host` names it answers to (the DNS-rebinding guard), the names a user
 * may add, and where an open control plane may listen.
 */
import { describe, expect, test } from "bun:test";
import {
  allowedHostName,
  controlPlaneExposure,
  hostNameOf,
  hostRefusalMessage,
  isAllowedHost,
  isLoopback,
  LOOPBACK_HOST_NAMES,
  servedHostNames,
} from "../harness/host-check.ts";

describe("isAllowedHost: the name decides, not the port", () => {
  test("the loopback names, with the listening port, another port, or none; in any case", () => {
    const hosts = [
      "localhost:4599",
      "127.0.0.1:4599",
      "[::1]:4599",
      "localhost",
      "127.0.0.1",
      "[::1]",
      "localhost:8080",
      "LocalHost:4599",
      "app.localhost:4599",
      "a.b.localhost",
    ];
    expect(hosts.filter((host) => !isAllowedHost(host))).toEqual([]);
  });

  test("a rebinding name, or anything that only looks like loopback, is refused", () => {
    const hosts = [
      "evil.example:4599",
      "evil.example",
      "localhost.evil.example:4599",
      "127.0.0.1.nip.io:4599",
      "localhost.:4599",
      "evil.localhost.example",
      "evillocalhost:4599", // ends with "localhost", but is not a name under it
      "[::2]:4599",
      "127.0.0.2:4599",
      "0.0.0.0:4599",
      "192.168.1.10:4599",
      "",
      "bad host",
      "localhost:4599:1",
      "localhost:",
      "[::1",
    ];
    expect(hosts.filter((host) => isAllowedHost(host))).toEqual([]);
  });

  test("the names a server adds (its address, --allowed-host) are allowed at any port; their subdomains and look-alikes are not", () => {
    const served = servedHostNames("0.0.0.0", ["compose-svc", "build-box.lan", "10.0.0.7", "::ffff:10.0.0.8"]);
    expect(["compose-svc:4599", "COMPOSE-SVC", "build-box.lan:80", "10.0.0.7:4599", "[::ffff:10.0.0.8]:4599"].every((host) => isAllowedHost(host, served)))
      .toBe(true);
    expect(["x.compose-svc:4599", "compose-svc.evil.example:4599", "box.lan:4599", "10.0.0.70:4599"].some((host) => isAllowedHost(host, served))).toBe(false);
    expect(isAllowedHost("compose-svc:4599")).toBe(false);
  });
});

describe("the names of Host headers and of allowed hosts", () => {
  test("hostNameOf: lower case, without the port; undefined for what is no host", () => {
    expect(["LocalHost:4599", "[::1]:80", "my_service:4599", "10.0.0.7"].map(hostNameOf)).toEqual(["localhost", "[::1]", "my_service", "10.0.0.7"]);
    expect(["", "a b", "http://x", "x:y", "[::1]x", "x:123456"].map(hostNameOf)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  test("allowedHostName: a bare name or address, normalised; a port, scheme, path or wildcard is refused with the reason", () => {
    expect(["Compose-Svc", "::1", "[::1]", "10.0.0.7", "my_service"].map(allowedHostName)).toEqual(["compose-svc", "[::1]", "[::1]", "10.0.0.7", "my_service"]);
    for (const bad of ["svc:4599", "http://svc", "svc/path", "*.example.com", "", "two words"]) {
      expect(() => allowedHostName(bad)).toThrow(
        `an allowed host is a name or address without scheme, port or path (the port is not checked), got ${JSON.stringify(bad)}`,
      );
    }
  });

  test("servedHostNames: the listening address unless it is every interface, then the allowed hosts, without repeats", () => {
    expect(servedHostNames("127.0.0.1")).toEqual(["127.0.0.1"]);
    expect(servedHostNames("192.168.1.10", ["Svc", "svc"])).toEqual(["192.168.1.10", "svc"]);
    expect(servedHostNames("::1")).toEqual(["[::1]"]);
    expect([servedHostNames("0.0.0.0"), servedHostNames("::"), servedHostNames("[::]")]).toEqual([[], [], []]);
    expect(() => servedHostNames("127.0.0.1", ["svc:1"])).toThrow('got "svc:1"');
  });

  test("the refusal says which names are served and how to add one, for a compose service and for 0.0.0.0", () => {
    const message = hostRefusalMessage("evil.example:4599", ["127.0.0.1", "compose-svc"]);
    expect(message).toStartWith(
      'Host "evil.example:4599" is not a name this server answers to (localhost, *.localhost, 127.0.0.1, [::1], compose-svc, at any port)',
    );
    for (const part of ["DNS rebinding", "docker-compose", "0.0.0.0", "--allowed-host <name>", "allowedHosts"]) expect(message).toContain(part);
    expect(LOOPBACK_HOST_NAMES).toEqual(["localhost", "*.localhost", "127.0.0.1", "[::1]"]);
  });
});

describe("controlPlaneExposure: the one rule of where a control plane may listen", () => {
  const cases: [hostname: string, admin: boolean, adminToken: string | undefined, expected: string | undefined][] = [
    ["127.0.0.1", true, undefined, undefined],
    ["localhost", true, undefined, undefined],
    ["::1", true, undefined, undefined],
    ["0.0.0.0", true, undefined, "open-beyond-loopback"],
    ["::", true, undefined, "open-beyond-loopback"],
    ["192.168.1.10", true, undefined, "open-beyond-loopback"],
    ["0.0.0.0", true, "tok", undefined],
    ["0.0.0.0", false, undefined, undefined],
    ["127.0.0.1", true, "", "empty-token"],
    ["0.0.0.0", true, "  ", "empty-token"],
    ["127.0.0.1", false, "", "empty-token"],
  ];
  test.each(cases)("%s, admin %p, token %p: %p", (hostname, admin, adminToken, expected) => {
    expect(controlPlaneExposure({ hostname, admin, adminToken })).toBe(expected as never);
  });

  test("isLoopback: only addresses of this machine", () => {
    expect(["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"].every(isLoopback)).toBe(true);
    expect(["0.0.0.0", "::", "192.168.1.10", "128.0.0.1", "localhost.example.com", "127.0.0.1.nip.io"].some(isLoopback)).toBe(false);
  });
});
