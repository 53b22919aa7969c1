import { expect, test } from "@playwright/test";
import { accounts, receiverUrl } from "./support/accounts";
import { getTask, submitTask, waitForStatus } from "./support/api";
import { signIn } from "./support/session";

test("a viewer cannot retry a failed task: no button, and the server refuses the call", async ({ page, request }) => {
  const id = await submitTask(request, { url: receiverUrl(`/fail/viewer-${Date.now()}`), maxAttempts: 1 });
  await waitForStatus(request, [id], "failed");

  await signIn(page, accounts.viewer);
  await page.goto(`/tasks/${id}`);
  await expect(page.getByTestId("task-status").getByTestId("status-badge")).toHaveAttribute("data-status", "failed");
  await expect(page.getByTestId("read-only")).toBeVisible();
  await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);

  // The server checks the role itself: a hand-made call with the viewer's session is refused.
  const res = await page.request.post(`/api/console/tasks/${id}/retry`, { data: {} });
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
  const bulk = await page.request.post("/api/console/bulk-jobs", { data: { action: "retry", filter: { status: "failed" } } });
  expect(bulk.status()).toBe(403);
  expect((await getTask(request, id)).status).toBe("failed");

  // The board offers no selection and no bulk actions either.
  await page.goto(`/tasks?id=${id}`);
  await expect(page.getByTestId("task-row")).toHaveCount(1);
  await expect(page.getByTestId("row-select")).toBeDisabled();
  await expect(page.getByTestId("filter-actions")).toHaveCount(0);

  // Admin pages are closed to a viewer.
  await page.goto("/users");
  await expect(page.getByTestId("access-denied")).toBeVisible();
});
