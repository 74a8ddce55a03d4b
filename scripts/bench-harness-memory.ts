/**
 * Heap per stored version and per journal entry, in process, after a full GC: run by scripts/bench-harness.ts,
 * bundled for Node (`node --expose-gc`) and Bun. Prints `{"version": bytes, "entry": bytes}`.
 *
 * @module
 */
import { DEMO_PROJECTS } from "../harness/demo.ts";
import { type ArrivedRequest, RequestJournal } from "../harness/journal.ts";
import { ServiceModel } from "../harness/service-model.ts";

declare const Bun: { gc(force: boolean): void } | undefined;
const gc = () => (typeof Bun !== "undefined" ? Bun.gc(true) : (globalThis as unknown as { gc: () => void }).gc());
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const VERSIONS = 50_000;
const model = new ServiceModel({ trainingSeconds: 3 });
let before = heap();
for (let n = 0; n < VERSIONS; n++) {
  model.call("CreateProjectVersion", {
    ProjectArn: DEMO_PROJECTS.customLabels,
    VersionName: `version-${n}`,
    OutputConfig: { S3Bucket: "amzn-s3-demo-bucket" },
  });
}
const afterVersions = heap();
if (model.versions(DEMO_PROJECTS.customLabels).length !== VERSIONS) throw new Error("the versions were not created");
const version = (afterVersions - before) / VERSIONS;

/** A journal entry as the AWS SDK's describe leaves it (its headers, a small JSON body). */
const arrival = (n: number): ArrivedRequest => ({
  id: crypto.randomUUID(),
  receivedAt: new Date().toISOString(),
  method: "POST",
  path: "/",
  operation: "DescribeProjectVersions",
  headers: {
    host: "127.0.0.1:4599",
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": "RekognitionService.DescribeProjectVersions",
    "x-amz-date": "20260301T090000Z",
    "x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".replace(/.$/, String(n % 10)),
    authorization:
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260301/us-east-1/rekognition/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${
        n.toString(16).padStart(64, "0")
      }`,
    "user-agent": "aws-sdk-js/3.1142.0 ua/2.1 os/linux lang/js md/nodejs#20.20.2 api/rekognition#3.1142.0",
    "content-length": "120",
  },
  body: { ProjectArn: DEMO_PROJECTS.customLabels, VersionNames: [`version-${n}`] },
});
const ENTRIES = 10_000;
const journal = new RequestJournal({ limit: ENTRIES });
before = heap();
for (let n = 0; n < ENTRIES; n++) {
  const place = journal.place();
  journal.arrived(place, arrival(n));
  journal.answered(place, { signature: "valid", response: { status: 200 } });
}
const entry = (heap() - before) / ENTRIES;
console.log(JSON.stringify({ version: Math.round(version), entry: Math.round(entry) }));
