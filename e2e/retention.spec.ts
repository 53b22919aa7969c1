import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import mysql from "mysql2/promise";
import { accounts } from "./support/accounts";
import { keepScreenshot, signIn } from "./support/session";

const DAY = 86_400_000;

test("a viewer finds the retention settings and the last run, which deleted an aged task", async ({ page }, testInfo) => {
  // A failed task that finished 40 days ago, with one attempt, as MySQL would hold it.
  const conn = await mysql.createConnection({ uri: process.env.DATABASE_URL!, timezone: "Z" });
  const id = randomUUID();
  const finished = new Date(Date.now() - 40 * DAY);
  try {
    await conn.query(
      "INSERT INTO tasks (id, client_id, status, url, max_attempts, timeout_ms, attempts, created_at, updated_at, finished_at) VALUES (?, 0, 'failed', 'http://127.0.0.1:9/aged', 1, 1000, 1, ?, ?, ?)",
      [id, finished, finished, finished],
    );
    await conn.query("INSERT INTO attempts (task_id, n, started_at, duration_ms, status_code, ok) VALUES (?, 1, ?, 5, 500, 0)", [id, finished]);

    await signIn(page, accounts.viewer);
    await page.getByRole("link", { name: "Data retention" }).click();
    await expect(page).toHaveURL(/\/retention$/);
    await expect(page.getByTestId("retention-task-days")).toHaveText("30 days");
    await expect(page.getByTestId("retention-alert-days")).toHaveText("30 days");
    await expect(page.getByTestId("retention-audit-days")).toHaveText("365 days");

    // The e2e worker runs retention every 5 s: a run soon deletes the task, and the page shows it as the last run.
    await expect(async () => {
      const [rows] = await conn.query<mysql.RowDataPacket[]>("SELECT count(*) AS n FROM tasks WHERE id = ?", [id]);
      expect(Number(rows[0]!.n)).toBe(0);
    }).toPass({ timeout: 30_000 });
    const [runs] = await conn.query<mysql.RowDataPacket[]>("SELECT id, tasks_deleted FROM retention_runs WHERE tasks_deleted > 0 ORDER BY id DESC LIMIT 1");
    expect(runs.length).toBe(1);
    // Later runs find nothing left; the one that deleted it is among the ten shown (they come every 5 s).
    const row = page.locator(`[data-testid=retention-run][data-run-id="${runs[0]!.id}"]`);
    await page.reload();
    await expect(row).toBeVisible();
    await expect(row.getByTestId("retention-run-tasks")).toHaveText(String(runs[0]!.tasks_deleted));
    await expect(row.getByTestId("retention-run-status")).toHaveText(/completed|running/);
    await expect(page.getByTestId("retention-runs")).toContainText("Last run started");
    await keepScreenshot(page, testInfo, "retention page (viewer)");
  } finally {
    await conn.end();
  }
});
