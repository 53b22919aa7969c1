import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { messageText, startFakePlatform, type FakePlatform } from "@/lib/notify/fake-platforms";
import { accounts } from "./support/accounts";
import { submitTask, waitForStatus } from "./support/api";
import { keepScreenshot, signIn } from "./support/session";

// A local DingTalk robot that checks the body and the signature as DingTalk does; the worker posts to it.
const stamp = Date.now();
const token = `e2etoken${stamp}abcdef0123456789`;
const secret = `SECe2e${stamp}0123456789abcdef`;
const sourceApp = `e2e-alerts-${stamp}`;
const name = `DingTalk e2e ${stamp}`;
let robot: FakePlatform;
// The callback target of the failing task: always 500, so the alert's last status is known.
let target: Server;
let targetUrl = "";

test.beforeAll(async () => {
  robot = await startFakePlatform("dingtalk", { token, secret });
  target = createServer((req, res) => req.resume().on("end", () => res.writeHead(500).end("upstream exploded")));
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await robot?.close();
  target?.closeAllConnections();
  await new Promise((r) => target?.close(r));
});

const row = (page: Page) => page.locator(`[data-testid=channel-row][data-channel="${name}"]`);

/** Nothing the console shows or answers may carry the robot's token or secret. */
async function expectMasked(page: Page) {
  const html = await page.content();
  expect(html).not.toContain(token);
  expect(html).not.toContain(secret);
}

test("add a DingTalk channel, send a test, and see the alert arrive after a task fails", async ({ page, request }, testInfo) => {
  await signIn(page, accounts.operator);
  await page.goto("/channels");
  await page.getByTestId("add-channel").click();
  await expect(page).toHaveURL(/\/channels\/new$/);

  // First with a wrong secret: the platform's refusal comes back with its errmsg.
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Kind").selectOption("dingtalk");
  await page.getByLabel("Webhook URL").fill(robot.url);
  await page.getByLabel("Secret", { exact: true }).fill("SECwrong");
  await page.getByLabel("Source apps").fill(sourceApp);
  await keepScreenshot(page, testInfo, "new channel");
  await page.getByTestId("save-channel").click();
  await expect(page).toHaveURL(/\/channels$/);
  await expect(row(page)).toBeVisible();
  await expect(row(page)).toContainText("access_token=e2et****");
  await expectMasked(page);

  await row(page).getByTestId("send-test").click();
  const outcome = page.getByTestId("test-outcome");
  await expect(outcome).toHaveAttribute("data-ok", "false");
  await expect(page.getByTestId("test-error")).toContainText("errcode 310000: sign not match");
  await expect(page.getByTestId("test-response")).toContainText('"errcode":310000');
  await page.getByTestId("test-result").getByRole("button", { name: "Close" }).click();

  // Fix the secret on the edit page; the masked URL goes back unchanged and the stored one is kept.
  await row(page).getByRole("link", { name: "Edit" }).click();
  await expect(page.getByLabel("Webhook URL")).toHaveValue(/access_token=e2et\*\*\*\*$/);
  await expectMasked(page);
  await keepScreenshot(page, testInfo, "edit channel");
  await page.getByLabel("Secret", { exact: true }).fill(secret);
  await page.getByTestId("save-channel").click();
  await expect(page).toHaveURL(/\/channels$/);

  await row(page).getByTestId("send-test").click();
  await expect(outcome).toHaveAttribute("data-ok", "true");
  await expect(page.getByTestId("test-response")).toContainText('{"errcode":0,"errmsg":"ok"}');
  await keepScreenshot(page, testInfo, "send test");
  await page.getByTestId("test-result").getByRole("button", { name: "Close" }).click();
  expect(robot.accepted).toHaveLength(1);
  expect(messageText("dingtalk", robot.accepted[0].body)).toContain("This is a test alert sent from the Bida console");

  // The API answers are masked too.
  for (const path of ["/api/console/channels", "/api/console/alerts"]) {
    const res = await page.request.get(path);
    expect(res.ok()).toBe(true);
    const text = await res.text();
    expect(text).not.toContain(token);
    expect(text).not.toContain(secret);
  }

  // A task of this source app spends its budget (about 5 s, longer than the worker's channel cache): the
  // robot hears about it within seconds.
  const id = await submitTask(request, {
    url: `${targetUrl}/fail/alert-${stamp}?order=42&paid=true`,
    sourceApp,
    targetApp: "orders",
    maxAttempts: 3,
    retry: { strategy: "fixed", delayMs: 2_500, maxDelayMs: 2_500 },
  });
  await waitForStatus(request, [id], "failed", 30_000);
  await expect.poll(() => robot.accepted.map((m) => messageText("dingtalk", m.body)).find((t) => t.includes(id)), { timeout: 15_000 }).toBeTruthy();
  const alertText = robot.accepted.map((m) => messageText("dingtalk", m.body)).find((t) => t.includes(id))!;
  expect(alertText).toContain("Attempts: 3/3");
  expect(alertText).toContain("Last status: 500");
  expect(alertText).toContain(`/fail/alert-${stamp}?order=42&paid=true`);
  expect(alertText).toContain(`/tasks/${id}`);

  // The alert log shows it, with the platform's answer.
  await page.goto(`/alerts?taskId=${id}`);
  const logged = page.locator(`[data-testid=alert-row][data-task="${id}"]`);
  await expect(logged).toHaveCount(1);
  await expect(logged).toHaveAttribute("data-status", "sent");
  await expect(logged).toContainText(name);
  await expect(logged).toContainText("HTTP 200");
  await expectMasked(page);
  await keepScreenshot(page, testInfo, "alert log");
});

test("a viewer sees channels read-only, masked, and cannot change them", async ({ page }) => {
  await signIn(page, accounts.viewer);
  await page.goto("/channels");
  await expect(row(page)).toBeVisible();
  await expect(page.getByTestId("add-channel")).toHaveCount(0);
  await expect(row(page).getByTestId("send-test")).toHaveCount(0);
  await expectMasked(page);

  const create = await page.request.post("/api/console/channels", {
    data: { name: "viewer channel", kind: "slack", url: "https://hooks.slack.com/services/T/B/x", events: ["task.exhausted"] },
  });
  expect(create.status()).toBe(403);
  const list = (await (await page.request.get("/api/console/channels")).json()) as { items: { id: number; name: string }[] };
  const mine = list.items.find((c) => c.name === name)!;
  expect((await page.request.post(`/api/console/channels/${mine.id}/test`, { data: {} })).status()).toBe(403);
  expect((await page.request.delete(`/api/console/channels/${mine.id}`)).status()).toBe(403);
});

test("an operator deletes the channel after confirming; its alert log stays", async ({ page }) => {
  await signIn(page, accounts.operator);
  await page.goto("/channels");
  const id = (await row(page).getByRole("link", { name }).getAttribute("href"))!.split("/").pop();
  await row(page).getByRole("button", { name: "Delete" }).click();
  await page.getByTestId("confirm-dialog").getByTestId("confirm-button").click();
  await expect(row(page)).toHaveCount(0);
  // Two tests and one alert, still listed under the channel's id.
  await page.goto(`/alerts?channelId=${id}`);
  await expect(page.getByTestId("alert-row")).toHaveCount(3);
  await expect(page.getByTestId("alert-row").first()).toContainText(`#${id} (deleted)`);
});
