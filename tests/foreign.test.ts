/**
 * Clients nobody here wrote, in another language: Python replays the scenario
 * files with its own HTTP server (no MSW, no JavaScript) and boto3 reads them;
 * boto3 and the AWS CLI (v1) call the standalone server, so botocore's SigV4
 * passes the simulator's verifier. Skipped, visibly, where python3 with boto3
 * or the `aws` command is missing.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { execFile, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type RunningServer, startNodeServer } from "../harness/node/server.ts";
import { type Scenario, SCENARIOS } from "../fixtures/scenarios.ts";
import { DEMO_PROJECTS, demoProjects, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { statusesOf } from "./fixtures-helpers.ts";
import { hasBoto3, python } from "./python.ts";

const hasAwsCli = spawnSync("aws", ["--version"], { timeout: 20_000 }).status === 0;
const scenarioDir = fileURLToPath(new URL("../fixtures/scenarios/", import.meta.url));

/** Shared by both programs: a boto3 client and how one call's outcome is reported. */
const BOTO3_PRELUDE = `
import json, sys, boto3, botocore
from botocore.config import Config

def client(endpoint):
    return boto3.client("rekognition", endpoint_url=endpoint, region_name="eu-central-1",
        aws_access_key_id="${SIMULATOR_CREDENTIALS.accessKeyId}", aws_secret_access_key="${SIMULATOR_CREDENTIALS.secretAccessKey}",
        config=Config(retries={"total_max_attempts": 1}))

def call(rekognition, operation, params):
    try:
        result = getattr(rekognition, operation)(**params)
        result.pop("ResponseMetadata", None)
        return {"result": json.loads(json.dumps(result, default=str))}
    except botocore.exceptions.ClientError as error:
        return {"code": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}
    except Exception as error:
        return {"exception": type(error).__name__}

def params(scenario, project):
    trigger = scenario["request"].get("body", {})
    if scenario["request"]["operation"] == "CreateProjectVersion":
        return "create_project_version", {"ProjectArn": project, "VersionName": "v1", "OutputConfig": {"S3Bucket": "amzn-s3-demo-bucket"}, **trigger}
    return "describe_project_versions", {"ProjectArn": project, **trigger}
`;

/** Serves each scenario file with Python's http.server, exactly as the files say, and calls it with boto3. */
const REPLAY = `${BOTO3_PRELUDE}
import threading, email.utils
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

folder, project = sys.argv[1], sys.argv[2]
index = json.load(open(folder + "index.json"))
current = {}

class Replay(BaseHTTPRequestHandler):
    def log_message(self, *args): pass
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        response = current["scenario"]["response"]
        if "bodyText" in response: body = response["bodyText"].encode()
        elif "body" in response: body = json.dumps(response["body"], separators=(",", ":")).encode()
        else: body = b""
        self.send_response(response["status"])
        for name, value in response["headers"].items(): self.send_header(name, value)
        self.send_header("Date", email.utils.formatdate(usegmt=True))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

server = ThreadingHTTPServer(("127.0.0.1", 0), Replay)
threading.Thread(target=server.serve_forever, daemon=True).start()
rekognition = client("http://127.0.0.1:%d" % server.server_address[1])
outcomes = {}
for entry in index["scenarios"]:
    current["scenario"] = json.load(open(folder + entry["file"]))
    outcomes[entry["name"]] = call(rekognition, *params(current["scenario"], project))
server.shutdown()
print(json.dumps(outcomes))
`;

/** Calls the simulator's server with boto3: a real create and describe, then every trigger. */
const AGAINST_SERVER = `${BOTO3_PRELUDE}
endpoint, folder, project = sys.argv[1], sys.argv[2], sys.argv[3]
rekognition = client(endpoint)
outcomes = {"create": call(rekognition, "create_project_version", {"ProjectArn": project, "VersionName": "boto3-v1", "OutputConfig": {"S3Bucket": "amzn-s3-demo-bucket"}}),
            "describe": call(rekognition, "describe_project_versions", {"ProjectArn": project, "VersionNames": ["boto3-v1"]})}
for entry in json.load(open(folder + "index.json"))["scenarios"]:
    scenario = json.load(open(folder + entry["file"]))
    if "body" in scenario["request"]:
        outcomes[entry["name"]] = call(rekognition, *params(scenario, project))
print(json.dumps(outcomes))
`;

type Outcome = { result?: Record<string, unknown>; code?: string; status?: number; exception?: string };

/**
 * What boto3 (botocore 1.43) makes of a scenario. Where it departs from the
 * scenario's expectation, the departure is asserted exactly, so a change in
 * botocore shows here: it ignores the X-Amzn-Errortype header (Rekognition
 * puts the type in the body), reports a typeless error by its status, and
 * neither validates a 200's shape nor fails on a truncated one.
 */
function expectBoto3Outcome(scenario: Scenario, outcome: Outcome): void {
  const { expect: expected, response } = scenario;
  const label = (value: unknown) => [scenario.name, value];
  if (expected.outcome === "success") {
    if (scenario.request.operation === "CreateProjectVersion") {
      expect(label(outcome.result?.ProjectVersionArn)).toEqual(label((response.body as { ProjectVersionArn: string }).ProjectVersionArn));
    } else expect(label((outcome.result?.ProjectVersionDescriptions as { Status: string }[]).map(({ Status }) => Status))).toEqual(label(statusesOf(scenario)));
  } else if (expected.outcome === "error") {
    const typeInBody = typeof (response.body as { __type?: unknown } | undefined)?.__type === "string";
    expect(label(outcome.code)).toEqual(label(typeInBody ? expected.errorType : String(response.status)));
    expect(label(outcome.status)).toEqual(label(response.status));
  } else {
    expect(label(typeof outcome.result?.ProjectVersionArn)).not.toEqual(label("string"));
  }
}

describe.skipIf(!hasBoto3)("boto3 (Python)", () => {
  // boto3 signs for eu-central-1 (BOTO3_PRELUDE): the server is in that region.
  const project = demoProjects("eu-central-1").customLabels;
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNodeServer({ simulator: new RekognitionSimulator({ trainingSeconds: 60, region: "eu-central-1" }) });
  });
  afterAll(() => server.close());

  test("replays every scenario file with Python's own HTTP server; boto3 reads each as expected", async () => {
    const outcomes = (await python(REPLAY, [scenarioDir, DEMO_PROJECTS.customLabels])) as Record<string, Outcome>;
    expect(Object.keys(outcomes)).toEqual(Object.keys(SCENARIOS));
    for (const scenario of Object.values(SCENARIOS) as Scenario[]) expectBoto3Outcome(scenario, outcomes[scenario.name]!);
  }, 60_000);

  test("boto3 (endpoint_url=) against the server: botocore's signatures verify; every trigger reaches its scenario", async () => {
    const outcomes = (await python(AGAINST_SERVER, [server.url, scenarioDir, project])) as Record<string, Outcome>;
    expect(outcomes.create!.result?.ProjectVersionArn).toBe(server.simulator.versions(project).find(({ name }) => name === "boto3-v1")!.arn);
    expect((outcomes.describe!.result?.ProjectVersionDescriptions as { Status: string }[]).map(({ Status }) => Status)).toEqual(["TRAINING_IN_PROGRESS"]);
    for (const scenario of Object.values(SCENARIOS) as Scenario[]) if (scenario.request.body) expectBoto3Outcome(scenario, outcomes[scenario.name]!);
  }, 60_000);
});

describe.skipIf(!hasAwsCli)("the AWS CLI (--endpoint-url)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNodeServer({ simulator: new RekognitionSimulator({ trainingSeconds: 60 }) });
  });
  afterAll(() => server.close());

  function aws(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env: Record<string, string | undefined> = {
      ...process.env,
      AWS_ACCESS_KEY_ID: SIMULATOR_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: SIMULATOR_CREDENTIALS.secretAccessKey,
      AWS_MAX_ATTEMPTS: "1",
    };
    delete env.AWS_PROFILE;
    delete env.AWS_SESSION_TOKEN;
    return new Promise((resolve) =>
      execFile(
        "aws",
        [...args, "--endpoint-url", server.url, "--region", "us-east-1"],
        { env, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      )
    );
  }

  test("create-project-version and describe-project-versions; a trigger's exception is reported by name", async () => {
    const created = await aws([
      "rekognition",
      "create-project-version",
      "--project-arn",
      DEMO_PROJECTS.customLabels,
      "--version-name",
      "cli-v1",
      "--output-config",
      "S3Bucket=amzn-s3-demo-bucket,S3KeyPrefix=out/",
      "--output",
      "json",
    ]);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).ProjectVersionArn).toBe(server.simulator.versions(DEMO_PROJECTS.customLabels)[0]!.arn);
    const described = await aws(["rekognition", "describe-project-versions", "--project-arn", DEMO_PROJECTS.customLabels, "--output", "json"]);
    expect(JSON.parse(described.stdout).ProjectVersionDescriptions.map(({ Status }: { Status: string }) => Status)).toEqual(["TRAINING_IN_PROGRESS"]);
    const refused = await aws([
      "rekognition",
      "create-project-version",
      "--project-arn",
      DEMO_PROJECTS.customLabels,
      "--version-name",
      "fixture-LimitExceededException",
      "--output-config",
      "S3Bucket=amzn-s3-demo-bucket",
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("An error occurred (LimitExceededException) when calling the CreateProjectVersion operation");
  }, 60_000);
});
