import { expect, test, type Page } from "@playwright/test";
import { accounts, receiverUrl } from "./support/accounts";
import { getTask, submitTask } from "./support/api";
import { keepScreenshot, signIn } from "./support/session";

// What an operator on call needs (issue #14): tables that fit, finding a task by the id shown, lockout and unlock,
// replay, an honest live state, and a phone layout.

const shortId = (id: string) => `${id.slice(0, 8)}…${id.slice(-4)}`;
const longPath = `/fail/${"very-long-segment-".repeat(8)}end`;

async function waitFinal(page: Page, id: string) {
  await expect.poll(async () => (await getTask(page.request, id)).status, { timeout: 20_000 }).toMatch(/succeeded|failed/);
}

/** The card's own scroll width against its box, and whether these elements lie within the viewport. */
async function fits(page: Page, card: string, within: string[]) {
  return page.evaluate(
    ({ card, within }) => {
      const box = document.querySelector(card)!;
      // The table's scrolling wrapper (components/ui/table.tsx) must not need to scroll.
      const scroller = box.closest(".overflow-x-auto") ?? box.querySelector(".overflow-x-auto") ?? box;
      const vw = document.documentElement.clientWidth;
      const outside = within.flatMap((sel) =>
        [...document.querySelectorAll(sel)].filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width === 0 || r.right > vw + 0.5 || r.left < 0;
        }).map((el) => `${sel}: ${el.textContent}`),
      );
      return { overflow: scroller.scrollWidth - scroller.clientWidth, pageOverflow: document.documentElement.scrollWidth - vw, outside };
    },
    { card, within },
  );
}

/** The texts of the times (not countdowns) in a table, or in every table of the page, that run past their cell's edge. */
const clippedTimes = (page: Page, table?: string) =>
  (table ? page.getByTestId(table) : page.locator("main table")).locator("tbody time:not([data-testid=countdown])").evaluateAll((times) =>
    times.filter((t) => t.getBoundingClientRect().right > t.closest("td")!.getBoundingClientRect().right + 0.5).map((t) => t.textContent),
  );

// The longest zone names a time can carry ("GMT+5:30"): a column that fits them fits every zone.
test.describe("in a zone with a long name", () => {
  test.use({ timezoneId: "Asia/Kolkata" });
  for (const width of [1366, 1920]) {
    test(`the tasks table fits its card at ${width} px, key columns and actions in view`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width, height: 900 });
      // A long URL, long app names and a long error: what used to push "Next attempt" and "Created" off the card.
      await submitTask(page.request, { url: receiverUrl(longPath), maxAttempts: 1, sourceApp: "a-rather-long-source-application-name", targetApp: "an-even-longer-target-application-name" });
      await signIn(page, accounts.operator);
      await page.goto("/tasks");
      await expect(page.getByTestId("tasks-table")).toBeVisible();
      const headers = page.getByTestId("tasks-table").locator("thead th");
      for (const name of ["Status", "Task", "Target URL", "Last error", "Next attempt", "Created"]) await expect(headers.filter({ hasText: name })).toBeVisible();
      const m = await fits(page, "[data-testid=tasks-table]", ["[data-testid=tasks-table] thead th"]);
      expect(m, JSON.stringify(m)).toMatchObject({ overflow: 0, pageOverflow: 0, outside: [] });
      // Times are whole inside their cells, zone named ("12-03 00:13 GMT+8"), not cut at the column's edge.
      expect(await clippedTimes(page, "tasks-table"), "times cut at their column's edge").toEqual([]);
      await expect(page.getByTestId("tasks-table").locator("tbody time:not([data-testid=countdown])").first()).toContainText("GMT+5:30");
      // The URL cell shows the path, not only the host; the full URL is its title.
      await expect(page.getByTestId("url-text").first()).toContainText("/");
      await keepScreenshot(page, testInfo, `tasks at ${width}`);

      await page.goto("/attempts");
      // Streamed content waits in a hidden element until it is swapped in: measure once the table shows.
      await expect(page.getByTestId("attempts-table")).toBeVisible();
      const a = await fits(page, "[data-testid=attempts-card]", ["[data-testid=attempts-table] thead th"]);
      expect(a, JSON.stringify(a)).toMatchObject({ overflow: 0, pageOverflow: 0, outside: [] });
      expect(await clippedTimes(page, "attempts-table"), "times cut at their column's edge").toEqual([]);
    });
  }
});

test("Run now stays in view on Pending retries at 1366 px with a long last result", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 800 });
  // A dropped connection leaves a long error line and no status code: the cell that used to widen the table.
  const id = await submitTask(page.request, { url: receiverUrl(`/drop/${"x".repeat(150)}`), maxAttempts: 5, retry: { strategy: "fixed", delayMs: 600_000, maxDelayMs: 600_000 } });
  await expect.poll(async () => (await getTask(page.request, id)).attempts.length, { timeout: 20_000 }).toBeGreaterThan(0);
  await signIn(page, accounts.operator);
  await page.goto("/pending");
  const own = page.locator(`[data-testid=pending-row][data-task-id="${id}"]`);
  await expect(own.getByRole("button", { name: "Run now" })).toBeVisible({ timeout: 20_000 });
  // Every row's button, not only this task's: other flows leave their own long errors on this page.
  const m = await fits(page, "[data-testid=pending-table]", ["[data-testid=pending-table] tbody button"]);
  expect(m, JSON.stringify(m)).toMatchObject({ overflow: 0, pageOverflow: 0, outside: [] });
});

test("a task is found by the short id shown, in the filter and in the search box (/)", async ({ page }) => {
  const id = await submitTask(page.request, { url: receiverUrl("/ok/find-by-suffix"), maxAttempts: 1 });
  await signIn(page, accounts.viewer);
  await page.goto(`/tasks?id=${encodeURIComponent(shortId(id))}`);
  await expect(page.locator("[data-testid=task-row]")).toHaveCount(1);
  await expect(page.locator(`[data-testid=task-row][data-task-id="${id}"]`)).toBeVisible();
  await expect(page.getByText("invalid value")).toHaveCount(0);

  await page.goto("/overview");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "live");
  // "/" from anywhere outside a field focuses the search box (pressed again if the page was still hydrating).
  await expect(async () => {
    await page.locator("main").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("/");
    await expect(page.getByTestId("global-search")).toBeFocused({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  await page.keyboard.type(`…${id.slice(-12)}`);
  await expect(page.getByTestId("search-hit").first()).toContainText(shortId(id));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/tasks/${id}$`));
});

test("the form warns before the last try; a locked account shows on Users and an admin unlocks it", async ({ page, browser }) => {
  const other = await browser.newPage();
  await other.goto("/login");
  const tryOnce = async () => {
    await other.getByLabel("Username").fill(accounts.lockoutUnlock.username);
    await other.getByLabel("Password").fill("not-the-password");
    await other.getByRole("button", { name: "Sign in" }).click();
  };
  const errors: string[] = [];
  for (let i = 0; i < 5; i++) {
    // The server action's answer carries the message: wait for it, then read what the form shows.
    await Promise.all([other.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/login")), tryOnce()]);
    await expect(other.getByTestId("login-error")).toBeVisible();
    errors.push((await other.getByTestId("login-error").textContent()) ?? "");
  }
  expect(errors.some((e) => /1 more wrong try|One more wrong try/.test(e))).toBe(true);
  expect(errors.at(-1)).toMatch(/locked/);

  await signIn(page, accounts.admin2);
  await page.goto("/users");
  const row = page.locator(`[data-testid=user-row][data-username="${accounts.lockoutUnlock.username}"]`);
  await expect(row.getByTestId("user-locked")).toBeVisible();
  await row.getByTestId("unlock-user").click();
  await expect(page.getByTestId("user-result")).toContainText("can sign in again");
  await expect(row.getByTestId("user-locked")).toHaveCount(0);
  await signIn(other, accounts.lockoutUnlock);
  await other.close();
  await page.goto(`/audit?object=${accounts.lockoutUnlock.username}`);
  await expect(page.locator("[data-testid=audit-row][data-action='auth.locked']")).toHaveCount(1);
  await expect(page.locator("[data-testid=audit-row][data-action='user.unlock']")).toHaveCount(1);
});

test("a succeeded task is replayed as a new task, linked both ways; its newest response is open", async ({ page }, testInfo) => {
  const id = await submitTask(page.request, { url: receiverUrl("/ok/replay-me"), maxAttempts: 1 });
  await waitFinal(page, id);
  await signIn(page, accounts.operator);
  await page.goto(`/tasks/${id}`);
  await expect(page.getByTestId("attempt-response").first()).toHaveAttribute("open", "");
  await expect(page.getByTestId("attempt-url").first()).toContainText("/ok/replay-me");
  await expect(page.getByRole("button", { name: "Retry…" })).toHaveCount(0);
  await page.getByTestId("replay-button").click();
  await page.getByRole("dialog").getByTestId("confirm-button").click();
  await expect(page).not.toHaveURL(new RegExp(`/tasks/${id}$`));
  await expect(page.getByTestId("replay-of")).toHaveText(id);
  const copy = page.url().split("/").pop()!;
  await keepScreenshot(page, testInfo, "replayed task");
  await page.goto(`/tasks/${id}`);
  await expect(page.getByTestId("replayed-as")).toHaveText(copy);
});

test("with the event stream blocked, the sidebar says Offline and the page says its data may be stale", async ({ page }) => {
  await page.route("**/api/events", (route) => route.abort());
  await signIn(page, accounts.viewer);
  await page.goto("/tasks");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "offline", { timeout: 15_000 });
  await expect(page.getByTestId("live-indicator")).toContainText("Offline");
  await expect(page.getByTestId("stale-notice")).toBeVisible();
  await page.unroute("**/api/events");
  await page.reload();
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "live", { timeout: 15_000 });
  await expect(page.getByTestId("stale-notice")).toHaveCount(0);
});

test("on a 390 px phone the sidebar is a menu, tasks are cards, and 2 KB of params do not widen the page", async ({ page }, testInfo) => {
  const id = await submitTask(page.request, { url: receiverUrl(longPath), maxAttempts: 1, params: { blob: "p".repeat(2048), list: Array.from({ length: 20 }, (_, i) => `item-${i}`) } });
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, accounts.operator);
  await page.goto("/tasks");
  await expect(page.getByRole("navigation", { name: "Console" })).toBeHidden();
  await page.getByTestId("menu-button").click();
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("navigation", { name: "Console" })).toBeHidden();
  await expect(page.getByTestId("task-card").first()).toBeVisible();
  await expect(page.getByTestId("tasks-table")).toBeHidden();
  // Cards have no columns to choose.
  await expect(page.getByRole("button", { name: "Columns" })).toBeHidden();
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(await overflow()).toBe(0);
  await keepScreenshot(page, testInfo, "tasks on a phone");
  await page.goto(`/tasks/${id}`);
  await expect(page.getByTestId("attempts-timeline").or(page.getByText("No attempts yet"))).toBeVisible();
  expect(await overflow()).toBe(0);
  await keepScreenshot(page, testInfo, "task with 2 KB params on a phone");
});

test("a URL no page has answers 404, and a task that does not exist shows, the console's own Not found page", async ({ page }) => {
  await signIn(page, accounts.operator);
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found", exact: true })).toBeVisible();
  await expect(page).toHaveTitle(/Not found · Bida/);
  await page.getByRole("link", { name: "Back to the overview" }).click();
  await expect(page).toHaveURL(/\/overview$/);

  // Inside the console the page keeps its navigation. (Its status is 200: the console's loading.tsx streams the page,
  // so the status is sent before the task is looked up.)
  await page.goto("/tasks/01900000-0000-7000-8000-000000000000");
  await expect(page.getByTestId("empty-state")).toContainText("Not found");
  await expect(page.getByRole("navigation").first()).toBeVisible();
});

test("the overview counts days in the viewer's zone, and each counter opens exactly the tasks it counts", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "Asia/Shanghai", viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await submitTask(page.request, { url: receiverUrl("/ok/overview-today"), maxAttempts: 1 });
  await signIn(page, accounts.operator);
  // The week's chart says whose days it counts, once the browser has told the server its zone.
  await expect(page.getByText("Attempts per day in your time zone (GMT+8)")).toBeVisible();

  const p = Object.fromEntries(new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Shanghai", year: "numeric", month: "numeric", day: "numeric" }).formatToParts(Date.now()).map((x) => [x.type, x.value]));
  const shanghaiMidnight = new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)) - 8 * 3_600_000).toISOString();
  const today = new URL((await page.getByTestId("counter-succeededToday").getAttribute("href"))!, "http://x");
  expect(Object.fromEntries(today.searchParams)).toEqual({ status: "succeeded", finishedFrom: shanghaiMidnight });
  for (const key of ["queued", "running", "retrying", "failed"]) {
    expect(await page.getByTestId(`counter-${key}`).getAttribute("href")).toBe(`/tasks?status=${key}`);
  }
  await page.getByTestId("counter-succeededToday").click();
  await expect(page).toHaveURL(/status=succeeded/);
  await expect(page.getByTestId("task-row").first()).toBeVisible();
  for (const status of await page.getByTestId("task-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status")))) expect(status).toBe("succeeded");
  await context.close();
});

test("keys: ? lists the shortcuts, g t opens Tasks, j and k move along the rows, x selects, Enter opens", async ({ page }) => {
  await submitTask(page.request, { url: receiverUrl("/ok/keys-1"), maxAttempts: 1 });
  await submitTask(page.request, { url: receiverUrl("/ok/keys-2"), maxAttempts: 1 });
  await signIn(page, accounts.operator);
  await page.keyboard.press("?");
  const help = page.getByTestId("shortcuts-dialog");
  await expect(help).toBeVisible();
  await expect(help).toContainText("Go to Tasks");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  await page.keyboard.press("g");
  await page.keyboard.press("t");
  await expect(page).toHaveURL(/\/tasks$/);
  const links = page.getByTestId("tasks-table").getByTestId("task-link");
  await expect(links.nth(1)).toBeVisible();
  await page.keyboard.press("j");
  await expect(links.nth(0)).toBeFocused();
  await page.keyboard.press("j");
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press("k");
  await expect(links.nth(0)).toBeFocused();
  await page.keyboard.press("x");
  await expect(page.getByTestId("tasks-table").getByTestId("row-select").nth(0)).toBeChecked();
  // A letter typed into a field stays a letter.
  await page.getByLabel("URL contains").fill("");
  await page.getByLabel("URL contains").press("j");
  await expect(page.getByLabel("URL contains")).toHaveValue("j");
  await links.nth(0).focus();
  const href = await links.nth(0).getAttribute("href");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${href}$`));
});

test("the audit log folds a bulk job's per-task entries under the job, which links to exactly its tasks", async ({ page }) => {
  const runAt = new Date(Date.now() + 3_600_000).toISOString();
  const ids = [await submitTask(page.request, { url: receiverUrl("/ok/fold-1"), runAt }), await submitTask(page.request, { url: receiverUrl("/ok/fold-2"), runAt })];
  await signIn(page, accounts.operator);
  const res = await page.request.post("/api/console/tasks/bulk", { data: { action: "cancel", ids } });
  expect(res.status(), await res.text()).toBe(200);
  const { bulkJob } = (await res.json()) as { bulkJob: string };

  await page.goto("/audit");
  await expect(page.locator(`[data-testid=audit-row][data-action='task.cancel'] a[href="/tasks/${ids[0]}"]`)).toHaveCount(1);
  await page.getByTestId("audit-fold-jobs").check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/group=jobs/);
  await expect(page.locator(`[data-testid=audit-row][data-action='task.cancel'] a[href="/tasks/${ids[0]}"]`)).toHaveCount(0);
  const job = page.locator("[data-testid=audit-row][data-action='bulk.cancel']").filter({ hasText: bulkJob });
  await expect(job.getByTestId("audit-job-tasks")).toHaveText("2 tasks changed: list them");
  await job.getByTestId("audit-job-tasks").click();
  await expect(page).toHaveURL(new RegExp(`bulkJob=${bulkJob}`));
  await expect(page.getByTestId("tasks-table").getByTestId("task-row")).toHaveCount(2);
});

test("a form's field errors are plain words, and what was typed stays", async ({ page }) => {
  await signIn(page, accounts.operator);
  await page.goto("/channels/new");
  await page.getByLabel("Name").fill("   ");
  await page.getByLabel("Webhook URL").fill(receiverUrl("/ok/form-keeps"));
  await page.getByTestId("save-channel").click();
  const form = page.getByTestId("channel-form");
  // zod's own check said "Too small: expected string to have >=1 characters"; the form says what it wants.
  await expect(form).toContainText("required");
  await expect(form).not.toContainText("Too small");
  await expect(form).not.toContainText("expected string");
  await expect(page).toHaveURL(/\/channels\/new$/);
  await expect(page.getByLabel("Webhook URL")).toHaveValue(receiverUrl("/ok/form-keeps"));
  // The template's placeholder shows the placeholders as they are typed: "${headline}", not "$${headline}".
  const template = page.locator("textarea[name=template]");
  await expect(template).toHaveAttribute("placeholder", /\$\{headline\}/);
  expect(await template.getAttribute("placeholder")).not.toContain("$${");
});

test("a server action's form words its errors beside each field, keeps what was typed, and clears once saved", async ({ page }) => {
  await signIn(page, accounts.admin2);
  await page.goto("/users");
  const form = page.getByTestId("add-user-form");
  const username = form.getByLabel("Username");
  const password = form.getByLabel("Initial password");
  const name = `kept.${Date.now().toString(36)}`;
  await username.fill(`${name} !`);
  await password.fill("short");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(username).toHaveAccessibleDescription("letters, digits, dot, dash and underscore only");
  await expect(password).toHaveAccessibleDescription("at least 8 characters");
  await expect(form).not.toContainText("Too small");
  // React clears a form after its action; this one keeps what was typed until it is saved.
  await expect(username).toHaveValue(`${name} !`);
  await expect(password).toHaveValue("short");

  await username.fill(name);
  await password.fill("long enough password");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.locator(`[data-testid=user-row][data-username="${name}"]`)).toHaveCount(1);
  await expect(username).toHaveValue("");
  await expect(form.getByTestId("field-error")).toHaveCount(0);
});

test("pending retries re-sort live: a task run now and rescheduled moves below one that is now sooner", async ({ page, request }) => {
  await signIn(page, accounts.operator);
  const stamp = Date.now();
  // A waits 600 s ±jitter after its first failure and 1,200 s ±jitter after its second; B waits a fixed 850 s.
  const a = await submitTask(request, { url: receiverUrl(`/fail/resort-a-${stamp}`), maxAttempts: 5, retry: { strategy: "exponential", delayMs: 600_000, maxDelayMs: 3_600_000 } });
  const b = await submitTask(request, { url: receiverUrl(`/fail/resort-b-${stamp}`), maxAttempts: 5, retry: { strategy: "fixed", delayMs: 850_000, maxDelayMs: 850_000 } });
  await expect.poll(async () => [(await getTask(request, a)).status, (await getTask(request, b)).status], { timeout: 20_000 }).toEqual(["retrying", "retrying"]);

  await page.goto("/pending");
  const order = () => page.getByTestId("pending-row").evaluateAll((rows, ids) => ids.map((id) => rows.findIndex((r) => r.getAttribute("data-task-id") === id)), [a, b]);
  const [ia, ib] = await order();
  expect(ia, "A on the page").toBeGreaterThanOrEqual(0);
  expect(ia).toBeLessThan(ib!);
  // Neither a reload nor a refresh of the server's data may do the re-sort: the marker set here would be gone, and a
  // refresh is a request for the page's RSC payload.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  const refreshes: string[] = [];
  page.on("request", (req) => {
    // Prefetches of the links on screen are for other pages; a refresh asks for this one.
    if ((req.headers()["rsc"] === "1" || req.url().includes("_rsc=")) && new URL(req.url()).pathname === "/pending") refreshes.push(req.url());
  });

  // Run now from elsewhere (another operator's console): this page learns of it only from the live stream.
  const runNow = await page.request.post(`/api/console/tasks/${a}/run_now`, { data: {}, headers: { Origin: new URL(page.url()).origin } });
  expect(runNow.status()).toBe(200);
  await expect.poll(async () => (await getTask(request, a)).attempts.length, { timeout: 15_000 }).toBe(2);
  await expect.poll(async () => { const [x, y] = await order(); return x! > y!; }, { timeout: 10_000 }).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  expect(refreshes, "server refreshes while re-sorting").toEqual([]);
});

test("keyboard: the first task row is a few Tab stops away, and each date field is one Tab stop that takes a typed time", async ({ browser, request }) => {
  await submitTask(request, { url: receiverUrl(`/ok/tab-stops-${Date.now()}`) });
  // A browser in a zone with an offset: the typed time is the viewer's, the URL keeps UTC.
  const context = await browser.newContext({ timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  await signIn(page, accounts.operator);
  await page.goto("/tasks");
  await expect(page.getByTestId("task-row").first()).toBeVisible();
  const inFirstRow = () => page.evaluate(() => !!document.activeElement?.closest("[data-testid=task-row]") && document.activeElement === document.querySelector("[data-testid=task-row]")?.querySelector("a, input, button"));
  let stops = 0;
  await page.keyboard.press("Tab");
  stops++;
  await expect(page.locator(":focus")).toHaveText("Skip to content");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  stops++;
  await expect(page.getByTestId("skip-to-list")).toBeFocused();
  await page.keyboard.press("Enter");
  while (!(await inFirstRow()) && stops < 20) {
    await page.keyboard.press("Tab");
    stops++;
  }
  expect(stops, "Tab stops to the first row").toBeLessThanOrEqual(4);

  // "Created from" is one stop (Chromium's datetime-local is six), and takes a typed time in the viewer's zone.
  await page.getByTestId("filter-from").focus();
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("filter-to")).toBeFocused();
  await page.getByTestId("filter-from").fill("2026-02-30 08:00");
  await page.getByTestId("filter-apply").click();
  await expect(page.getByTestId("filter-from")).toHaveAccessibleDescription("not a valid date and time");
  await expect(page).not.toHaveURL(/from=/);
  await page.getByTestId("filter-from").fill("2026-12-01 08:00");
  await page.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(/from=2026-12-01T00%3A00%3A00\.000Z|from=2026-12-01T00:00:00\.000Z/);
  await expect(page.getByTestId("filter-from")).toHaveValue("2026-12-01 08:00");

  // The attempt log's "Since" is typed the same way, and its plain GET form sends the instant.
  await page.goto("/attempts");
  // A time still being typed is not an error; one left unfinished is, beside the field.
  await page.getByTestId("at-from-field").fill("2026-02-30");
  await expect(page.getByTestId("at-from-field")).not.toHaveAttribute("aria-invalid", "true");
  await page.getByTestId("at-from-field").blur();
  await expect(page.getByTestId("at-from-field")).toHaveAccessibleDescription("not a valid date and time");
  await page.getByTestId("at-from-field").fill("2026-12-01 08:00");
  await page.getByRole("search").getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/from=2026-12-01T00%3A00%3A00\.000Z/);
  await expect(page.getByTestId("at-from-field")).toHaveValue("2026-12-01 08:00");
  await context.close();
});

test("every table of every page fits 1366 px without scrolling sideways, its times whole in any zone", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "Asia/Kolkata", viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  await signIn(page, accounts.admin2);
  const overflowing: string[] = [];
  for (const path of ["/overview", "/tasks", "/pending", "/attempts", "/hosts", "/channels", "/alerts", "/audit", "/retention", "/users", "/clients"]) {
    await page.goto(path);
    await expect(page.locator("main h1").first()).toBeVisible();
    // Streamed sections arrive after the heading: wait until the page is quiet.
    await page.waitForLoadState("networkidle");
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("main .overflow-x-auto")].filter((el) => el.checkVisibility() && el.scrollWidth - el.clientWidth > 0).map((el) => `${el.scrollWidth - el.clientWidth} px too wide: ${el.querySelector("th")?.textContent ?? "?"}…`),
    );
    overflowing.push(...wide.map((w) => `${path}: ${w}`));
    overflowing.push(...(await clippedTimes(page)).map((t) => `${path}: time cut at its column's edge: ${t}`));
  }
  expect(overflowing).toEqual([]);
  await context.close();
});

test("the account page is marked current in the sidebar and says when this session ends", async ({ page }) => {
  await signIn(page, accounts.operator);
  const signedIn = Date.now();
  await expect(page.getByTestId("account-link")).not.toHaveAttribute("aria-current", "page");
  await page.getByTestId("account-link").click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-link")).toHaveAttribute("aria-current", "page");
  // An absolute end, 8 hours after signing in (SESSION_MAX_AGE_S's default), in the viewer's zone.
  const ends = await page.getByTestId("session-ends").locator("time").getAttribute("datetime");
  expect(Math.abs(Date.parse(ends!) - (signedIn + 8 * 3_600_000))).toBeLessThan(120_000);
  await expect(page.getByTestId("session-ends")).toContainText("however active you are");
});
