import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { accounts } from "./support/accounts";
import { getTask, submitTask, waitForStatus } from "./support/api";
import { keepScreenshot, signIn } from "./support/session";

// A target host of this flow's own, so pausing it holds back nobody else's calls.
let target: Server;
let host = "";
const calls: string[] = [];

test.beforeAll(async () => {
  target = createServer((req, res) => {
    calls.push(req.url ?? "");
    req.resume().on("end", () => res.end("ok"));
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  host = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  target?.closeAllConnections();
  await new Promise((r) => target?.close(r));
});

test("an operator pauses a target host: its tasks wait without a call, and are delivered on resume", async ({ page, request }, testInfo) => {
  // The host appears on the page once it has been called.
  const first = await submitTask(request, { url: `${host}/first` });
  await waitForStatus(request, [first], "succeeded");

  await signIn(page, accounts.operator);
  await page.goto("/hosts");
  const row = page.locator(`[data-testid=host-row][data-host="${host}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("host-circuit")).toHaveText("closed");
  await row.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByTestId("host-result")).toContainText("paused");
  await expect(row.getByTestId("host-paused")).toBeVisible();

  const held = await submitTask(request, { url: `${host}/held` });
  await expect
    .poll(async () => ((await getTask(request, held)) as { waiting?: { reason: string } | null }).waiting?.reason, { timeout: 15_000 })
    .toBe("paused");
  expect(calls).not.toContain("/held");
  await page.goto(`/tasks/${held}`);
  await expect(page.getByTestId("task-waiting")).toContainText("paused");
  await keepScreenshot(page, testInfo, "task waiting on a paused host");

  await page.goto("/hosts");
  await keepScreenshot(page, testInfo, "hosts page with a paused host");
  await row.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByTestId("host-result")).toContainText("resumed");
  await waitForStatus(request, [held], "succeeded", 15_000);
  expect(calls.filter((c) => c === "/held")).toHaveLength(1);
});
