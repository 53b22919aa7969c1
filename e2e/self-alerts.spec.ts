import { expect, test, type Page } from "@playwright/test";
import { startFakePlatform, type FakePlatform } from "@/lib/notify/fake-platforms";
import { accounts } from "./support/accounts";
import { keepScreenshot, signIn } from "./support/session";

// A channel that hears only about Bida itself: the operator opts in per self-alert kind on the channel form.
const name = `Self-alerts e2e ${Date.now()}`;
let slack: FakePlatform;

test.beforeAll(async () => {
  slack = await startFakePlatform("slack");
});
test.afterAll(async () => {
  await slack?.close();
});

const row = (page: Page) => page.locator(`[data-testid=channel-row][data-channel="${name}"]`);
const eventBox = (page: Page, event: string) => page.locator(`input[name="event-${event}"]`);

test("choose Bida's own events for a channel, and find them again on its edit page", async ({ page }, testInfo) => {
  await signIn(page, accounts.operator);
  await page.goto("/channels/new");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Kind").selectOption("slack");
  await page.getByLabel("Webhook URL").fill(slack.url);
  // Every self-alert kind is offered, each by its event name.
  for (const event of ["bida.lag", "bida.backlog", "bida.circuit", "bida.requeue", "bida.store_down"]) await expect(eventBox(page, event)).not.toBeChecked();
  await eventBox(page, "task.exhausted").uncheck();
  await eventBox(page, "bida.lag").check();
  await eventBox(page, "bida.store_down").check();
  await keepScreenshot(page, testInfo, "self-alert events");
  await page.getByTestId("save-channel").click();
  await expect(page).toHaveURL(/\/channels$/);
  await expect(row(page)).toContainText("Bida: delivery lag · Bida: MySQL or Redis unreachable");
  await expect(row(page)).not.toContainText("Gave up");

  await row(page).getByRole("link", { name: "Edit" }).click();
  await expect(eventBox(page, "bida.lag")).toBeChecked();
  await expect(eventBox(page, "bida.store_down")).toBeChecked();
  await expect(eventBox(page, "bida.circuit")).not.toBeChecked();
  await expect(eventBox(page, "task.exhausted")).not.toBeChecked();
});
