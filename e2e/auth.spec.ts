import { expect, test } from "@playwright/test";
import { accounts } from "./support/accounts";
import { keepScreenshot, signIn } from "./support/session";

test("the first sign-in with the seeded default password forces a password change before anything else", async ({ page }, testInfo) => {
  await page.goto("/tasks");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftasks/);
  await keepScreenshot(page, testInfo, "login");

  await signIn(page, accounts.admin, /\/change-password/);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();

  // Nothing else is reachable meanwhile: not the pages, not the console API.
  await page.goto("/tasks");
  await expect(page).toHaveURL(/\/change-password/);
  const api = await page.request.get("/api/console/overview");
  expect(api.status()).toBe(403);

  // The new password must differ from the default.
  await page.getByLabel("Current password").fill(accounts.admin.password);
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("Repeat the new password").fill("short");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-error")).toBeVisible();

  await page.getByLabel("Current password").fill(accounts.admin.password);
  await page.getByLabel("New password", { exact: true }).fill(accounts.adminNew.password);
  await page.getByLabel("Repeat the new password").fill(accounts.adminNew.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/overview/);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("counter-queued")).toBeVisible();
  await keepScreenshot(page, testInfo, "overview");

  // Logout ends the session; the new password works and no change is asked again.
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/overview");
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, accounts.adminNew);
  await expect(page.getByTestId("current-user")).toHaveText("admin");
});

test("wrong passwords are refused, and the fifth within 15 minutes locks the account with a clear message", async ({ page }) => {
  const wrong = { username: accounts.lockout.username, password: "not-the-password" };
  for (let i = 1; i <= 4; i++) {
    await page.goto("/login");
    await page.getByLabel("Username").fill(wrong.username);
    await page.getByLabel("Password").fill(wrong.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("login-error")).toContainText("Wrong username or password.");
    // The form warns before the last tries: two left after the third, one after the fourth.
    if (i === 4) await expect(page.getByTestId("login-error")).toContainText("One more wrong try locks this account");
  }
  await page.getByLabel("Password").fill(wrong.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toContainText("locked for 15 more minutes");

  // Even the right password is refused while the lock holds.
  await page.getByLabel("Password").fill(accounts.lockout.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toContainText("locked");
  await expect(page).toHaveURL(/\/login/);

  // The lock is per username: others still sign in.
  await signIn(page, accounts.viewer);
});
