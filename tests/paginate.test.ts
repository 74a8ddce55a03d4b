/** paginateProjectVersions: follows NextToken lazily, stops without one, refuses a token that loops. */
import { describe, expect, test } from "bun:test";
import { AccessDeniedException, MalformedResponseError, paginateProjectVersions } from "../mod.ts";
import { awsError, jsonAnswer, PROJECT_ARN, scriptedTransport, testClient } from "./helpers.ts";

const page = (names: string[], NextToken?: string) =>
  jsonAnswer(200, {
    ProjectVersionDescriptions: names.map((name) => ({
      ProjectVersionArn: `${PROJECT_ARN.replace(/\/\d+$/, "")}/version/${name}/1`,
      Status: "TRAINING_COMPLETED",
    })),
    NextToken,
  });

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of pages) all.push(item);
  return all;
}

/** The pages seen before the iteration threw, and what it threw. */
async function drain<T>(pages: AsyncIterable<T>): Promise<{ seen: T[]; error: unknown }> {
  const seen: T[] = [];
  try {
    for await (const item of pages) seen.push(item);
  } catch (error) {
    return { seen, error };
  }
  return { seen, error: undefined };
}

describe("paginateProjectVersions", () => {
  test("yields every page, sending the previous NextToken and the same other members each time", async () => {
    const { fetch, requests } = scriptedTransport(page(["c", "b"], "t1"), page(["a"], "t2"), page([]));
    const { client } = testClient(fetch);
    const pages = await collect(paginateProjectVersions(client, { ProjectArn: PROJECT_ARN, MaxResults: 2 }));
    expect(pages.map((p) => p.ProjectVersionDescriptions?.length)).toEqual([2, 1, 0]);
    expect(pages.map((p) => p.NextToken)).toEqual(["t1", "t2", undefined]);
    expect(pages.every((p) => p.$metadata.attempts === 1)).toBe(true);
    expect(requests.map((request) => JSON.parse(request.body))).toEqual([
      { ProjectArn: PROJECT_ARN, MaxResults: 2 },
      { ProjectArn: PROJECT_ARN, MaxResults: 2, NextToken: "t1" },
      { ProjectArn: PROJECT_ARN, MaxResults: 2, NextToken: "t2" },
    ]);
  });

  test("starts from input.NextToken and keeps VersionNames", async () => {
    const { fetch, requests } = scriptedTransport(page(["b"]));
    const { client } = testClient(fetch);
    await collect(paginateProjectVersions(client, { ProjectArn: PROJECT_ARN, VersionNames: ["a", "b"], NextToken: "resume" }));
    expect(JSON.parse(requests[0]!.body)).toEqual({ ProjectArn: PROJECT_ARN, VersionNames: ["a", "b"], NextToken: "resume" });
  });

  test("an empty NextToken ends the pages (as the JS SDK's paginators)", async () => {
    const { fetch, requests } = scriptedTransport(page(["a"], ""));
    const { client } = testClient(fetch);
    expect(await collect(paginateProjectVersions(client, { ProjectArn: PROJECT_ARN }))).toHaveLength(1);
    expect(requests).toHaveLength(1);
  });

  test("lazy: a page is fetched only when asked for; breaking out stops the requests", async () => {
    const { fetch, requests } = scriptedTransport(page(["c"], "t1"), page(["b"], "t2"));
    const { client } = testClient(fetch);
    const pages = paginateProjectVersions(client, { ProjectArn: PROJECT_ARN });
    expect(requests).toHaveLength(0);
    for await (const first of pages) {
      expect(first.NextToken).toBe("t1");
      break;
    }
    expect(requests).toHaveLength(1);
  });

  test("a NextToken equal to the one sent is a MalformedResponseError, not an endless loop", async () => {
    const { fetch, requests } = scriptedTransport(page(["b"], "same"), page(["b"], "same"));
    const { client } = testClient(fetch);
    const { seen, error } = await drain(paginateProjectVersions(client, { ProjectArn: PROJECT_ARN }));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(seen).toHaveLength(2);
    expect(requests).toHaveLength(2);
  });

  test("an error of a later page is thrown after the earlier pages were yielded", async () => {
    const { fetch } = scriptedTransport(page(["b"], "t1"), awsError("AccessDeniedException"));
    const { client } = testClient(fetch);
    const { seen, error } = await drain(paginateProjectVersions(client, { ProjectArn: PROJECT_ARN }));
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(seen).toHaveLength(1);
  });

  test("the signal reaches each call: aborting between pages stops the next one", async () => {
    const { fetch, requests } = scriptedTransport(page(["b"], "t1"), page(["a"]));
    const { client } = testClient(fetch);
    const controller = new AbortController();
    const pages = paginateProjectVersions(client, { ProjectArn: PROJECT_ARN }, { signal: controller.signal });
    expect((await pages.next()).value?.NextToken).toBe("t1");
    const reason = new Error("enough");
    controller.abort(reason);
    expect(await pages.next().catch((caught: unknown) => caught)).toBe(reason);
    expect(requests).toHaveLength(1);
  });
});
