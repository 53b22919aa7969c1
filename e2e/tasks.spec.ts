import { expect, test } from "@playwright/test";
import { accounts, receiverUrl } from "./support/accounts";
import { submitTask, waitForStatus } from "./support/api";
import { keepScreenshot, signIn } from "./support/session";

test("filtering by status and URL is kept in the URL and restored from a shared link", async ({ page, request, browser }, testInfo) => {
  const marker = `flt-${Date.now()}`;
  const ok = await Promise.all([1, 2].map((i) => submitTask(request, { url: receiverUrl(`/ok/${marker}/${i}`) })));
  const failed = await submitTask(request, { url: receiverUrl(`/fail/${marker}/3`), maxAttempts: 1 });
  await submitTask(request, { url: receiverUrl(`/fail/other-${marker}`), maxAttempts: 1 });
  await waitForStatus(request, ok, "succeeded");
  await waitForStatus(request, [failed], "failed");

  await signIn(page, accounts.operator);
  await page.goto("/tasks");
  await page.getByTestId("filter-status").selectOption("failed");
  await page.getByTestId("filter-url").fill(`/${marker}/`);
  await page.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(/status=failed/);
  await expect(page).toHaveURL(new RegExp(`url=%2F${marker}%2F`));
  await expect(page.getByTestId("task-row")).toHaveCount(1);
  await expect(page.getByTestId("task-row")).toHaveAttribute("data-task-id", failed);
  await keepScreenshot(page, testInfo, "tasks (filtered)");

  // Someone else opens the shared link: sent through the login, they land on the same filtered view.
  const shared = page.url();
  const other = await browser.newPage();
  await other.goto(shared);
  await expect(other).toHaveURL(/\/login\?callbackUrl=/);
  await other.getByLabel("Username").fill(accounts.viewer.username);
  await other.getByLabel("Password").fill(accounts.viewer.password);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).toHaveURL(shared);
  await expect(other.getByTestId("filter-status")).toHaveValue("failed");
  await expect(other.getByTestId("filter-url")).toHaveValue(`/${marker}/`);
  await expect(other.getByTestId("task-row")).toHaveCount(1);
  await expect(other.getByTestId("task-row")).toHaveAttribute("data-task-id", failed);
  await other.close();
});

test("a task submitted through the API appears on the board and turns succeeded live, without a reload", async ({ page, request }, testInfo) => {
  await signIn(page, accounts.operator);
  await page.goto("/tasks");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "live");
  // A reload would wipe this marker.
  await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));

  const id = await submitTask(request, { url: receiverUrl(`/slow/live-${Date.now()}`) });
  const row = page.locator(`[data-testid=task-row][data-task-id="${id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute("data-status", "succeeded", { timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
  await keepScreenshot(page, testInfo, "tasks (live)");
});

test("the detail page shows the attempts timeline, filling in live", async ({ page, request }, testInfo) => {
  await signIn(page, accounts.operator);
  // Fails twice, then succeeds: three attempts, one second apart.
  const id = await submitTask(request, {
    url: receiverUrl(`/flaky/detail-${Date.now()}`),
    maxAttempts: 5,
    retry: { strategy: "fixed", delayMs: 1_000, maxDelayMs: 1_000 },
    sourceApp: "e2e-shop",
    targetApp: "e2e-erp",
    params: { orderId: 42 },
  });
  await page.goto(`/tasks/${id}`);
  await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));

  // The delivery side first (through the API), then the page, which must have followed without a reload.
  await waitForStatus(request, [id], "succeeded");
  const timeline = page.getByTestId("attempts-timeline");
  await expect(timeline.getByTestId("attempt")).toHaveCount(3, { timeout: 5_000 });
  await expect(page.getByTestId("task-status").getByTestId("status-badge")).toHaveAttribute("data-status", "succeeded");
  const attempts = timeline.getByTestId("attempt");
  await expect(attempts.nth(0)).toHaveAttribute("data-ok", "true");
  await expect(attempts.nth(1)).toHaveAttribute("data-ok", "false");
  await expect(attempts.nth(2)).toHaveAttribute("data-ok", "false");
  await expect(attempts.nth(2)).toContainText("HTTP 503");
  await expect(attempts.nth(0)).toContainText("HTTP 200");
  await expect(page.getByTestId("task-params")).toContainText('"orderId": 42');
  await expect(page.getByText("e2e-shop → e2e-erp")).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);

  await attempts.nth(2).getByText(/^Response \(/).click();
  await expect(attempts.nth(2)).toContainText("not yet (call 1)");
  await keepScreenshot(page, testInfo, "task detail");
});
