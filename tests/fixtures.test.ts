/** The scenario files: complete, consistent with the model and the wire evidence, and replayable exactly. */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import * as esbuild from "esbuild";
import * as v from "valibot";
import { VersionNameSchema } from "../mod.ts";
import { findTriggeredScenario, matchesMembers, type Scenario, scenarioBodyText, scenarioResponse, SCENARIOS, ScenarioSchema } from "../fixtures/scenarios.ts";
import { model } from "./spec.ts";

const scenarioDir = new URL("../fixtures/scenarios/", import.meta.url);
const readJson = (name: string) => JSON.parse(readFileSync(new URL(name, scenarioDir), "utf8"));
const index = readJson("index.json") as {
  scenarios: { name: string; file: string; operation: string; trigger?: unknown; status: number; outcome: string; errorType?: string | null }[];
};
const all = Object.values(SCENARIOS) as Scenario[];
const byName = (name: string) => all.find((scenario) => scenario.name === name)!;
const header = (scenario: Scenario, name: string) => Object.entries(scenario.response.headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

/** `ns#Name:uri` → `Name` (Smithy's two steps), written here independently of src/protocol.ts. */
const sanitize = (raw: string) => raw.split(":")[0]!.split("#").at(-1)!;

/** Error shapes of the model: name → fault. */
const modelErrors = Object.fromEntries(
  Object.entries(model().shapes)
    .filter(([, shape]) => shape.traits?.["smithy.api#error"])
    .map(([id, shape]) => [id.split("#")[1]!, shape.traits!["smithy.api#error"] as "client" | "server"]),
);
const createErrors = (model().shapes["com.amazonaws.rekognition#CreateProjectVersion"] as unknown as { errors: { target: string }[] }).errors.map(
  ({ target }) => target.split("#")[1]!,
);

describe("files, index and loader", () => {
  test("every file is in index.json and in SCENARIOS, in the same order, named after its file", () => {
    const files = readdirSync(scenarioDir).filter((file) => file.endsWith(".json") && file !== "index.json").sort();
    expect(index.scenarios.map(({ file }) => file).sort()).toEqual(files);
    expect(index.scenarios.map(({ name }) => name)).toEqual(Object.keys(SCENARIOS));
    for (const entry of index.scenarios) {
      const file = readJson(entry.file);
      expect(file.name).toBe(entry.name);
      expect(file).toEqual(SCENARIOS[entry.name as keyof typeof SCENARIOS]);
      expect(entry.operation).toBe(file.request.operation);
      expect(entry.trigger).toEqual(file.request.body);
      expect(entry.status).toBe(file.response.status);
      expect(entry.outcome).toBe(file.expect.outcome);
      expect(entry.errorType).toEqual(file.expect.errorType);
    }
  });

  test("every file matches the scenario schema", () => {
    for (const scenario of all) {
      const result = v.safeParse(ScenarioSchema, scenario);
      expect(result.issues?.map((issue) => `${scenario.name}: ${issue.message}`) ?? []).toEqual([]);
    }
  });

  test("the schema refuses a broken scenario", () => {
    const broken = { ...SCENARIOS["create-ThrottlingException"], expect: { outcome: "error", errorType: "X" } };
    expect(v.is(ScenarioSchema, broken)).toBe(false);
    const both = { ...SCENARIOS["malformed-empty-500"], response: { status: 500, headers: {}, body: {}, bodyText: "" } };
    expect(v.is(ScenarioSchema, both)).toBe(false);
  });
});

describe("coverage required by the issue", () => {
  test("CreateProjectVersion success", () => {
    const scenario = SCENARIOS["create-project-version-success"];
    expect(scenario.response.status).toBe(200);
    expect((scenario.response.body as { ProjectVersionArn: string }).ProjectVersionArn).toMatch(/:project\/[^/]+\/version\/[^/]+\/\d+$/);
  });

  test("each of the model's 9 CreateProjectVersion exceptions, with the model's status and fault and a realistic body", () => {
    expect(createErrors).toHaveLength(9);
    for (const type of createErrors) {
      const scenario = SCENARIOS[`create-${type}` as keyof typeof SCENARIOS] as Scenario;
      expect(scenario).toBeDefined();
      const fault = modelErrors[type]!;
      expect(scenario.expect).toEqual({ outcome: "error", errorType: type, fault });
      expect(scenario.response.status).toBe(fault === "server" ? 500 : 400);
      const body = scenario.response.body as Record<string, string>;
      expect(Object.keys(body)).toEqual(["__type", "Code", "Logref", "Message"]);
      expect(body.__type).toBe(type);
      expect(body.Code).toBe(type);
      expect(body.Logref).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(body.Message!.length).toBeGreaterThan(5);
      expect(header(scenario, "content-type")).toBe("application/x-amz-json-1.1");
      expect(header(scenario, "x-amzn-errortype")).toBeUndefined(); // JSON 1.1 services send the type in the body only
    }
    expect(SCENARIOS["create-ThrottlingException"].response.status).toBe(500);
    expect(SCENARIOS["create-InternalServerError"].response.status).toBe(500);
  });

  test("the error-identification variants: namespaced __type, type only in the header, ':'-suffixed types", () => {
    expect((SCENARIOS["error-namespaced-type"].response.body as Record<string, string>).__type).toContain("#");
    const headerOnly = SCENARIOS["error-type-in-header-only"];
    expect(header(headerOnly, "X-Amzn-Errortype")).toBe("ResourceInUseException");
    expect(Object.keys(headerOnly.response.body as object)).not.toContain("__type");
    expect(Object.keys(headerOnly.response.body as object)).not.toContain("Code");
    expect((SCENARIOS["error-colon-suffixed-type"].response.body as Record<string, string>).__type).toMatch(/^InvalidParameterException:http/);
    expect(header(SCENARIOS["error-colon-suffixed-header"], "X-Amzn-Errortype")).toBe("ThrottlingException:");
    expect(SCENARIOS["error-no-message"].response.body).toEqual({ __type: "AccessDeniedException" });
  });

  test("the auth failures AWS returns, 400 with a lower-case message", () => {
    const expected = {
      "auth-UnrecognizedClientException": ["UnrecognizedClientException", "The security token included in the request is invalid."],
      "auth-InvalidSignatureException": [
        "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
      ],
      "auth-SignatureExpired": [
        "InvalidSignatureException",
        "Signature expired: 20180707T233021Z is now earlier than 20180710T071214Z (20180710T071714Z - 5 min.)",
      ],
      "auth-MissingAuthenticationTokenException": ["MissingAuthenticationTokenException", "Missing Authentication Token"],
      "auth-ExpiredTokenException": ["ExpiredTokenException", "The security token included in the request is expired"],
    } as const;
    for (const [name, [type, message]] of Object.entries(expected)) {
      const scenario = byName(name);
      expect(scenario.response.status).toBe(400);
      expect(scenario.response.body).toEqual({ __type: type, message });
      expect(scenario.expect).toEqual({ outcome: "error", errorType: type, fault: "client" });
    }
  });

  test("the expired-signature text is Rekognition's (WIRE-SAMPLES S11) and self-consistent: the window is 5 minutes before the service's time", () => {
    const message = (SCENARIOS["auth-SignatureExpired"].response.body as { message: string }).message;
    const [, , earliest, now] = /^Signature expired: (\d{8}T\d{6}Z) is now earlier than (\d{8}T\d{6}Z) \((\d{8}T\d{6}Z) - 5 min\.\)$/.exec(message)!;
    const ms = (basic: string) => Date.parse(basic.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
    expect(ms(now!) - ms(earliest!)).toBe(5 * 60_000);
  });

  test("malformed answers: HTML 502 from a proxy, empty 500, truncated JSON 200, 200 of the wrong shape", () => {
    const html = SCENARIOS["malformed-html-502"];
    expect(html.response.status).toBe(502);
    expect(header(html, "content-type")).toBe("text/html");
    expect(scenarioBodyText(html)).toStartWith("<html>");
    expect(header(html, "x-amzn-RequestId")).toBeUndefined(); // a proxy answered, not the service
    expect(scenarioBodyText(SCENARIOS["malformed-empty-500"])).toBe("");
    expect(SCENARIOS["malformed-empty-500"].response.status).toBe(500);
    const truncated = scenarioBodyText(SCENARIOS["malformed-truncated-json-200"]);
    expect(() => JSON.parse(truncated)).toThrow();
    expect(truncated).toStartWith('{"ProjectVersionArn":"arn:aws:rekognition:');
    expect(typeof (SCENARIOS["malformed-wrong-shape-200"].response.body as Record<string, unknown>).ProjectVersionArn).not.toBe("string");
    for (const name of ["malformed-truncated-json-200", "malformed-wrong-shape-200"] as const) expect(SCENARIOS[name].expect.outcome).toBe("malformed");
  });

  test("DescribeProjectVersions pages for each training status, with the members each status brings", () => {
    const page = (name: keyof typeof SCENARIOS) =>
      (SCENARIOS[name].response.body as { ProjectVersionDescriptions: Record<string, unknown>[] }).ProjectVersionDescriptions;
    const [inProgress] = page("describe-training-in-progress");
    const [completed] = page("describe-training-completed");
    const [failed] = page("describe-training-failed");
    expect([inProgress!.Status, completed!.Status, failed!.Status]).toEqual(["TRAINING_IN_PROGRESS", "TRAINING_COMPLETED", "TRAINING_FAILED"]);
    expect(inProgress).not.toHaveProperty("EvaluationResult");
    const evaluation = completed!.EvaluationResult as { F1Score: unknown; Summary: { S3Object: { Bucket: unknown; Name: unknown } } };
    expect([typeof evaluation.F1Score, typeof evaluation.Summary.S3Object.Bucket, typeof evaluation.Summary.S3Object.Name]).toEqual([
      "number",
      "string",
      "string",
    ]);
    expect(completed!.BillableTrainingTimeInSeconds).toBeGreaterThan(0);
    expect(completed!.TrainingEndTimestamp).toBeGreaterThan(completed!.CreationTimestamp as number);
    expect(failed!.StatusMessage).toBeString();
    expect(failed).not.toHaveProperty("EvaluationResult");
    expect(failed).not.toHaveProperty("BillableTrainingTimeInSeconds");
    expect(SCENARIOS["describe-InvalidPaginationTokenException"].expect).toEqual({
      outcome: "error",
      errorType: "InvalidPaginationTokenException",
      fault: "client",
    });
  });
});

describe("consistency", () => {
  test("every error scenario's errorType is what Smithy's rules read from its answer (header, else __type)", () => {
    for (const scenario of all) {
      if (scenario.expect.outcome !== "error") continue;
      const body = scenario.response.body as Record<string, unknown> | undefined;
      const raw = header(scenario, "x-amzn-errortype") ?? (typeof body?.__type === "string" ? body.__type : undefined);
      expect([scenario.name, raw === undefined ? null : sanitize(raw)]).toEqual([scenario.name, scenario.expect.errorType]);
      expect([scenario.name, scenario.expect.fault]).toEqual([scenario.name, scenario.response.status >= 500 ? "server" : "client"]);
    }
  });

  test("every answer from the service has a request id; success and malformed answers are 2xx, errors are not", () => {
    for (const scenario of all) {
      if (scenario.name !== "malformed-html-502") {
        expect([scenario.name, header(scenario, "x-amzn-RequestId")]).toEqual([scenario.name, expect.stringMatching(/^[0-9a-f-]{36}$/)]);
      }
      expect([scenario.name, scenario.response.status < 300]).toEqual([scenario.name, scenario.expect.outcome !== "error"]);
    }
  });

  test("request ids and Logrefs are unique across scenarios", () => {
    const ids = all.map((scenario) => header(scenario, "x-amzn-RequestId")).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("triggers are unique, valid VersionNames or tokens, and each reaches its own scenario", () => {
    const triggers = all.filter((scenario) => scenario.request.body !== undefined);
    expect(new Set(triggers.map((scenario) => JSON.stringify(scenario.request.body))).size).toBe(triggers.length);
    for (const scenario of triggers) {
      const { VersionName, VersionNames, NextToken } = scenario.request.body as { VersionName?: string; VersionNames?: string[]; NextToken?: string };
      for (const name of [VersionName, ...(VersionNames ?? [])].filter((name) => name !== undefined)) {
        expect(name).toStartWith("fixture-");
        expect(v.is(VersionNameSchema, name)).toBe(true);
      }
      if (NextToken !== undefined) expect(NextToken).toStartWith("fixture-");
      const input = { ProjectArn: "arn:aws:rekognition:us-east-1:111122223333:project/p/1", ...scenario.request.body };
      expect(findTriggeredScenario(scenario.request.operation, input)?.name).toBe(scenario.name);
    }
    expect(findTriggeredScenario("CreateProjectVersion", { VersionName: "v1" })).toBeUndefined();
    expect(findTriggeredScenario("DescribeProjectVersions", { VersionName: "fixture-ThrottlingException" })).toBeUndefined();
  });
});

describe("replay", () => {
  test("scenarioResponse sends the status, headers and body exactly, plus the Date given", async () => {
    for (const scenario of all) {
      const response = scenarioResponse(scenario, Date.UTC(2026, 0, 2, 3, 4, 5));
      expect(response.status).toBe(scenario.response.status);
      for (const [name, value] of Object.entries(scenario.response.headers)) expect(response.headers.get(name)).toBe(value);
      expect(response.headers.get("date")).toBe("Fri, 02 Jan 2026 03:04:05 GMT");
      const text = await response.text();
      expect(text).toBe(scenarioBodyText(scenario));
      if (scenario.response.body !== undefined) expect(JSON.parse(text)).toEqual(scenario.response.body);
    }
  });

  test("matchesMembers: objects by member (extras allowed), arrays and scalars exactly", () => {
    expect(matchesMembers({ VersionName: "a" }, { VersionName: "a", ProjectArn: "p" })).toBe(true);
    expect(matchesMembers({ VersionName: "a" }, { VersionName: "b" })).toBe(false);
    expect(matchesMembers({ VersionName: "a" }, {})).toBe(false);
    expect(matchesMembers({ A: { B: 1 } }, { A: { B: 1, C: 2 } })).toBe(true);
    expect(matchesMembers({ VersionNames: ["a"] }, { VersionNames: ["a", "b"] })).toBe(false);
    expect(matchesMembers({ VersionNames: ["a"] }, { VersionNames: ["a"] })).toBe(true);
    expect(matchesMembers({ A: [{ B: 1 }] }, { A: [{ B: 1, C: 2 }] })).toBe(false);
    expect(matchesMembers({ A: 1 }, [1])).toBe(false);
    expect(matchesMembers({ constructor: 1 }, {})).toBe(false);
  });
});

test("the simulator, scenarios, recorder, replayer and MSW handlers import no Node built-in (usable in a Worker, Deno, a browser)", async () => {
  for (const entry of ["harness/mod.ts", "fixtures/mod.ts"]) {
    const result = await esbuild.build({
      absWorkingDir: new URL("..", import.meta.url).pathname,
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: "esm",
      platform: "neutral",
      packages: "external",
      metafile: true,
      logLevel: "silent",
    });
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map(({ path }) => path));
    expect([entry, [...new Set(imports)].sort()]).toEqual([entry, entry.startsWith("fixtures") ? ["aws4fetch", "msw", "valibot"] : ["aws4fetch", "valibot"]]);
  }
});
