import { expect, test } from "@playwright/test";
import { accounts, receiverUrl } from "./support/accounts";
import { keepScreenshot, signIn } from "./support/session";

test("an admin sees a client's quotas and sets its own; the API enforces them and the audit log records it", async ({ page, request }, testInfo) => {
  const name = `e2e-quotas-${Date.now() % 1_000_000}`;
  await signIn(page, accounts.admin2);
  await page.goto("/clients");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create client" }).click();
  const { apiKey } = JSON.parse((await page.getByTestId("client-credentials").textContent())!) as { apiKey: string };

  // Every quota shows its default until the client has its own.
  const row = page.locator("tr", { hasText: name });
  await expect(row.locator("[data-quota=openTasks]")).toHaveText("1M open");
  await expect(row.locator("[data-own=true]")).toHaveCount(0);

  await page.getByTestId(`edit-quotas-${name}`).click();
  const dialog = page.getByTestId("quotas-dialog");
  await dialog.getByLabel("Open tasks").fill("2");
  await dialog.getByLabel("Submits per second").fill("lots");
  await dialog.getByTestId("quotas-save").click();
  await expect(dialog.getByText("a whole number (0 = no limit), or empty for the default")).toBeVisible();
  await dialog.getByLabel("Submits per second").fill("");
  await dialog.getByTestId("quotas-save").click();
  await expect(page.getByText(`Quotas of "${name}" saved`)).toBeVisible();
  await expect(row.locator("[data-quota=openTasks]")).toHaveText("2 open");
  await expect(row.locator("[data-quota=openTasks]")).toHaveAttribute("data-own", "true");
  await expect(row.locator("[data-own=true]")).toHaveCount(1);
  await keepScreenshot(page, testInfo, "client-quotas");

  // The web has not seen this client yet, so its first request already reads the new quota.
  const runAt = new Date(Date.now() + 365 * 24 * 3600_000).toISOString();
  const submit = () => request.post("/api/v1/tasks", { headers: { Authorization: `Bearer ${apiKey}` }, data: { url: receiverUrl("/ok/quota"), runAt } });
  expect((await submit()).status()).toBe(201);
  expect((await submit()).status()).toBe(201);
  const refused = await submit();
  expect(refused.status()).toBe(429);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("quota_exceeded");

  await page.goto("/audit?object=" + name);
  await expect(page.locator("[data-testid=audit-row][data-action='client.quotas']")).toHaveCount(1);
});
