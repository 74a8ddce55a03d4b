/**
 * The dashboard in a real browser (Debian's Chromium, headless, through
 * playwright-core) against a real server: it loads clean, shows a client's
 * requests as they come, explains a refused signature, queues a throttle from
 * its form, empties every view on a reset from anywhere, shows hostile text as
 * text, keeps the admin token out of every URL, and every action is reachable
 * with the keyboard alone. Run by `npm run test:browser` (a step of .ci/run).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { BrowserContext, Page, Request as BrowserRequest } from "playwright-core";
import { RekognitionClient, ThrottlingException } from "../../mod.ts";
import type { RunningServer } from "../../harness/local-server.ts";
import { startServer } from "../../harness/node/start.ts";
import { DEMO_PROJECTS, RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../../harness/simulator.ts";
import { signedRequest } from "../fixtures-helpers.ts";
import { launchChromium } from "./chromium.ts";

const PROJECT = DEMO_PROJECTS.customLabels;
const OUTPUT = { S3Bucket: "amzn-s3-demo-bucket" };
const XSS = `<img src=x onerror="window.__xss=1">`;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
const servers: RunningServer[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  context = browser.context;
}, 30_000);
afterAll(() => browser?.close());
afterEach(async () => {
  for (const page of context.pages()) await page.close();
  for (const server of servers.splice(0)) await server.close();
});

/** A page on a new server's dashboard, with everything it logs and requests kept. */
async function open(options: Parameters<typeof startServer>[0] = {}) {
  // Training takes a minute: versions stay in training unless a test finishes them.
  const server = await startServer({ port: 0, simulator: new RekognitionSimulator({ trainingSeconds: 60 }), ...options });
  servers.push(server);
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: BrowserRequest[] = [];
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => !request.url().endsWith("/__admin/events") && problems.push(`failed: ${request.url()}`));
  page.on("request", (request) => requests.push(request));
  await page.goto(`${server.url}/__admin/ui`);
  return { server, page, problems, requests, client: new RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, endpoint: server.url }) };
}

const live = (page: Page) => page.waitForSelector(".connection.live", { timeout: 5_000 });
const rows = (page: Page) => page.locator("#journal-rows tr");

/** A signed create sent as is: any VersionName, any header, any credentials (the client validates; this does not). */
async function rawCreate(server: RunningServer, VersionName: string, init: { secret?: string; headers?: Record<string, string> } = {}) {
  const request = await signedRequest({
    url: `${server.url}/`,
    body: { ProjectArn: PROJECT, VersionName, OutputConfig: OUTPUT },
    headers: init.headers ?? {},
    credentials: { ...SIMULATOR_CREDENTIALS, ...(init.secret ? { secretAccessKey: init.secret } : {}) },
  });
  return fetch(request);
}

describe("the dashboard in Chromium", () => {
  test("loads with no console error and no failed request, every request its own origin's", async () => {
    const { page, problems, requests, server } = await open();
    await live(page);
    await page.waitForSelector("#projects-list article");
    expect(problems).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(8); // page, script, style, icon, health, meta, events, requests, state, responses
    expect(requests.every((request) => request.url().startsWith(`${server.url}/__admin/`))).toBe(true);
  }, 20_000);

  test("a signed create from a client appears within 1 s, without a reload", async () => {
    const { page, client, problems } = await open();
    await live(page);
    await client.createProjectVersion({ ProjectArn: PROJECT, VersionName: "seen-live", OutputConfig: OUTPUT });
    const sent = Date.now();
    await page.locator("#journal-rows tr", { hasText: "seen-live" }).waitFor({ timeout: 1_000 });
    expect(Date.now() - sent).toBeLessThan(1_000);
    await expect(rows(page).first().locator("td").nth(3).textContent()).resolves.toBe("200");
    await page.locator("#projects-list", { hasText: "seen-live" }).waitFor({ timeout: 1_000 });
    expect(problems).toEqual([]);
  }, 20_000);

  test("a refused signature shows the SignedHeaders declared and the canonical request and string to sign the server computed", async () => {
    const { page, server } = await open();
    await live(page);
    expect((await rawCreate(server, "forged", { secret: "not-the-secret" })).status).toBe(400);
    const row = page.locator("#journal-rows tr", { hasText: "forged" });
    await row.waitFor({ timeout: 2_000 });
    await expect(row.locator("td").nth(4).textContent()).resolves.toBe("refused");
    await expect(row.locator("td").nth(4).getAttribute("title")).resolves.toBe("InvalidSignatureException");
    await expect(row.locator("td").nth(3).textContent()).resolves.toBe("400 InvalidSignatureException");
    await row.click();
    const [entry] = server.simulator.requests();
    const details = entry!.signatureDetails!;
    await expect(page.locator("#detail .canonical-request").textContent()).resolves.toBe(details.canonicalRequest!);
    await expect(page.locator("#detail .string-to-sign").textContent()).resolves.toBe(details.stringToSign!);
    await expect(page.locator("#detail .signed-headers li").allTextContents()).resolves.toEqual(details.signedHeaders);
    expect(details.canonicalRequest).toContain("x-amz-target:RekognitionService.CreateProjectVersion");
  }, 20_000);

  test("queueing a throttle from the form: the next create answers ThrottlingException, and its row says so", async () => {
    const { page, server } = await open();
    await live(page);
    await page.selectOption("#queue-operation", "CreateProjectVersion");
    await page.check("#queue-form input[value=scenario]");
    await page.selectOption("#queue-scenario", "create-ThrottlingException");
    await page.click("#queue-form button:not([type])");
    await page.locator("#queue-list", { hasText: "create-ThrottlingException" }).waitFor({ timeout: 2_000 });
    expect(server.simulator.pendingResponses()).toMatchObject([{ operation: "CreateProjectVersion", respond: { scenario: "create-ThrottlingException" } }]);
    // Another, dropped by its own button: the throttle stays.
    const other = server.simulator.queueResponse({ match: { VersionName: "other" }, respond: { fault: "EMPTY_RESPONSE" } });
    await page.click(`#queue-list button[data-key='drop-${other}']`);
    await page.waitForFunction(() => !document.querySelector("#queue-list")!.textContent!.includes("EMPTY_RESPONSE"), undefined, { timeout: 2_000 });
    expect(server.simulator.pendingResponses()).toMatchObject([{ respond: { scenario: "create-ThrottlingException" } }]);
    const client = new RekognitionClient({ region: "us-east-1", credentials: SIMULATOR_CREDENTIALS, endpoint: server.url, maxAttempts: 1 });
    const error = await client.createProjectVersion({ ProjectArn: PROJECT, VersionName: "throttled", OutputConfig: OUTPUT }).catch((caught) => caught);
    expect(error).toBeInstanceOf(ThrottlingException);
    const row = page.locator("#journal-rows tr", { hasText: "throttled" });
    await row.locator("td", { hasText: "ThrottlingException" }).waitFor({ timeout: 2_000 });
    await page.locator("#queue-list", { hasText: "Nothing queued" }).waitFor({ timeout: 2_000 });
  }, 20_000);

  test("a reset from anywhere empties every view: from the control plane, then from the page's button", async () => {
    const { page, server, client } = await open();
    await live(page);
    const fill = async () => {
      await client.createProjectVersion({ ProjectArn: PROJECT, VersionName: "before-reset", OutputConfig: OUTPUT });
      server.simulator.queueResponse({ respond: { fault: "CONNECTION_RESET" } });
      await page.locator("#queue-list", { hasText: "CONNECTION_RESET" }).waitFor({ timeout: 2_000 });
      await page.locator("#projects-list", { hasText: "before-reset" }).waitFor({ timeout: 2_000 });
      await rows(page).first().click();
      await page.locator("#detail h2", { hasText: "before-reset" }).waitFor({ timeout: 2_000 });
    };
    const emptied = async () => {
      await page.locator("#journal-count", { hasText: "0 requests" }).waitFor({ timeout: 2_000 });
      await page.locator("#queue-list", { hasText: "Nothing queued" }).waitFor({ timeout: 2_000 });
      await page.waitForFunction(() => !document.querySelector("#projects-list")!.textContent!.includes("before-reset"), undefined, { timeout: 2_000 });
      expect(await rows(page).count()).toBe(0);
      expect(await page.locator("#detail h2").count()).toBe(0);
    };
    await fill();
    await fetch(`${server.url}/__admin/reset`, { method: "POST", headers: { "content-type": "application/json" } });
    await emptied();
    await fill();
    await page.click("#reset");
    await emptied();
    expect(server.simulator.requests()).toEqual([]);
  }, 20_000);

  test("a VersionName, header or body such as <img src=x onerror=…> shows as text and runs nothing", async () => {
    const { page, server, problems } = await open();
    await live(page);
    await rawCreate(server, XSS, { headers: { "user-agent": XSS, "x-note": `</pre><script>window.__xss=2</script>` } });
    const row = page.locator("#journal-rows tr", { hasText: XSS });
    await row.waitFor({ timeout: 2_000 });
    await expect(row.locator("td.name").textContent()).resolves.toBe(XSS);
    await row.click();
    await expect(page.locator("#detail h2").textContent()).resolves.toContain(XSS);
    await expect(page.locator("#detail .body").textContent()).resolves.toContain(JSON.stringify(XSS));
    await expect(page.locator("#detail table.headers").textContent()).resolves.toContain(XSS);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator("main img, main script").count()).toBe(0);
    expect(problems).toEqual([]);
  }, 20_000);

  test("the token flow: 401 without it, the page asks; with it everything works; the token is in no URL, only in the Authorization header", async () => {
    const token = "dashboard-s3cret-token";
    const { page, requests, server, client } = await open({ adminToken: token });
    await page.waitForSelector("#token-form:not([hidden])");
    expect((await fetch(`${server.url}/__admin/requests`)).status).toBe(401);
    await page.fill("#token", "wrong-token");
    await page.click("#token-form button");
    await page.locator("#token-why", { hasText: "That token was refused" }).waitFor({ timeout: 5_000 });
    await page.fill("#token", token);
    await page.click("#token-form button");
    await live(page);
    await client.createProjectVersion({ ProjectArn: PROJECT, VersionName: "with-token", OutputConfig: OUTPUT });
    await page.locator("#journal-rows tr", { hasText: "with-token" }).waitFor({ timeout: 2_000 });
    expect(await page.evaluate(() => sessionStorage.getItem("rekognition-edge.admin-token"))).toBe(token);
    expect(requests.some((request) => request.url().includes(token))).toBe(false);
    const data = requests.filter((request) => /\/__admin\/(?!ui)/.test(request.url()));
    const withToken = await Promise.all(data.map(async (request) => (await request.allHeaders()).authorization));
    expect(withToken.filter((header) => header === `Bearer ${token}`).length).toBeGreaterThanOrEqual(5); // health, events, requests, state, responses
    const events = data.filter((request) => request.url().endsWith("/__admin/events"));
    expect(await Promise.all(events.map(async (request) => (await request.allHeaders()).authorization))).toContain(`Bearer ${token}`);
    // Forgotten, the page asks again.
    await page.click("#forget-token");
    await page.waitForSelector("#token-form:not([hidden])");
    expect(await page.evaluate(() => sessionStorage.getItem("rekognition-edge.admin-token"))).toBeNull();
  }, 30_000);

  test("keyboard only: Tab reaches every action, the arrows move through the journal, Enter opens a row and presses a button", async () => {
    const { page, client, server } = await open();
    await live(page);
    server.simulator.queueResponse({ match: { VersionName: "never-sent" }, respond: { fault: "EMPTY_RESPONSE" } });
    await client.createProjectVersion({ ProjectArn: PROJECT, VersionName: "first", OutputConfig: OUTPUT });
    await rawCreate(server, "second", { secret: "wrong" });
    await page.locator("#projects-list", { hasText: "first" }).waitFor({ timeout: 2_000 });
    await page.locator("#journal-count", { hasText: "2 requests" }).waitFor({ timeout: 2_000 });
    // Into the journal, down to the older row, open it with Enter.
    await page.focus("#journal-filters button");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.closest("tbody")?.id)).toBe("journal-rows");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.locator("#detail h2", { hasText: "first" }).waitFor({ timeout: 2_000 });
    // From the top of the page, Tab visits every control; each action is reached.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached = new Set<string>();
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      const name = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (element === null || element === document.body) return "";
        return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""} ${element.dataset.key ?? ""} ${
          element.textContent?.trim().slice(0, 30) ?? ""
        }`.trim();
      });
      reached.add(name);
    }
    const text = [...reached].join("\n");
    for (
      const action of [
        "button#reset",
        "button#journal-clear",
        "tr row-",
        "Copy as cURL",
        "Finish training",
        "Set status",
        "button#queue-drop",
        "drop-",
        "Queue",
        "Advance",
        "Set skew",
        "select#queue-scenario",
        "input",
      ]
    ) {
      expect(text).toContain(action);
    }
    // Enter on a focused button acts: finish the training with the keyboard.
    await page.focus("#projects-list button[data-key^='finish-']");
    await page.keyboard.press("Enter");
    await page.locator("#projects-list td:nth-child(2) .status", { hasText: "TRAINING_COMPLETED" }).waitFor({ timeout: 3_000 });
  }, 30_000);
});
