import { expect, test } from "@playwright/test";
import { accounts } from "./support/accounts";
import { keepScreenshot, signIn } from "./support/session";

test("an admin adds a user, who must choose a password at first sign-in; a password reset does the same", async ({ page, browser }, testInfo) => {
  const username = `e2e-new-${Date.now() % 100000}`;
  await signIn(page, accounts.admin2);
  await page.goto("/users");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Role").selectOption("operator");
  await page.getByLabel("Initial password").fill("first-password-1");
  await page.getByRole("button", { name: "Add user" }).click();
  const row = page.locator(`[data-testid=user-row][data-username="${username}"]`);
  await expect(row).toContainText(/operator/i);
  await expect(row).toContainText("must change password");
  await keepScreenshot(page, testInfo, "users");

  const first = await browser.newPage();
  await signIn(first, { username, password: "first-password-1" }, /\/change-password/);
  await first.close();

  // The admin resets the password: a temporary one is shown once, and the old one stops working.
  await row.getByRole("button", { name: "Reset password…" }).click();
  await page.getByRole("dialog").getByTestId("confirm-button").click();
  const temp = (await page.getByTestId("temp-password").textContent())!;
  expect(temp.length).toBeGreaterThanOrEqual(10);
  const other = await browser.newPage();
  await other.goto("/login");
  await other.getByLabel("Username").fill(username);
  await other.getByLabel("Password").fill("first-password-1");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByTestId("login-error")).toBeVisible();
  await signIn(other, { username, password: temp }, /\/change-password/);
  await other.close();

  await page.goto("/audit?object=" + username);
  await expect(page.locator("[data-testid=audit-row][data-action='user.create']")).toHaveCount(1);
  await expect(page.locator("[data-testid=audit-row][data-action='user.password_reset']")).toHaveCount(1);
});
