import { expect, type Page, type TestInfo } from "@playwright/test";

/** Signs in through the login form and waits for the console. */
export async function signIn(page: Page, account: { username: string; password: string }, landing: RegExp = /\/overview/) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(landing);
}

/** Keeps a full-page screenshot in the HTML report, and under test-results/screenshots/ by name. */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = `test-results/screenshots/${name.replace(/[^a-z0-9]+/gi, "-")}.png`;
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/**
 * With README_SHOTS set to a folder, also keeps a viewport-sized PNG there: how the README's console section is
 * drawn (`README_SHOTS=docs/screenshots npx playwright test e2e/i18n.spec.ts`). Without it, nothing is written.
 */
export async function keepReadmeShot(page: Page, name: string) {
  const dir = process.env.README_SHOTS;
  if (!dir) return;
  await page.screenshot({ path: `${dir}/${name}.png` });
}
