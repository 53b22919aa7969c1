import { expect, test } from "@playwright/test";
import { accounts, receiverUrl } from "./support/accounts";
import { keepScreenshot, signIn } from "./support/session";

test("an admin limits a client's callers and rotates its key with a grace period; last use is shown", async ({ page, request }, testInfo) => {
  const name = `e2e-callers-${Date.now() % 100000}`;
  await signIn(page, accounts.admin2);
  await page.goto("/clients");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create client" }).click();
  const first = JSON.parse((await page.getByTestId("client-credentials").textContent())!) as { apiKey: string };
  const submit = (apiKey: string) => request.post("/api/v1/tasks", { headers: { Authorization: `Bearer ${apiKey}` }, data: { url: receiverUrl("/ok"), maxAttempts: 1 } });

  const row = page.locator(`[data-testid=client-row][data-name="${name}"]`);
  await expect(row.getByTestId("client-callers")).toHaveText("any");
  await row.getByRole("button", { name: "Access…" }).click();
  const dialog = page.getByTestId("client-access-dialog");
  const callers = dialog.getByLabel("Allowed caller addresses");

  // A bad entry is refused with its reason; nothing is stored.
  await callers.fill("192.168.1.100\n10.0.0.0/33");
  await dialog.getByTestId("save-callers").click();
  await expect(dialog.getByTestId("client-access-result")).toHaveText("The caller allow-list is not valid.");
  await expect(dialog).toContainText('"10.0.0.0/33" has a prefix length over 32');

  // Only 10.0.0.0/8 may call: this browser's requests come from 127.0.0.1 and are refused.
  await callers.fill("10.0.0.0/8");
  await dialog.getByTestId("save-callers").click();
  await expect(dialog.getByTestId("client-access-result")).toContainText("accepts calls from 10.0.0.0/8");
  await expect(row.getByTestId("client-callers")).toHaveText("10.0.0.0/8");
  const refused = await submit(first.apiKey);
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toBe("Calls from 127.0.0.1 are not allowed for this API client.");

  await callers.fill("10.0.0.0/8, 127.0.0.1, ::1");
  await dialog.getByTestId("save-callers").click();
  await expect(row.getByTestId("client-callers")).toHaveText("10.0.0.0/8, 127.0.0.1, ::1");
  expect((await submit(first.apiKey)).status()).toBe(201);
  await expect
    .poll(async () => {
      await page.reload();
      await row.getByRole("button", { name: "Access…" }).click();
      return dialog.getByTestId("client-last-used").textContent();
    }, { timeout: 15_000 })
    .not.toBe("—");

  // Rotation: the new key is shown once; the old one keeps working until its grace ends, or is ended now.
  await dialog.getByLabel("Old key keeps working for").selectOption("1h");
  await dialog.getByTestId("rotate-key").click();
  const rotated = JSON.parse((await dialog.getByTestId("rotated-credentials").textContent())!) as { apiKey: string };
  expect(rotated.apiKey).not.toBe(first.apiKey);
  await expect(dialog.getByTestId("client-old-key-until")).not.toHaveText("—");
  expect((await submit(rotated.apiKey)).status()).toBe(201);
  expect((await submit(first.apiKey)).status()).toBe(201);
  await keepScreenshot(page, testInfo, "client access");
  await dialog.getByTestId("revoke-previous-key").click();
  await expect(dialog.getByTestId("client-access-result")).toContainText("no longer works");
  await expect(dialog.getByTestId("client-old-key-until")).toHaveText("—");
  expect((await submit(first.apiKey)).status()).toBe(401);
  expect((await submit(rotated.apiKey)).status()).toBe(201);

  await page.goto(`/audit?object=${name}`);
  for (const action of ["client.set_callers", "client.rotate_key", "client.revoke_previous_key"]) {
    await expect(page.locator(`[data-testid=audit-row][data-action='${action}']`).first()).toBeVisible();
  }
});
