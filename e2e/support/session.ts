import { expect, type Page, type TestInfo } from "@playwright/test";

/** Signs in through the login form and waits for the console. */
export async function signIn(page: Page, account: { username: string; password: string }, landing: RegExp = /\/overview/) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(landing);
}

/** Keeps a full-page screenshot in the HTML report. */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}
