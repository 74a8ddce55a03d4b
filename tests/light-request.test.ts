/**
 * The node:http adapter's light `Request` (harness/node/request.ts): a `Request` to every reader, its body read once
 * from the bytes the adapter has, any other member from a real `Request` made on first need, its signal aborted once
 * the adapter abandons it (before or after it is asked for).
 */
import { expect, test } from "bun:test";
import { lightRequest } from "../harness/node/request.ts";

const make = (body: string | null = '{"a":1}') =>
  lightRequest("http://127.0.0.1:4599/path?q=1", {
    method: "POST",
    headers: new Headers({ "content-type": "application/json", "x-amz-target": "T" }),
    body: body === null ? undefined : new TextEncoder().encode(body),
  });

test("it is a Request, with the method, URL and headers given", () => {
  const request = make();
  expect(request instanceof Request).toBe(true);
  expect([request.method, request.url, request.headers.get("x-amz-target")]).toEqual(["POST", "http://127.0.0.1:4599/path?q=1", "T"]);
});

test("its body is read once, as text, JSON, bytes or an ArrayBuffer; a second read fails as a Request's does", async () => {
  for (const read of ["text", "json", "arrayBuffer", "bytes"] as const) {
    const request = make();
    expect(request.bodyUsed).toBe(false);
    const value = await request[read]();
    const text = typeof value === "string"
      ? value
      : value instanceof ArrayBuffer || value instanceof Uint8Array
      ? new TextDecoder().decode(value)
      : JSON.stringify(value);
    expect(text).toBe('{"a":1}');
    expect(request.bodyUsed).toBe(true);
    await expect(request.text()).rejects.toThrow(TypeError);
  }
  expect(await make(null).text()).toBe("");
});

test("any other member comes from a real Request with the same method, URL, headers and body", async () => {
  const request = make();
  const copy = request.clone();
  expect(copy instanceof Request).toBe(true);
  expect([copy.method, copy.url, copy.headers.get("content-type"), await copy.text()]).toEqual([
    "POST",
    "http://127.0.0.1:4599/path?q=1",
    "application/json",
    '{"a":1}',
  ]);
  expect(request.redirect).toBe("follow");
  expect(await new Response(request.body).text()).toBe('{"a":1}');
});

test("its signal is made on first use and aborts once abandoned, with the first reason", () => {
  const asked = make();
  const signal = asked.signal;
  expect(signal.aborted).toBe(false);
  asked.abandon("hung up");
  asked.abandon("closed");
  expect([signal.aborted, signal.reason, asked.signal]).toEqual([true, "hung up", signal]);
  const late = make();
  late.abandon("closed");
  late.abandon("hung up");
  expect([late.signal.aborted, late.signal.reason]).toEqual([true, "closed"]);
});
