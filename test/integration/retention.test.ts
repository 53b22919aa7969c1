import { randomUUID } from "node:crypto";
import { desc, gt } from "drizzle-orm";
import { Redis } from "ioredis";
import mysql, { type RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { retentionRuns, type RetentionRun } from "@/lib/db/schema/retention-runs";
import { createRedlock } from "@/lib/redis-lock";
import { finalStatuses } from "@/lib/tasks/lifecycle/statuses";
import { newClient, type TestClient } from "./support/api";
import { testDb } from "./support/db";
import { startWorker, waitFor, type Proc } from "./support/processes";
import { testEnv } from "./support/test-env";

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const e = (v: mysql.SqlValue) => mysql.escape(v, false, "Z");

let client: TestClient;
const workers: Proc[] = [];
let redis: Redis;

beforeAll(async () => {
  client = await newClient("retention");
  redis = new Redis(testEnv.REDIS_URL!);
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop("SIGKILL")));
  redis?.disconnect();
});

// Each test starts from no other test's run: a run still going from the one before would hold the lock.
let runsBefore = 0;
beforeEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop("SIGKILL")));
  await redis.del(`${testEnv.REDIS_PREFIX}:retention-lock`);
  const [last] = await testDb.db.select({ id: retentionRuns.id }).from(retentionRuns).orderBy(desc(retentionRuns.id)).limit(1);
  runsBefore = last?.id ?? 0;
});

async function worker(env: Record<string, string>): Promise<Proc> {
  const w = await startWorker({ RETENTION_INTERVAL_MS: "500", ...env });
  workers.push(w);
  return w;
}

const newRuns = (): Promise<RetentionRun[]> => testDb.db.select().from(retentionRuns).where(gt(retentionRuns.id, runsBefore)).orderBy(retentionRuns.id);

/** Waits for a finished run after the test's start; returns it. */
async function finishedRun(status = "completed", timeoutMs = 30_000): Promise<RetentionRun> {
  let found: RetentionRun | undefined;
  await waitFor(async () => {
    found = (await newRuns()).find((r) => r.status === status);
    return found !== undefined;
  }, timeoutMs, () => `no ${status} run; runs: ${JSON.stringify(found)}`);
  return found!;
}

interface SeedTask {
  status: string;
  finishedAt: Date | null;
  createdAt?: Date;
  attempts?: number;
  orderingKey?: string;
}

/** Inserts tasks (and `attempts` attempts each) as MySQL would hold them; resolves with their ids, in order. */
async function seedTasks(list: SeedTask[]): Promise<string[]> {
  const ids = list.map(() => randomUUID());
  for (let i = 0; i < list.length; i += 1000) {
    const chunk = list.slice(i, i + 1000);
    const rows = chunk.map((t, j) => {
      const created = t.createdAt ?? new Date((t.finishedAt ?? new Date()).getTime() - 60_000);
      return `(${[ids[i + j]!, client.id, t.status, "http://127.0.0.1:9/retention", 5, 10_000, t.attempts ?? 0, created, created, t.finishedAt, t.orderingKey ?? null, t.orderingKey ? i + j + 1 : null].map((v) => e(v as mysql.SqlValue)).join(",")})`;
    });
    await testDb.pool.query(
      `INSERT INTO tasks (id, client_id, status, url, max_attempts, timeout_ms, attempts, created_at, updated_at, finished_at, ordering_key, ordering_seq) VALUES ${rows.join(",")}`,
    );
    const attempts = chunk.flatMap((t, j) =>
      Array.from({ length: t.attempts ?? 0 }, (_, n) => `(${[ids[i + j]!, n + 1, t.finishedAt ?? new Date(), 12, 500, "upstream error", 0].map((v) => e(v as mysql.SqlValue)).join(",")})`),
    );
    if (attempts.length) await testDb.pool.query(`INSERT INTO attempts (task_id, n, started_at, duration_ms, status_code, response_excerpt, ok) VALUES ${attempts.join(",")}`);
  }
  return ids;
}

async function existing(table: string, column: string, values: Array<string | number>): Promise<Set<string>> {
  if (values.length === 0) return new Set();
  const [rows] = await testDb.pool.query<RowDataPacket[]>(`SELECT DISTINCT ${column} AS v FROM ${table} WHERE ${column} IN (${values.map((v) => e(v)).join(",")})`);
  return new Set(rows.map((r) => String(r.v)));
}

/** Attempts of these tasks whose task row is gone: what a run cut off between its two DELETEs would leave. */
async function orphanAttempts(ids: string[]): Promise<number> {
  const [rows] = await testDb.pool.query<RowDataPacket[]>(
    `SELECT count(*) AS n FROM attempts a WHERE a.task_id IN (${ids.map((id) => e(id)).join(",")}) AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = a.task_id)`,
  );
  return Number(rows[0]!.n);
}

async function insertLogRow(table: "alerts" | "audit_log", createdAt: Date): Promise<number> {
  const [r] =
    table === "alerts"
      ? await testDb.pool.query<mysql.ResultSetHeader>("INSERT INTO alerts (channel_id, event, status, created_at, updated_at) VALUES (?, 'failed', 'sent', ?, ?)", [999_999, createdAt, createdAt])
      : await testDb.pool.query<mysql.ResultSetHeader>("INSERT INTO audit_log (actor, action, object_type, object_id, created_at) VALUES ('system', 'test.retention', 'test', ?, ?)", [randomUUID(), createdAt]);
  return r.insertId;
}

describe("retention", () => {
  it("deletes aged final tasks with their attempts and idle ordering keys; keeps open and young tasks; alerts and audit by their own settings", async () => {
    const key = (name: string) => `ret-${name}-${randomUUID()}`;
    const keys = { aged: key("aged"), young: key("young"), open: key("open") };
    const aged = await seedTasks(
      finalStatuses.map((status, i) => ({ status, finishedAt: ago(40), attempts: 2, orderingKey: i === 0 ? keys.aged : undefined })),
    );
    const kept = await seedTasks([
      { status: "failed", finishedAt: ago(20), attempts: 3, orderingKey: keys.young }, // final, but younger than RETENTION_DAYS
      { status: "queued", finishedAt: null, createdAt: ago(60), orderingKey: keys.open }, // open, however old
      { status: "retrying", finishedAt: null, createdAt: ago(60), attempts: 4 },
      // Not a state Bida writes (a retry clears finished_at), but the one a status check must guard against.
      { status: "retrying", finishedAt: ago(45), createdAt: ago(60), attempts: 1 },
    ]);
    await testDb.pool.query(
      "INSERT INTO ordering_keys (client_id, ordering_key, last_seq) VALUES " + Object.values(keys).map((k) => `(${client.id}, ${e(k)}, 1)`).join(","),
    );
    const alerts = { old: await insertLogRow("alerts", ago(20)), young: await insertLogRow("alerts", ago(10)) };
    const audit = { old: await insertLogRow("audit_log", ago(200)), young: await insertLogRow("audit_log", ago(40)) };

    // Alerts and audit entries each follow their own setting, not RETENTION_DAYS: 20 > 15 > 10 days; 200 > 100 > 40.
    // One window of ids covers the whole shared test database: the rows seeded here as old have the newest ids,
    // behind the young rows the other test files wrote (in real use old rows have the lowest ids).
    await worker({ RETENTION_DAYS: "30", ALERT_RETENTION_DAYS: "15", AUDIT_RETENTION_DAYS: "100", RETENTION_BATCH: "10000" });
    const run = await finishedRun();

    expect(await existing("tasks", "id", aged)).toEqual(new Set());
    expect(await existing("attempts", "task_id", aged)).toEqual(new Set());
    expect(await existing("tasks", "id", kept)).toEqual(new Set(kept));
    expect(await existing("attempts", "task_id", kept)).toEqual(new Set([kept[0], kept[2], kept[3]]));
    expect(await existing("ordering_keys", "ordering_key", Object.values(keys))).toEqual(new Set([keys.young, keys.open]));
    expect(await existing("alerts", "id", [alerts.old, alerts.young])).toEqual(new Set([String(alerts.young)]));
    expect(await existing("audit_log", "id", [audit.old, audit.young])).toEqual(new Set([String(audit.young)]));

    expect(run.tasksDeleted).toBe(4);
    expect(run.attemptsDeleted).toBe(8);
    // At least this test's unused key; other test files may have left keys of their own without tasks.
    expect(run.orderingKeysDeleted).toBeGreaterThanOrEqual(1);
    expect(run.alertsDeleted).toBeGreaterThanOrEqual(1);
    expect(run.auditDeleted).toBeGreaterThanOrEqual(1);
    expect(run.finishedAt).not.toBeNull();
    expect(run.taskCutoff!.getTime()).toBeLessThanOrEqual(ago(30).getTime());
    expect(run.error).toBeNull();
  });

  it("runs on no worker while another holds the lock, and on one worker at a time", async () => {
    const redlock = createRedlock(redis, { retryCount: 0 });
    const held = await redlock.acquire([`${testEnv.REDIS_PREFIX}:retention-lock`], 120_000);
    const ids = await seedTasks(Array.from({ length: 2000 }, () => ({ status: "succeeded", finishedAt: ago(40), attempts: 1 })));
    // Small batches with pauses: a run takes seconds, so two workers without the lock would both be inside one.
    const settings = { RETENTION_BATCH: "20", RETENTION_PAUSE_MS: "30" };
    await Promise.all([worker(settings), worker(settings)]);
    // Both check every 500 ms and find a run due; both see the lock taken. Many checks go by, none runs.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await newRuns()).toEqual([]);
    expect((await existing("tasks", "id", ids)).size).toBe(2000);

    await held.release();
    const run = await finishedRun("completed", 60_000);
    // The one run deleted them all; any other started after it ended, and found nothing left.
    expect(run.tasksDeleted).toBe(2000);
    await waitFor(async () => (await newRuns()).filter((r) => r.status !== "running").length >= 2, 20_000);
    const runs = (await newRuns()).filter((r) => r.status !== "running");
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.finishedAt!.getTime());
    expect(runs.reduce((n, r) => n + r.tasksDeleted, 0)).toBe(2000);
  });

  it("leaves no orphan attempts when its worker is killed mid-run, and the next run finishes the job", async () => {
    const ids = await seedTasks(Array.from({ length: 3000 }, () => ({ status: "failed", finishedAt: ago(35), attempts: 3 })));
    const first = await worker({ RETENTION_BATCH: "25", RETENTION_PAUSE_MS: "20" });
    // Killed once a good part is gone, but not all (the count on the run is written once a second).
    await waitFor(async () => {
      const left = (await existing("tasks", "id", ids)).size;
      return left < 2700;
    }, 60_000, first.output);
    await first.stop("SIGKILL");
    const left = await existing("tasks", "id", ids);
    expect(left.size).toBeGreaterThan(0);
    expect(await orphanAttempts(ids)).toBe(0);
    // Every task still there still has all three attempts: no batch was half-deleted.
    const [perTask] = await testDb.pool.query<RowDataPacket[]>(
      `SELECT count(*) AS n FROM attempts WHERE task_id IN (${[...left].map((id) => e(id)).join(",")})`,
    );
    expect(Number(perTask[0]!.n)).toBe(left.size * 3);
    const [cut] = await newRuns();
    expect(cut!.status).toBe("running");

    // The dead worker's lock lapses (30 s at most); the next worker's run marks the cut one and deletes the rest.
    await worker({ RETENTION_BATCH: "500", RETENTION_PAUSE_MS: "0" });
    const next = await finishedRun("completed", 90_000);
    expect(next.id).toBeGreaterThan(cut!.id);
    expect((await existing("tasks", "id", ids)).size).toBe(0);
    expect(await orphanAttempts(ids)).toBe(0);
    const [marked] = await testDb.pool.query<RowDataPacket[]>("SELECT status, finished_at FROM retention_runs WHERE id = ?", [cut!.id]);
    expect(marked[0]!.status).toBe("interrupted");
    expect(marked[0]!.finished_at).not.toBeNull();
  }, 150_000);
});
