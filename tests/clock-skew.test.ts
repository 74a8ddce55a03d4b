/**
 * Clock skew, end to end against the simulator (which checks the request time
 * as AWS does: 15 minutes either way, "Signature expired" / "Signature not yet
 * current", the service's time in `Date`): a client clock 20 minutes off in
 * either direction is corrected from the refusal's `Date` header, the call is
 * retried once with the corrected time, and later calls keep the offset.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { DEMO_PROJECTS } from "../harness/simulator.ts";
import { exchangeSummary, MINUTE, simulatedWorld, START, type World } from "./simulated-world.ts";

const input = (VersionName: string) => ({ ProjectArn: DEMO_PROJECTS.customLabels, VersionName, OutputConfig: { S3Bucket: "amzn-s3-demo-bucket" } });

let world: World | undefined;
afterEach(() => world?.close());

const DIRECTIONS = [
  { clientOffsetMs: -20 * MINUTE, refusal: /^Signature expired: \d{8}T\d{6}Z is now earlier than/ },
  { clientOffsetMs: +20 * MINUTE, refusal: /^Signature not yet current: \d{8}T\d{6}Z is still later than/ },
];

for (const via of ["simulator", "server"] as const) {
  describe(`through the ${via === "simulator" ? "simulator's fetch" : "standalone server over HTTP"}`, () => {
    for (const { clientOffsetMs, refusal } of DIRECTIONS) {
      const direction = clientOffsetMs < 0 ? "behind" : "ahead";

      test(`a client clock 20 minutes ${direction}: refused once, corrected from Date, retried; later calls keep the offset`, async () => {
        world = await simulatedWorld({ clientOffsetMs, via });
        const created = await world.client.createProjectVersion(input("v1"));
        expect(created.$metadata.attempts).toBe(2);
        expect(exchangeSummary(world.exchanges)).toEqual(["CreateProjectVersion 400", "CreateProjectVersion 200"]);
        const [refused, retried] = world.exchanges;
        expect(refused!.signedAt).toBe(START + clientOffsetMs);
        expect(JSON.parse(refused!.body!)).toEqual({ __type: "InvalidSignatureException", message: expect.stringMatching(refusal) });
        // The retry is signed with the service's time, learnt from the refusal's Date header (to the second).
        expect(Math.abs(retried!.signedAt - world.serviceClock.now())).toBeLessThan(1_000);
        expect(world.simulator.versions(DEMO_PROJECTS.customLabels).map(({ arn }) => arn)).toEqual([created.ProjectVersionArn]);

        // An hour later, still skewed the same: every call is signed right the first time.
        world.advance(60 * MINUTE);
        world.exchanges.length = 0;
        const described = await world.client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: ["v1"] });
        const second = await world.client.createProjectVersion(input("v2"));
        expect([described.$metadata.attempts, second.$metadata.attempts]).toEqual([1, 1]);
        expect(exchangeSummary(world.exchanges)).toEqual(["DescribeProjectVersions 200", "CreateProjectVersion 200"]);
        for (const exchange of world.exchanges) expect(Math.abs(exchange.signedAt - world.serviceClock.now())).toBeLessThan(1_000);
        expect(world.clientClock.now() - world.serviceClock.now()).toBe(clientOffsetMs + world.clientClock.sleeps.reduce((sum, ms) => sum + ms, 0));
      });
    }
  });
}

describe("bounds of the correction", () => {
  test("the skew retry costs no attempt: with maxAttempts 1 a skewed call still succeeds", async () => {
    world = await simulatedWorld({ clientOffsetMs: -20 * MINUTE, maxAttempts: 1 });
    const output = await world.client.describeProjectVersions({ ProjectArn: DEMO_PROJECTS.customLabels });
    expect(output.$metadata.attempts).toBe(2);
    expect(exchangeSummary(world.exchanges)).toEqual(["DescribeProjectVersions 400", "DescribeProjectVersions 200"]);
  });

  test("a clock that moves again is corrected again, once per call", async () => {
    world = await simulatedWorld({ clientOffsetMs: +20 * MINUTE });
    await world.client.createProjectVersion(input("v1"));
    // The service's clock now jumps 40 minutes ahead of what the client learnt (client 20 minutes behind it).
    world.serviceClock.advance(40 * MINUTE);
    world.exchanges.length = 0;
    const output = await world.client.createProjectVersion(input("v2"));
    expect(output.$metadata.attempts).toBe(2);
    expect(exchangeSummary(world.exchanges)).toEqual(["CreateProjectVersion 400", "CreateProjectVersion 200"]);
    expect(world.exchanges[0]!.body).toContain("Signature expired");
  });

  test("a skew within the service's window is left alone: no refusal, no retry", async () => {
    world = await simulatedWorld({ clientOffsetMs: -2 * MINUTE });
    const output = await world.client.createProjectVersion(input("v1"));
    expect(output.$metadata.attempts).toBe(1);
    expect(world.exchanges[0]!.signedAt).toBe(START - 2 * MINUTE);
  });
});
