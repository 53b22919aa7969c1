import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { accounts, receiverUrl } from "./support/accounts";
import { submitTask } from "./support/api";

// A web server of this test's own, so it can be stopped and started again under an open page.
const port = Number(process.env.E2E_WEB_PORT ?? 3470) + 2;
const base = `http://127.0.0.1:${port}`;

function startWeb(): ChildProcess {
  return spawn(process.execPath, ["dist/server.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, PORT: String(port) },
    stdio: "ignore",
  });
}

async function waitHealthy() {
  await expect
    .poll(async () => (await fetch(`${base}/api/health`).catch(() => null))?.status ?? 0, { timeout: 60_000, intervals: [250, 500] })
    .toBe(200);
}

async function stop(proc: ChildProcess) {
  if (proc.exitCode !== null) return;
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  proc.kill("SIGTERM");
  await exited;
}

test("the board's live updates reconnect by themselves after a server restart", async ({ page, request }) => {
  let web = startWeb();
  try {
    await waitHealthy();
    await page.goto(`${base}/login`);
    await page.getByLabel("Username").fill(accounts.operator.username);
    await page.getByLabel("Password").fill(accounts.operator.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/overview/);
    await page.goto(`${base}/tasks`);
    const indicator = page.getByTestId("live-indicator");
    await expect(indicator).toHaveAttribute("data-status", "live");
    await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));

    // The server stops even with the page's event stream open (it ends the stream), and the page notices.
    const stopped = Date.now();
    await stop(web);
    expect(Date.now() - stopped).toBeLessThan(10_000);
    await expect(indicator).not.toHaveAttribute("data-status", "live");

    web = startWeb();
    await waitHealthy();
    await expect(indicator).toHaveAttribute("data-status", "live", { timeout: 20_000 });

    // Events flow again on the same page: a new task appears and finishes without a reload.
    const id = await submitTask(request, { url: receiverUrl(`/ok/reconnect-${Date.now()}`) });
    const row = page.locator(`[data-testid=task-row][data-task-id="${id}"]`);
    await expect(row).toHaveAttribute("data-status", "succeeded", { timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
  } finally {
    await stop(web);
  }
});
