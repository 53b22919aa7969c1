import { expect, test, type Page } from "@playwright/test";
import { accounts, receiverUrl } from "./support/accounts";
import { getTask, submitTask, waitForStatus } from "./support/api";
import { keepScreenshot, signIn } from "./support/session";

const statusBadge = (page: Page) => page.getByTestId("task-status").getByTestId("status-badge");
// Closed dialogs are hidden; the open one is the dialog.
const dialog = (page: Page) => page.getByRole("dialog");

/** The audit log, filtered to one task, shows the action by the operator. */
async function expectAudited(page: Page, id: string, action: string) {
  await page.goto(`/audit?object=${id}`);
  const row = page.locator(`[data-testid=audit-row][data-action="${action}"]`);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(accounts.operator.username);
}

test.beforeEach(async ({ page }) => {
  await signIn(page, accounts.operator);
});

test("retry a failed task with a corrected URL: it runs again and succeeds", async ({ page, request }) => {
  const stamp = Date.now();
  const id = await submitTask(request, { url: receiverUrl(`/fail/retry-${stamp}`), maxAttempts: 1 });
  await waitForStatus(request, [id], "failed");

  await page.goto(`/tasks/${id}`);
  await expect(statusBadge(page)).toHaveAttribute("data-status", "failed");
  await page.getByRole("button", { name: "Retry", exact: true }).click();
  // A wrong URL is refused beside the field, in plain words, and the dialog keeps what was typed.
  const urlField = dialog(page).getByLabel("URL");
  await urlField.fill("ftp://files.example/x");
  await dialog(page).getByTestId("confirm-button").click();
  await expect(urlField).toHaveAttribute("aria-invalid", "true");
  await expect(urlField).toHaveAccessibleDescription("must be an absolute http or https URL");
  await expect(urlField).toHaveValue("ftp://files.example/x");
  // The notice says only that a field needs a look: the field itself says what is wrong.
  await expect(dialog(page).getByTestId("dialog-error")).toHaveText("Some values are not valid; check the fields.");
  await urlField.fill(receiverUrl(`/ok/retry-${stamp}`));
  await dialog(page).getByTestId("confirm-button").click();
  await expect(page.getByTestId("action-result")).toContainText("queued again");
  await expect(statusBadge(page)).toHaveAttribute("data-status", "succeeded", { timeout: 15_000 });
  await expect(page.getByTestId("attempt")).toHaveCount(2);
  expect((await getTask(request, id)).status).toBe("succeeded");
  await expectAudited(page, id, "task.retry");
});

test("resolve a failed task with a note", async ({ page, request }) => {
  const id = await submitTask(request, { url: receiverUrl(`/fail/resolve-${Date.now()}`), maxAttempts: 1 });
  await waitForStatus(request, [id], "failed");

  await page.goto(`/tasks/${id}`);
  await page.getByRole("button", { name: "Resolve…" }).click();
  // A note is required: resolving without one is refused, and the note field says so.
  await dialog(page).getByTestId("confirm-button").click();
  await expect(dialog(page).getByTestId("resolve-note")).toHaveAccessibleDescription("Write a note saying what was done by hand.");
  await dialog(page).getByTestId("resolve-note").fill("Paid by hand in the ERP, ticket OPS-42");
  await dialog(page).getByTestId("confirm-button").click();
  await expect(statusBadge(page)).toHaveAttribute("data-status", "resolved");
  await expect(page.getByTestId("task-note")).toContainText("ticket OPS-42");
  expect((await getTask(request, id)).status).toBe("resolved");
  await expectAudited(page, id, "task.resolve");
});

test("cancel a waiting task, after confirming", async ({ page, request }, testInfo) => {
  const runAt = new Date(Date.now() + 3_600_000).toISOString();
  const id = await submitTask(request, { url: receiverUrl(`/ok/cancel-${Date.now()}`), runAt });

  await page.goto(`/tasks/${id}`);
  await expect(statusBadge(page)).toHaveAttribute("data-status", "queued");
  await page.getByRole("button", { name: "Cancel task" }).click();
  await expect(dialog(page)).toContainText("No further attempts are made");
  // Backing out of the confirmation changes nothing; its button says so, not a second "Cancel".
  await expect(dialog(page).getByRole("button", { name: "Cancel", exact: true })).toHaveCount(0);
  await dialog(page).getByRole("button", { name: "Keep task", exact: true }).click();
  expect((await getTask(request, id)).status).toBe("queued");

  await page.getByRole("button", { name: "Cancel task" }).click();
  await dialog(page).getByTestId("confirm-button").click();
  await expect(statusBadge(page)).toHaveAttribute("data-status", "cancelled");
  expect((await getTask(request, id)).status).toBe("cancelled");
  await expectAudited(page, id, "task.cancel");
  await keepScreenshot(page, testInfo, "audit log");
});

test("pending retries count down, and run now makes the next attempt at once", async ({ page, request }, testInfo) => {
  const id = await submitTask(request, {
    url: receiverUrl(`/fail/pending-${Date.now()}`),
    maxAttempts: 3,
    retry: { strategy: "fixed", delayMs: 600_000, maxDelayMs: 600_000 },
  });
  await waitForStatus(request, [id], "retrying");

  await page.goto("/pending");
  const row = page.locator(`[data-testid=pending-row][data-task-id="${id}"]`);
  // Rows are the soonest first; ours is ten minutes out, so it may be on a later page if others wait.
  await expect(row).toBeVisible();
  await expect(row.getByTestId("countdown")).toHaveText(/^in (9m|10m)/);
  await keepScreenshot(page, testInfo, "pending retries");
  await row.getByRole("button", { name: "Run now" }).click();
  await expect(page.getByTestId("pending-result")).toContainText("runs now");
  await expect.poll(async () => (await getTask(request, id)).attempts.length, { timeout: 15_000 }).toBe(2);
  await expectAudited(page, id, "task.run_now");
});
