/**
 * Regenerates docs/dashboard.png, the dashboard's picture in the README and
 * docs/dashboard.md: a server with a little traffic (versions trained and
 * training, a throttle queued from the control plane and met, a refused
 * signature, a fault still queued), the page in headless Chromium
 * (tests/browser/chromium.ts), the refused request opened.
 *
 * Usage: bun scripts/screenshot.ts (npm run screenshot)
 */
import { fileURLToPath } from "node:url";
import { RekognitionClient } from "../mod.ts";
import { startServer } from "../harness/node/start.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { launchChromium } from "../tests/browser/chromium.ts";
import { signedRequest } from "../tests/fixtures-helpers.ts";

const output = fileURLToPath(new URL("../docs/dashboard.png", import.meta.url));
const ProjectArn = DEMO_PROJECTS.customLabels;
const OutputConfig = { S3Bucket: "amzn-s3-demo-bucket", S3KeyPrefix: "training/" };

const server = await startServer({ port: 0, simulator: new RekognitionSimulator({ trainingSeconds: 3600, seed: 7 }) });
const browser = await launchChromium({ width: 1440, height: 1020 });
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/__admin/ui`);
  await page.waitForSelector(".connection.live");

  const client = new RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, endpoint: server.url, maxAttempts: 2 });
  await client.createProjectVersion({ ProjectArn, VersionName: "v1", OutputConfig });
  await client.describeProjectVersions({ ProjectArn, VersionNames: ["v1"] });
  server.simulator.advanceClock(3600);
  server.simulator.setVersionStatus({ ProjectArn, VersionName: "v1", Status: "RUNNING" });
  await client.createProjectVersion({ ProjectArn: DEMO_PROJECTS.moderation, VersionName: "adapter-1", OutputConfig });
  server.simulator.queueResponse({ operation: "CreateProjectVersion", respond: { scenario: "create-ThrottlingException" } });
  await client.createProjectVersion({ ProjectArn, VersionName: "v2", OutputConfig }); // throttled once, then created
  const forged = await signedRequest({
    url: `${server.url}/`,
    body: { ProjectArn, VersionName: "v3", OutputConfig },
    credentials: { ...SIMULATOR_CREDENTIALS, secretAccessKey: "a-secret-that-is-not-the-servers" },
    headers: { "user-agent": "my-client/1.0" },
  });
  await fetch(forged);
  server.simulator.queueResponse({ operation: "CreateProjectVersion", match: { VersionName: "v4" }, respond: { fault: "LOST_ANSWER" } });

  const refused = page.locator("#journal-rows tr", { hasText: "InvalidSignatureException" });
  await refused.waitFor();
  await refused.click();
  await page.locator("#detail .canonical-request").waitFor();
  await page.locator("#queue-list", { hasText: "LOST_ANSWER" }).waitFor();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: output });
  console.log(`wrote ${output}`);
} finally {
  await browser.close();
  await server.close();
}
