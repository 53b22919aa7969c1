import { expect, test } from "@playwright/test";
import { makeTestPki } from "../lib/delivery/test-tls";
import { accounts } from "./support/accounts";
import { keepScreenshot, signIn } from "./support/session";

test("an admin sets a client's outbound settings: target CIDRs, CA bundle and mTLS, the key never shown again", async ({ page }, testInfo) => {
  const pki = makeTestPki();
  const name = `e2e-outbound-${Date.now() % 100000}`;
  await signIn(page, accounts.admin2);
  await page.goto("/clients");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByTestId("client-credentials")).toBeVisible();
  const cell = page.getByTestId(`client-network-${name}`);
  await expect(cell).toHaveText("default");

  const row = page.getByRole("row").filter({ has: cell });
  await row.getByRole("button", { name: "Outbound…" }).click();
  const dialog = page.getByTestId("client-network-dialog");
  await dialog.getByLabel("Allowed target CIDRs").fill("10.20.0.0/16, 10.0.0.0/99");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toContainText('"10.0.0.0/99" is not an IP address or CIDR');

  await dialog.getByLabel("Allowed target CIDRs").fill("10.20.0.0/16");
  await dialog.getByLabel("CA bundle (PEM)").fill(pki.caPem);
  await dialog.getByLabel("Client certificate (PEM, for mTLS)").fill(pki.clientCert);
  await dialog.getByLabel("Client key (PEM)").fill(pki.clientKey);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(cell).toHaveText("1 CIDR · CA · mTLS");
  await keepScreenshot(page, testInfo, "client-outbound");

  // Reopened, the certificate is shown, the key is not.
  await row.getByRole("button", { name: "Outbound…" }).click();
  await expect(dialog.getByLabel("Client key (PEM)")).toHaveValue("");
  await expect(dialog).toContainText("A key is stored, encrypted.");
  await expect(dialog).toContainText("Now: CN=bida-client");
  expect(await page.content()).not.toContain("PRIVATE KEY-----\nMII");
});
