import { expect, test } from "@playwright/test";
import { accounts } from "./support/accounts";
import { signIn } from "./support/session";

test("an admin creates a client, sees its signing secret once, and rotates it with an overlap", async ({ page }) => {
  const name = `e2e-signing-${Date.now()}`;
  await signIn(page, accounts.admin2);
  await page.goto("/clients");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create client" }).click();
  const credentials = page.getByTestId("client-credentials");
  await expect(credentials).toContainText('"signingSecret": "whsec_');
  const first = /"signingSecret": "(whsec_[^"]+)"/.exec((await credentials.textContent()) ?? "")![1]!;

  const card = page.getByTestId("signing-admin");
  await card.getByLabel("Client").selectOption({ label: name });
  await expect(card.getByText("signed", { exact: true })).toBeVisible();
  await card.getByLabel("Overlap (hours)").fill("2");
  await card.getByRole("button", { name: "Rotate secret" }).click();
  await expect(card.getByText(/keeps signing beside it until/)).toBeVisible();
  const second = (await card.getByTestId("signing-secret").textContent())?.trim() ?? "";
  expect(second).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  expect(second).not.toBe(first);

  // Shown once: after a reload neither secret is on the page.
  await page.reload();
  const html = await page.content();
  expect(html).not.toContain(first);
  expect(html).not.toContain(second);
});
