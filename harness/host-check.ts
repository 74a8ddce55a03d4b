/**
 * Which hosts a local server serves: pure rules, web-standard, shared by the
 * server (harness/node/server.ts) and the CLI (`rekognition-edge serve`).
 *
 * - **Where it listens.** An open control plane (no admin token) only on
 *   loopback: beyond it, anyone who reaches the port could read the journal
 *   and change the state ({@link controlPlaneExposure}).
 * - **Which `Host` names it answers to** (the DNS-rebinding guard,
 *   {@link isAllowedHost}). Binding to 127.0.0.1 does not keep a browser out:
 *   a page on `evil.example` whose name then resolves to 127.0.0.1 is
 *   same-origin with the server, but its requests say `Host: evil.example`.
 *   So a server answers only to names no attacker can own: the loopback names,
 *   the address it listens on, and the names the user lists. The port is not
 *   compared: port forwarding (`docker -p 8080:4599`, `ssh -L`, `kubectl
 *   port-forward`) changes it legitimately, and a rebinding page can choose
 *   its port but not its name. Vite (`server.allowedHosts`, CVE-2025-24010) and
 *   webpack-dev-server (CVE-2018-14732) check the name the same way.
 *
 * @module
 */

/** The `Host` names every local server answers to, at any port (`*.localhost`: RFC 6761 names, which browsers resolve to loopback themselves). */
export const LOOPBACK_HOST_NAMES: readonly string[] = ["localhost", "*.localhost", "127.0.0.1", "[::1]"];

/** Listening addresses that mean "every interface": no client names the server by them. */
const WILDCARD_ADDRESSES = new Set(["", "0.0.0.0", "::", "[::]"]);

/** A DNS name (labels of letters, digits, `-` and `_`, as Docker's service names allow) or an IPv4 address. */
const NAME = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/;
/** An IPv6 address in brackets. */
const BRACKETED_IPV6 = /^\[[0-9a-f:.]+\]$/;

/** Whether `hostname` (an address to listen on) names this machine only: `localhost`, 127.x.x.x or ::1. */
export function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || /^127(?:\.\d{1,3}){3}$/.test(hostname) || hostname.replace(/^\[|\]$/g, "") === "::1";
}

/** What would let others than the user drive the control plane: an empty admin token, or no token beyond loopback. */
export type ControlPlaneExposure = "empty-token" | "open-beyond-loopback";

/**
 * The one rule of where a control plane may listen: with a token that is not
 * empty (or blank), anywhere; without one, on loopback only. Undefined when
 * the settings are safe; else what is wrong (each caller words it with its
 * own option names).
 */
export function controlPlaneExposure(settings: { hostname: string; admin: boolean; adminToken: string | undefined }): ControlPlaneExposure | undefined {
  if (settings.adminToken !== undefined && settings.adminToken.trim() === "") return "empty-token";
  if (settings.admin && settings.adminToken === undefined && !isLoopback(settings.hostname)) return "open-beyond-loopback";
  return undefined;
}

/** The name of a `Host` header value: lower case, without the port (`LocalHost:4599` → `localhost`, `[::1]:80` → `[::1]`); undefined when it is no host. */
export function hostNameOf(host: string): string | undefined {
  const name = /^(\[[^\]]*\]|[^:]*)(?::\d{1,5})?$/.exec(host)?.[1]?.toLowerCase();
  return name !== undefined && (NAME.test(name) || BRACKETED_IPV6.test(name)) ? name : undefined;
}

/**
 * A name for `allowedHosts` (`--allowed-host`), normalised as {@link hostNameOf}
 * gives names: lower case, an IPv6 address in brackets.
 *
 * @throws {Error} anything but a bare name or address (a port, a scheme, a path, a wildcard).
 */
export function allowedHostName(name: string): string {
  const bracketed = name.includes(":") && !name.startsWith("[") && name.split(":").length > 2 ? `[${name}]` : name;
  const normalised = hostNameOf(bracketed);
  if (normalised === undefined || normalised !== bracketed.toLowerCase()) {
    throw new Error(`an allowed host is a name or address without scheme, port or path (the port is not checked), got ${JSON.stringify(name)}`);
  }
  return normalised;
}

/**
 * The names beyond {@link LOOPBACK_HOST_NAMES} a server answers to: the
 * address it listens on (unless it is every interface, `0.0.0.0` or `::`: no
 * client names a server so) and `allowedHosts`, normalised.
 *
 * @throws {Error} an allowed host that is not a bare name or address.
 */
export function servedHostNames(hostname: string, allowedHosts: readonly string[] = []): string[] {
  const listening = hostNameOf(hostname.includes(":") && !hostname.startsWith("[") ? `[${hostname}]` : hostname);
  const listeningNames = listening === undefined || WILDCARD_ADDRESSES.has(hostname) ? [] : [listening];
  return [...new Set([...listeningNames, ...allowedHosts.map(allowedHostName)])];
}

/**
 * Whether a `Host` header names this server: a loopback name, or one of
 * `servedNames` (from {@link servedHostNames}), at any port.
 */
export function isAllowedHost(host: string, servedNames: readonly string[] = []): boolean {
  const name = hostNameOf(host);
  if (name === undefined) return false;
  return LOOPBACK_HOST_NAMES.some((loopback) => loopback.startsWith("*.") ? name.endsWith(loopback.slice(1)) : name === loopback) || servedNames.includes(name);
}

/** Why a request for `host` is refused, and how to allow a name that is legitimately the server's. */
export function hostRefusalMessage(host: string, servedNames: readonly string[] = []): string {
  return `Host ${JSON.stringify(host)} is not a name this server answers to (${
    [...new Set([...LOOPBACK_HOST_NAMES, ...servedNames])].join(", ")
  }, at any port): a guard against DNS rebinding, so that no web page can drive it. ` +
    `If you reach it by another name or address (a docker-compose service, this machine's name or IP while it listens on 0.0.0.0), ` +
    `start it with --allowed-host <name> (startServer: allowedHosts).`;
}
