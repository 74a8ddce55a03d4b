/**
 * Safe create retries, end to end against the simulator. CreateProjectVersion
 * is not idempotent: when the service creates the version but the answer is
 * lost, the retry meets ResourceInUseException. The client then describes the
 * version and returns it (`$metadata.reconciled`) only when it can prove the
 * version is its own: created after the call began, by the service's clock.
 * Otherwise the ResourceInUseException is thrown, marked `$ambiguous`; a name
 * taken before the call is a plain ResourceInUseException. With `reconcile: { since }`
 * the same holds across calls: a version made at or after `since` is the caller's.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { NetworkError, ResourceInUseException } from "../mod.ts";
import { DEMO_PROJECTS } from "../harness/simulator.ts";
import { exchangeSummary, MINUTE, simulatedWorld, START, type World, type WorldOptions } from "./simulated-world.ts";

const PROJECT = DEMO_PROJECTS.customLabels;
const input = (VersionName = "v1") => ({ ProjectArn: PROJECT, VersionName, OutputConfig: { S3Bucket: "amzn-s3-demo-bucket" } });

let world: World | undefined;
afterEach(() => world?.close());

/** A world where another caller created `v1` `minutesBefore` the call under test. */
async function nameTakenEarlier(minutesBefore: number, options: WorldOptions): Promise<string> {
  world = await simulatedWorld(options);
  const { ProjectVersionArn } = await world.client.createProjectVersion(input());
  world.advance(minutesBefore * MINUTE);
  world.exchanges.length = 0;
  return ProjectVersionArn;
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(() => expect.unreachable("the call succeeded"), (error: unknown) => error as ResourceInUseException);

describe("the answer is lost after the version is created", () => {
  for (const via of ["simulator", "server"] as const) {
    test(`the retry meets ResourceInUseException; the client describes the version and returns it, reconciled (${via})`, async () => {
      world = await simulatedWorld({ via });
      world.simulator.loseNextAnswer();
      const output = await world.client.createProjectVersion(input());
      const [version] = world.simulator.versions(PROJECT);
      expect(output.ProjectVersionArn).toBe(version!.arn);
      expect(output.$metadata).toMatchObject({ reconciled: true, attempts: 2 });
      expect(world.simulator.versions(PROJECT)).toHaveLength(1);
      expect(exchangeSummary(world.exchanges)).toEqual(["CreateProjectVersion lost", "CreateProjectVersion 400", "DescribeProjectVersions 200"]);
      expect(JSON.parse(world.exchanges[1]!.body!).__type).toBe("ResourceInUseException");
    });
  }

  for (const clientOffsetMs of [-20 * MINUTE, +20 * MINUTE]) {
    const direction = clientOffsetMs < 0 ? "behind" : "ahead";
    test(`with the client's clock 20 minutes ${direction}, corrected by an earlier call: reconciled`, async () => {
      world = await simulatedWorld({ clientOffsetMs });
      await world.client.describeProjectVersions({ ProjectArn: PROJECT }); // learns the offset
      world.advance(5 * MINUTE);
      world.exchanges.length = 0;
      world.simulator.loseNextAnswer();
      const output = await world.client.createProjectVersion(input());
      expect(output.$metadata.reconciled).toBe(true);
      expect(output.ProjectVersionArn).toBe(world.simulator.versions(PROJECT)[0]!.arn);
      expect(exchangeSummary(world.exchanges)).toEqual(["CreateProjectVersion lost", "CreateProjectVersion 400", "DescribeProjectVersions 200"]);
    });

    test(`with the client's clock 20 minutes ${direction}, corrected during the call: reconciled`, async () => {
      world = await simulatedWorld({ clientOffsetMs });
      world.simulator.loseNextAnswer();
      const output = await world.client.createProjectVersion(input());
      expect(output.$metadata.reconciled).toBe(true);
      expect(output.ProjectVersionArn).toBe(world.simulator.versions(PROJECT)[0]!.arn);
      expect(exchangeSummary(world.exchanges)).toEqual([
        "CreateProjectVersion 400", // signed 20 minutes off: refused, clock corrected
        "CreateProjectVersion lost",
        "CreateProjectVersion 400",
        "DescribeProjectVersions 200",
      ]);
    });
  }

  test("when describing is denied, the client cannot prove the version is its own: ResourceInUseException, ambiguous", async () => {
    world = await simulatedWorld({ denyDescribe: true });
    world.simulator.loseNextAnswer();
    const error = await rejection(world.client.createProjectVersion(input()));
    expect(error).toBeInstanceOf(ResourceInUseException);
    expect(error.$ambiguous).toBe(true);
    expect(error.$metadata.reconciled).toBeUndefined();
    expect(exchangeSummary(world.exchanges)).toEqual(["CreateProjectVersion lost", "CreateProjectVersion 400", "DescribeProjectVersions 400"]);
    // The version does exist: the caller must look before creating another.
    expect(world.simulator.versions(PROJECT).map(({ name }) => name)).toEqual(["v1"]);
  });

  test("with reconcile: false, the ambiguous ResourceInUseException is thrown without describing", async () => {
    world = await simulatedWorld();
    world.simulator.loseNextAnswer();
    const error = await rejection(world.client.createProjectVersion(input(), { reconcile: false }));
    expect(error.$ambiguous).toBe(true);
    expect(exchangeSummary(world.exchanges)).toEqual(["CreateProjectVersion lost", "CreateProjectVersion 400"]);
  });
});

describe("the name was taken before the call began", () => {
  test("a first attempt that meets ResourceInUseException: plain, not ambiguous, nothing described", async () => {
    const earlier = await nameTakenEarlier(5, {});
    const error = await rejection(world!.client.createProjectVersion(input()));
    expect(error).toBeInstanceOf(ResourceInUseException);
    expect(error.$ambiguous).toBeUndefined();
    expect(error.$metadata.attempts).toBe(1);
    expect(exchangeSummary(world!.exchanges)).toEqual(["CreateProjectVersion 400"]);
    expect(world!.simulator.versions(PROJECT).map(({ arn }) => arn)).toEqual([earlier]);
  });

  test("after a dropped first attempt the conflict is ambiguous, and the version, created earlier, is not claimed", async () => {
    const earlier = await nameTakenEarlier(10, { createFaults: ["pass", "drop"] });
    const error = await rejection(world!.client.createProjectVersion(input()));
    expect(error).toBeInstanceOf(ResourceInUseException);
    expect(error.$ambiguous).toBe(true);
    expect(exchangeSummary(world!.exchanges)).toEqual(["CreateProjectVersion dropped", "CreateProjectVersion 400", "DescribeProjectVersions 200"]);
    expect(world!.simulator.versions(PROJECT).map(({ arn }) => arn)).toEqual([earlier]);
  });

  // A client whose clock runs 20 minutes ahead, corrected by an earlier call: by its corrected
  // clock the call begins 10 minutes after the version was created. Counting the offset twice
  // would move that 20 minutes back, to before the version, and claim it.
  test("…with the client's clock 20 minutes ahead and already corrected: still not claimed", async () => {
    const earlier = await nameTakenEarlier(10, { clientOffsetMs: +20 * MINUTE, createFaults: ["pass", "pass", "drop"] });
    const error = await rejection(world!.client.createProjectVersion(input()));
    expect(error.$ambiguous).toBe(true);
    expect(error.$metadata.reconciled).toBeUndefined();
    expect(exchangeSummary(world!.exchanges)).toEqual(["CreateProjectVersion dropped", "CreateProjectVersion 400", "DescribeProjectVersions 200"]);
    const [described] = JSON.parse(world!.exchanges[2]!.body!).ProjectVersionDescriptions;
    expect([described.ProjectVersionArn, described.CreationTimestamp * 1000]).toEqual([earlier, START]);
  });
});

describe("reconcile: { since }: the version an earlier call made, whose answer was lost", () => {
  for (const clientOffsetMs of [0, +20 * MINUTE, -20 * MINUTE]) {
    test(`a new call meets ResourceInUseException on its first attempt and returns the version, reconciled (client clock off by ${clientOffsetMs / MINUTE} min)`, async () => {
      world = await simulatedWorld({ clientOffsetMs, maxAttempts: 1 });
      if (clientOffsetMs !== 0) await world.client.describeProjectVersions({ ProjectArn: PROJECT }).catch(() => {}); // refused, the offset learnt
      const since = world.clientClock.now(); // on the client's own (uncorrected) clock
      world.exchanges.length = 0;
      world.simulator.loseNextAnswer();
      expect(await rejection(world.client.createProjectVersion(input(), { reconcile: { since } }))).toBeInstanceOf(NetworkError);
      world.advance(5 * MINUTE);
      const output = await world.client.createProjectVersion(input(), { reconcile: { since } });
      expect(output.ProjectVersionArn).toBe(world.simulator.versions(PROJECT)[0]!.arn);
      expect(output.$metadata).toMatchObject({ reconciled: true, attempts: 1 });
      expect(exchangeSummary(world.exchanges)).toEqual(["CreateProjectVersion lost", "CreateProjectVersion 400", "DescribeProjectVersions 200"]);
      // Without `since`, the same conflict is a plain ResourceInUseException: nothing looked up.
      const plain = await rejection(world.client.createProjectVersion(input()));
      expect([plain instanceof ResourceInUseException, plain.$ambiguous]).toEqual([true, undefined]);
    });
  }

  test("a version another caller made 10 minutes before `since` is not claimed: ResourceInUseException, not ambiguous", async () => {
    const earlier = await nameTakenEarlier(10, {});
    const error = await rejection(world!.client.createProjectVersion(input(), { reconcile: { since: world!.clientClock.now() } }));
    expect(error).toBeInstanceOf(ResourceInUseException);
    expect([error.$ambiguous, error.$metadata.reconciled, error.$metadata.attempts]).toEqual([undefined, undefined, 1]);
    expect(exchangeSummary(world!.exchanges)).toEqual(["CreateProjectVersion 400", "DescribeProjectVersions 200"]);
    expect(world!.simulator.versions(PROJECT).map(({ arn }) => arn)).toEqual([earlier]);
  });
});
