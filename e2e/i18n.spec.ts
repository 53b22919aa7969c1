import { expect, test, type Page } from "@playwright/test";
import { untranslatedWords } from "../lib/i18n/allowed-latin";
import { accounts, receiverUrl } from "./support/accounts";
import { submitTask, waitForStatus } from "./support/api";
import { keepReadmeShot, keepScreenshot } from "./support/session";

// The console in both languages: the switch, the saved choice, Accept-Language before sign-in, and a walk through
// the main pages in zh-CN that fails on any visible Latin word outside elements marked data-i18n-exempt or
// translate="no" (ids, URLs, hosts, codes, user data) and the allow-list of lib/i18n/allowed-latin.ts.

const mainPages = (taskId: string) => [
  { name: "overview", path: "/overview", readme: "overview" },
  { name: "tasks", path: "/tasks", readme: "tasks" },
  { name: "task detail", path: `/tasks/${taskId}`, readme: "task-detail" },
  { name: "pending retries", path: "/pending" },
  { name: "attempt log", path: "/attempts" },
  { name: "target hosts", path: "/hosts" },
  { name: "alert channels", path: "/channels" },
  { name: "new alert channel", path: "/channels/new" },
  { name: "alert log", path: "/alerts" },
  { name: "api clients", path: "/clients" },
  { name: "users", path: "/users" },
  { name: "audit log", path: "/audit" },
  { name: "data retention", path: "/retention" },
  { name: "account and change password", path: "/account" },
];

/** Every visible text node, every placeholder and aria-label, and the title, outside exempt elements. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const exempt = "[data-i18n-exempt],[translate='no'],script,style,noscript,template";
    const out: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      const text = node.textContent?.trim();
      if (!el || !text || el.closest(exempt)) continue;
      // Screen-reader-only text counts (it is read out); hidden text (closed menus, unopened dialogs) does not.
      const hidden = !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && !el.closest(".sr-only");
      if (!hidden) out.push(text);
    }
    for (const el of document.querySelectorAll<HTMLElement>("[placeholder],[aria-label]")) {
      if (el.closest(exempt) || !el.checkVisibility()) continue;
      for (const attr of ["placeholder", "aria-label"]) {
        const v = el.getAttribute(attr);
        if (v) out.push(v);
      }
    }
    return out;
  });
}

async function expectNoLatin(page: Page, where: string) {
  const bad = (await visibleTexts(page)).map((text) => ({ text, words: untranslatedWords(text) })).filter((t) => t.words.length > 0);
  expect(bad, `untranslated text on ${where}`).toEqual([]);
}

async function switchTo(page: Page, locale: "en" | "zh-CN") {
  await page.getByTestId(`language-${locale}`).click();
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
}

async function signInByName(page: Page, account: { username: string; password: string }) {
  await page.goto("/login");
  await page.locator("input[name=username]").fill(account.username);
  await page.locator("input[name=password]").fill(account.password);
  await page.locator("form button[type=submit]").click();
  await expect(page).toHaveURL(/\/overview/);
}

test("the console walks in zh-CN without untranslated text, and in English; the choice is saved with the user", async ({ browser, request }, testInfo) => {
  test.setTimeout(180_000);
  // Data for the pages to show: a task with a failed attempt that waits for a retry, and a succeeded one.
  const marker = `i18n-${Date.now()}`;
  const retrying = await submitTask(request, { url: receiverUrl(`/fail/${marker}`), maxAttempts: 5, retry: { strategy: "fixed", delayMs: 600_000, maxDelayMs: 600_000 }, sourceApp: "shop", targetApp: "billing" });
  const ok = await submitTask(request, { url: receiverUrl(`/ok/${marker}`) });
  await waitForStatus(request, [retrying], "retrying");
  await waitForStatus(request, [ok], "succeeded");

  // An English browser: the console starts in English.
  const context = await browser.newContext({ locale: "en-US", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  const base = new URL(testInfo.project.use.baseURL!);
  const outside = new Set<string>();
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.protocol !== "data:" && url.protocol !== "blob:" && url.host !== base.host) outside.add(url.origin);
  });

  await signInByName(page, accounts.admin2);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  let channelId: string | null = null;
  try {
    await switchTo(page, "zh-CN");
    await expect(page.getByRole("navigation", { name: "控制台" })).toBeVisible();
    // A channel in Chinese, so the channel pages have a row (made through the console's own API, as the form does).
    // It points at the test's own receiver: tests call no host but loopback, and the channel is removed at the end.
    const channel = await page.request.post("/api/console/channels", {
      data: { name: `值班群 ${marker}`, kind: "dingtalk", url: receiverUrl("/ok/dingtalk-robot"), locale: "zh-CN", events: ["task.exhausted"] },
    });
    expect(channel.status(), await channel.text()).toBe(201);
    channelId = String((await channel.json()).channel.id);

    for (const p of mainPages(retrying)) {
      await page.goto(p.path);
      await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
      await expect(page.locator("main h1").first()).toBeVisible();
      await expectNoLatin(page, p.path);
      await keepScreenshot(page, testInfo, `zh-CN ${p.name}`);
      if (p.readme) await keepReadmeShot(page, `${p.readme}-zh-CN`);
    }
    // Times are in the browser's zone, named.
    await page.goto(`/tasks/${retrying}`);
    await expect(page.locator("time:not([data-testid=countdown])").first()).toContainText("GMT+8");

    // Refused forms answer in Chinese beside each field: a server action's (users) and an API answer's (channels).
    await page.goto("/users");
    const userForm = page.getByTestId("add-user-form");
    await userForm.locator("input[name=username]").fill("坏 名字!");
    await userForm.locator("input[name=password]").fill("short");
    await userForm.locator("button[type=submit]").click();
    await expect(userForm.getByTestId("field-error")).toHaveCount(2);
    await expectNoLatin(page, "/users after a refused form");
    await page.goto("/channels/new");
    await page.locator("input[name=name]").fill(" ");
    await page.locator("input[name=url]").fill("ftp://files.example/x");
    await page.getByTestId("save-channel").click();
    await expect(page.getByTestId("channel-form").getByTestId("field-error").first()).toBeVisible();
    await expectNoLatin(page, "/channels/new after a refused form");
    await keepScreenshot(page, testInfo, "zh-CN refused channel form");

    // The choice is the user's, not the browser's: a fresh English browser signs in and gets Chinese.
    const other = await browser.newContext({ locale: "en-US" });
    const again = await other.newPage();
    await signInByName(again, accounts.admin2);
    await expect(again.locator("html")).toHaveAttribute("lang", "zh-CN");
    await other.close();

    await switchTo(page, "en");
    for (const p of mainPages(retrying)) {
      await page.goto(p.path);
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await keepScreenshot(page, testInfo, `en ${p.name}`);
      if (p.readme) await keepReadmeShot(page, `${p.readme}-en`);
    }
  } finally {
    // It would alert for every task that fails in the specs after this one.
    if (channelId) await page.request.delete(`/api/console/channels/${channelId}`);
    // Leave the shared account in English for the other flows.
    await page.goto("/overview");
    if ((await page.locator("html").getAttribute("lang")) !== "en") await switchTo(page, "en");
  }
  expect([...outside], "requests to other hosts (fonts, scripts)").toEqual([]);
  await context.close();
});

test("the login page follows Accept-Language, and its switch is remembered before sign-in", async ({ browser }, testInfo) => {
  const zh = await browser.newContext({ locale: "zh-CN" });
  const page = await zh.newPage();
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { name: "登录" })).toBeVisible();
  await expectNoLatin(page, "/login");
  await keepScreenshot(page, testInfo, "zh-CN login");
  // A wrong password is answered in Chinese too.
  await page.locator("input[name=username]").fill("nobody");
  await page.locator("input[name=password]").fill("wrong-password");
  await page.locator("form button[type=submit]").click();
  await expect(page.getByTestId("login-error")).toHaveText("用户名或密码错误。");
  await expectNoLatin(page, "/login after a failed sign-in");

  await switchTo(page, "en");
  await page.reload();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await keepScreenshot(page, testInfo, "en login");
  await zh.close();
});
