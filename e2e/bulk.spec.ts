import { expect, test } from "@playwright/test";
import { accounts, receiverUrl } from "./support/accounts";
import { getTask, submitBatch } from "./support/api";
import { keepScreenshot, signIn } from "./support/session";

test("a bulk retry by filter of 500 failed tasks runs in the worker, with its progress shown", async ({ page, request }, testInfo) => {
  const marker = `bulk-${Date.now()}`;
  const ids = await submitBatch(
    request,
    Array.from({ length: 500 }, (_, i) => ({ url: receiverUrl(`/fail/${marker}/${i}`), maxAttempts: 1 })),
  );
  const filterQs = `status=failed&url=${encodeURIComponent(marker)}`;
  await signIn(page, accounts.operator);
  // The count on the board is exact up to 10,000: wait until all 500 have failed.
  await expect
    .poll(async () => {
      await page.goto(`/tasks?${filterQs}`);
      return page.getByTestId("task-count").textContent();
    }, { timeout: 60_000, intervals: [500, 1_000] })
    .toBe("500 matching tasks");

  await page.getByTestId("filter-actions").locator("summary").click();
  await page.getByRole("button", { name: "Retry all matching" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("500 tasks match the filter");
  await dialog.getByTestId("confirm-button").click();

  await expect(page).toHaveURL(/bulkJob=/);
  const panel = page.getByTestId("bulk-job");
  await expect(panel.getByRole("progressbar")).toBeVisible();
  await expect(panel).toHaveAttribute("data-state", "completed", { timeout: 60_000 });
  await expect(panel.getByTestId("bulk-job-progress")).toHaveText("Done: 500 of 500 processed · 500 changed · 0 skipped");
  await expect(panel.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "500");
  await keepScreenshot(page, testInfo, "bulk retry finished");

  // Each task got its fresh budget and was attempted again.
  for (const id of [ids[0]!, ids[250]!, ids[499]!]) {
    await expect.poll(async () => (await getTask(request, id)).attempts.length, { timeout: 30_000 }).toBe(2);
  }

  // The audit log has the job and one entry per task.
  const jobId = new URL(page.url()).searchParams.get("bulkJob")!;
  await page.goto(`/audit?object=${jobId}`);
  await expect(page.locator("[data-testid=audit-row][data-action='bulk.retry']")).toHaveCount(1);
  await page.goto(`/audit?object=${ids[123]}`);
  await expect(page.locator("[data-testid=audit-row][data-action='task.retry']")).toContainText(accounts.operator.username);
});
