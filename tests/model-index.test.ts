/**
 * The model's indexes (harness/service-model.ts): DescribeProjectVersions pages from each project's creation order
 * and looks names up, and the concurrent-training quota counts only the versions that may still be training. These
 * tests pin what the indexes must give (the same answers as a copy-and-sort of every version would), at sizes where
 * an off-by-one at a page boundary, a project's versions mixed with another's, or a stale count would show.
 */
import { describe, expect, test } from "bun:test";
import { VirtualClock } from "../harness/clock.ts";
import { DEMO_PROJECTS } from "../harness/demo.ts";
import { ServiceModel, type ServiceOutcome } from "../harness/service-model.ts";

const START = Date.UTC(2026, 2, 1, 9, 0, 0);
const OutputConfig = { S3Bucket: "amzn-s3-demo-bucket" };
const [A, B] = [DEMO_PROJECTS.customLabels, DEMO_PROJECTS.moderation];

function modelOf(options: ConstructorParameters<typeof ServiceModel>[0] = {}) {
  const clock = new VirtualClock({ start: START });
  return { clock, model: new ServiceModel({ clock, trainingSeconds: 60, ...options }) };
}

function outputOf(outcome: ServiceOutcome): { ProjectVersionDescriptions: { ProjectVersionArn: string; Status: string }[]; NextToken?: string } {
  if (!("output" in outcome)) throw new Error(`expected an output, got ${JSON.stringify(outcome)}`);
  return outcome.output as never;
}

const create = (model: ServiceModel, ProjectArn: string, VersionName: string) => model.call("CreateProjectVersion", { ProjectArn, VersionName, OutputConfig });
const nameOf = (arn: string) => arn.split("/version/")[1]!.split("/")[0]!;

/** Every page of a describe, in order: the names of each page. */
function pages(model: ServiceModel, input: Record<string, unknown>): string[][] {
  const result: string[][] = [];
  let NextToken: string | undefined;
  do {
    const output = outputOf(model.call("DescribeProjectVersions", { ...input, ...(NextToken ? { NextToken } : {}) }));
    result.push(output.ProjectVersionDescriptions.map(({ ProjectVersionArn }) => nameOf(ProjectVersionArn)));
    NextToken = output.NextToken;
    if (result.length > 1_000) throw new Error("more than 1,000 pages: a token does not move on");
  } while (NextToken);
  return result;
}

describe("DescribeProjectVersions pages from the creation order", () => {
  // Two projects' versions interleaved: sequence numbers are the simulator's, so a project's own are not contiguous.
  const { model } = modelOf();
  const created: Record<string, string[]> = { [A]: [], [B]: [] };
  for (let i = 0; i < 250; i++) {
    for (const project of i % 3 === 0 ? [A, B] : [A]) {
      const name = `${project === A ? "a" : "b"}${i}`;
      create(model, project, name);
      created[project]!.push(name);
    }
  }

  test.each([1, 7, 64, 100])("MaxResults %i: every version of the project once, newest first, the last page without a token", (size) => {
    for (const project of [A, B]) {
      const listed = pages(model, { ProjectArn: project, MaxResults: size });
      expect(listed.flat()).toEqual([...created[project]!].reverse());
      const total = created[project]!.length;
      expect(listed.map((page) => page.length)).toEqual(Array.from({ length: Math.ceil(total / size) }, (_, i) => Math.min(size, total - i * size)));
    }
  });

  test("named versions: looked up by name, newest first, paged; unknown and repeated names are ignored", () => {
    const names = ["a3", "a249", "nope", "a100", "a3", "a0", "b3", "a17"]; // b3 is project B's
    expect(pages(model, { ProjectArn: A, VersionNames: names, MaxResults: 2 })).toEqual([["a249", "a100"], ["a17", "a3"], ["a0"]]);
    expect(pages(model, { ProjectArn: A, VersionNames: names })).toEqual([["a249", "a100", "a17", "a3", "a0"]]);
    expect(pages(model, { ProjectArn: B, VersionNames: names })).toEqual([["b3"]]);
    expect(pages(model, { ProjectArn: A, VersionNames: ["a5"], MaxResults: 1 })).toEqual([["a5"]]);
  });

  test("a page's token continues after its last version, even when newer versions were created since", () => {
    const first = outputOf(model.call("DescribeProjectVersions", { ProjectArn: A, MaxResults: 2 }));
    create(model, A, "later");
    const second = outputOf(model.call("DescribeProjectVersions", { ProjectArn: A, MaxResults: 2, NextToken: first.NextToken }));
    expect(second.ProjectVersionDescriptions.map(({ ProjectVersionArn }) => nameOf(ProjectVersionArn))).toEqual(["a247", "a246"]);
  });
});

describe("the concurrent-training quota counts only versions that may be training", () => {
  test("finished versions stop counting; a status set to TRAINING_IN_PROGRESS counts, another status frees the slot", () => {
    const { model, clock } = modelOf({ maxConcurrentTrainings: 2 });
    const refused = (outcome: ServiceOutcome) => "error" in outcome && outcome.error.type === "LimitExceededException";
    for (let i = 0; i < 100; i++) {
      expect("output" in create(model, A, `done${i}`)).toBe(true);
      clock.advance(60_000); // each trains its full 60 s before the next
    }
    expect("output" in create(model, A, "t1")).toBe(true);
    expect("output" in create(model, B, "t2")).toBe(true);
    expect(refused(create(model, A, "t3"))).toBe(true);
    model.setVersionStatus({ ProjectArn: A, VersionName: "t1", Status: "STOPPED" });
    expect("output" in create(model, A, "t3")).toBe(true);
    expect(refused(create(model, A, "t4"))).toBe(true);
    clock.advance(60_000); // t2 and t3 finish
    model.setVersionStatus({ ProjectArn: A, VersionName: "done5", Status: "TRAINING_IN_PROGRESS" });
    expect("output" in create(model, A, "t4")).toBe(true);
    expect(refused(create(model, A, "t5"))).toBe(true); // done5 (set) and t4
    model.setVersionStatus({ ProjectArn: A, VersionName: "done5", Status: "RUNNING" });
    expect("output" in create(model, A, "t5")).toBe(true);
  });

  test("a skew that moves the training clock back makes finished versions train again, and count", () => {
    const { model, clock } = modelOf({ maxConcurrentTrainings: 2 });
    const created = (name: string) => "output" in create(model, A, name);
    expect(created("v1")).toBe(true);
    clock.advance(61_000);
    expect(created("v2")).toBe(true); // v1 has finished: it leaves the count
    clock.advance(61_000);
    expect(created("v3")).toBe(true); // v2 too
    model.setClockSkew(-70); // the training clock 70 s back: v1 has trained 52 s, v2 and v3 not yet started
    expect(model.versions(A).map(({ status }) => status)).toEqual(Array(3).fill("TRAINING_IN_PROGRESS"));
    expect(created("v4")).toBe(false);
    model.setClockSkew(0);
    expect(created("v4")).toBe(true);
  });
});

test("a project name is taken once, and free again after a reset", () => {
  const { model } = modelOf();
  model.addProject({ ProjectName: "extra" });
  expect(() => model.addProject({ ProjectName: "extra" })).toThrow("a project named extra already exists");
  expect(() => model.addProject({ ProjectName: "demo-custom-labels" })).toThrow("already exists");
  model.reset();
  expect(model.addProject({ ProjectName: "extra" }).ProjectArn).toContain(":project/extra/");
  expect(() => model.addProject({ ProjectName: "demo-custom-labels" })).toThrow("already exists");
});
