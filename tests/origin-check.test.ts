/**
 * harness/origin-check.ts, the pure rules against requests from web pages of
 * another origin: `Origin` and `Sec-Fetch-Site` refused unless they are the
 * server's own, and the JSON content type that forces a CORS preflight.
 */
import { describe, expect, test } from "bun:test";
import { crossOriginRefusal, isJsonContentType } from "../harness/origin-check.ts";

const headers = (values: Record<string, string>) => new Headers(values);

describe("crossOriginRefusal", () => {
  test("clients that are not browsers send neither header: allowed", () => {
    expect(crossOriginRefusal(headers({ host: "127.0.0.1:4599", "sec-fetch-mode": "cors" }))).toBeUndefined();
    expect(crossOriginRefusal(headers({}))).toBeUndefined();
  });

  test("the server's own pages: an Origin with the Host's host and port (default port written or not, any case); Sec-Fetch-Site same-origin or none", () => {
    const own: Record<string, string>[] = [
      { host: "127.0.0.1:4599", origin: "http://127.0.0.1:4599" },
      { host: "localhost:4599", origin: "http://localhost:4599", "sec-fetch-site": "same-origin" },
      { host: "LOCALHOST:4599", origin: "http://localhost:4599" },
      { host: "localhost:80", origin: "http://localhost" },
      { host: "localhost", origin: "http://localhost:80" },
      { host: "sim.example", origin: "https://sim.example" }, // behind a TLS proxy that keeps the Host
      { host: "[::1]:4599", origin: "http://[::1]:4599" },
      { host: "127.0.0.1:4599", "sec-fetch-site": "none" },
      { host: "127.0.0.1:4599", "sec-fetch-site": "same-origin" },
    ];
    expect(own.filter((values) => crossOriginRefusal(headers(values)) !== undefined)).toEqual([]);
  });

  test("another origin: another name, another port, another scheme's port, null, no Host, not a URL", () => {
    const foreign: Record<string, string>[] = [
      { host: "127.0.0.1:4599", origin: "http://evil.example" },
      { host: "127.0.0.1:4599", origin: "http://localhost:4599" },
      { host: "127.0.0.1:4599", origin: "http://127.0.0.1:3000" },
      { host: "localhost:4599", origin: "https://localhost:4599:1" },
      { host: "localhost", origin: "https://localhost:80" },
      { host: "127.0.0.1:4599", origin: "null" },
      { origin: "http://127.0.0.1:4599" },
      { host: "127.0.0.1:4599", origin: "file:///home/me/page.html" },
      { host: "127.0.0.1:4599", origin: "chrome-extension://abc" },
    ];
    expect(foreign.filter((values) => crossOriginRefusal(headers(values)) === undefined)).toEqual([]);
    expect(crossOriginRefusal(headers(foreign[0]!))).toBe(
      "Origin http://evil.example is not this server's own: a web page of another origin sent this request; only this server's own pages and clients that are not browsers may",
    );
  });

  test("Sec-Fetch-Site cross-site or same-site (every other local server is same-site), with or without an Origin: refused", () => {
    for (const site of ["cross-site", "same-site", "Cross-Site"]) {
      expect(crossOriginRefusal(headers({ host: "127.0.0.1:4599", "sec-fetch-site": site }))).toStartWith(`Sec-Fetch-Site: ${site.toLowerCase()}: `);
    }
    // The header wins over an Origin that looks like the server's own: the browser says where the page is.
    expect(crossOriginRefusal(headers({ host: "127.0.0.1:4599", origin: "http://127.0.0.1:4599", "sec-fetch-site": "cross-site" }))).toBeDefined();
  });
});

describe("isJsonContentType", () => {
  test("application/json, any case, with parameters", () => {
    expect(["application/json", "Application/JSON", "application/json; charset=utf-8", " application/json ;x=y"].every(isJsonContentType)).toBe(true);
  });

  test("what a simple request can send (text/plain, a form), no type, and other JSON-ish types: no", () => {
    const simple = ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""];
    expect([...simple, "application/x-amz-json-1.1", "application/jsonx", "text/json"].some(isJsonContentType)).toBe(false);
    expect(isJsonContentType(null)).toBe(false);
  });
});
