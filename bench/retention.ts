// The retention phase: N aged final tasks with their attempts are seeded straight into MySQL, then the paced phase
// (first-attempt latency at --rate) runs twice: with retention idle, and while a retention run deletes them.
import type { Pool, ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { config } from "./config";
import { now, percentile } from "./load";
import { pacedPhase, settle, type PacedResult, type PhaseContext } from "./phases";

const log = (msg: string) => console.log(`[bench] ${msg}`);
const DAY = 86_400_000;
// Rows per INSERT … SELECT: one statement of ~10,000 tasks takes about a tenth of a second here.
const CHUNK = 10_000;

export interface RetentionResult {
  tasks: number;
  attempts: number;
  seedMs: number;
  idle: PacedResult;
  busy: PacedResult;
  /** How much of the busy paced phase the run overlapped (1: the run outlasted it). */
  overlap: number;
  run: { id: number; status: string; tasksDeleted: number; attemptsDeleted: number; ms: number; error: string | null };
}

interface RunRow extends RowDataPacket {
  id: number;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  tasks_deleted: number;
  attempts_deleted: number;
  error: string | null;
}

async function lastRun(mysql: Pool): Promise<RunRow | null> {
  const [rows] = await mysql.query<RunRow[]>("SELECT * FROM retention_runs ORDER BY id DESC LIMIT 1");
  return rows[0] ?? null;
}

/**
 * Seeds `total` tasks that finished 40–45 days ago: nine in ten succeeded after one attempt, one in ten failed after
 * three. INSERT … SELECT over MariaDB's sequence tables (seq_1_to_N), so no row crosses the network; ids are
 * UUIDv7-shaped from their creation time, appended to the primary key in order as real tasks are.
 */
export async function seedAgedTasks(mysql: Pool, clientId: number, total: number): Promise<{ tasks: number; attempts: number; ms: number }> {
  const t0 = now();
  const base = Date.now() - 45 * DAY;
  // Spread over five days: seq's time in ms from base.
  const step = Math.max(1, Math.floor((5 * DAY) / total));
  const id = (seq: string) =>
    `CONCAT(SUBSTR(LPAD(HEX(${base} + ${seq} * ${step}), 12, '0'), 1, 8), '-', SUBSTR(LPAD(HEX(${base} + ${seq} * ${step}), 12, '0'), 9, 4), '-7000-8000-', LPAD(HEX(${seq}), 12, '0'))`;
  const at = (seq: string, plusMs = 0) => `FROM_UNIXTIME((${base} + ${seq} * ${step} + ${plusMs}) / 1000)`;
  let attempts = 0;
  for (let lo = 1; lo <= total; lo += CHUNK) {
    const hi = Math.min(total, lo + CHUNK - 1);
    await mysql.query(
      "INSERT INTO tasks (id, client_id, protocol, status, url, method, params, body_type, max_attempts, timeout_ms, source_app, target_app, attempts, last_status_code, last_error, created_at, updated_at, finished_at) " +
        `SELECT ${id("seq")}, ${clientId}, 'native', IF(seq MOD 10 = 0, 'failed', 'succeeded'), CONCAT('http://127.0.0.1:9/aged/', seq), 'POST', ` +
        `JSON_OBJECT('orderId', seq), 'json', 3, 10000, 'bench', 'aged', IF(seq MOD 10 = 0, 3, 1), IF(seq MOD 10 = 0, 503, 200), ` +
        `IF(seq MOD 10 = 0, 'HTTP 503 from target', NULL), ${at("seq")}, ${at("seq", 60_000)}, ${at("seq", 60_000)} FROM seq_${lo}_to_${hi}`,
    );
    const [r] = await mysql.query<ResultSetHeader>(
      "INSERT INTO attempts (task_id, n, started_at, duration_ms, status_code, response_excerpt, error, ok) " +
        `SELECT ${id("t.seq")}, n.seq, ${at("t.seq", 20)}, 35, IF(t.seq MOD 10 = 0, 503, 200), IF(t.seq MOD 10 = 0, 'upstream error', '{"code":0}'), NULL, IF(t.seq MOD 10 = 0, 0, 1) ` +
        `FROM seq_${lo}_to_${hi} t JOIN seq_1_to_3 n ON n.seq <= IF(t.seq MOD 10 = 0, 3, 1)`,
    );
    attempts += r.affectedRows;
    if (hi % 100_000 < CHUNK || hi === total) log(`retention: seeded ${hi.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} aged tasks`);
  }
  await mysql.query("ANALYZE TABLE tasks, attempts");
  return { tasks: total, attempts, ms: now() - t0 };
}

const waitUntil = async (what: string, check: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = now() + timeoutMs;
  while (!(await check())) {
    if (now() > deadline) throw new Error(`retention: ${what} not seen within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

export async function retentionPhase(ctx: PhaseContext, clientId: number): Promise<RetentionResult> {
  const seeded = await seedAgedTasks(ctx.mysql, clientId, config.retentionTasks);
  log(`retention: seeded ${seeded.tasks.toLocaleString("en-US")} tasks, ${seeded.attempts.toLocaleString("en-US")} attempts in ${(seeded.ms / 1000).toFixed(1)} s`);

  // Both measurements on a worker started for them (the paced phase warms it for 2 s first): one with retention
  // off, then one whose first check finds a run due about a second after it starts.
  await ctx.replaceWorker("worker-retention-off", { RETENTION_INTERVAL_MS: "0" });
  const before = await lastRun(ctx.mysql);
  if (before?.status === "running") throw new Error("retention: a run is still going before the idle measurement");
  log(`retention: settled in ${((await settle(ctx)) / 1000).toFixed(1)} s; paced phase with retention idle`);
  const idle = await pacedPhase(ctx);
  if ((await lastRun(ctx.mysql))?.id !== before?.id) throw new Error("retention: a run started during the idle measurement");

  const passThrough = Object.fromEntries(["RETENTION_BATCH", "RETENTION_PAUSE_MS"].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])));
  await ctx.replaceWorker("worker-retention", { RETENTION_INTERVAL_MS: "1000", ...passThrough });
  let run: RunRow | null = null;
  await waitUntil("a retention run", async () => {
    run = await lastRun(ctx.mysql);
    return run !== null && run.id !== before?.id;
  }, 30_000);
  const startedId = run!.id;
  log(`retention: run ${startedId} started; paced phase while it deletes`);
  const busyFrom = Date.now();
  const busy = await pacedPhase(ctx);
  const busyTo = Date.now();
  await waitUntil("the end of the retention run", async () => {
    const [rows] = await ctx.mysql.query<RunRow[]>("SELECT * FROM retention_runs WHERE id = ?", [startedId]);
    run = rows[0] ?? null;
    return run !== null && run.status !== "running";
  }, Math.max(120_000, (config.retentionTasks / 500) * 1000));
  const done = run! as RunRow;
  const runMs = done.finished_at!.getTime() - done.started_at.getTime();
  const overlap = Math.max(0, Math.min(busyTo, done.finished_at!.getTime()) - Math.max(busyFrom, done.started_at.getTime())) / (busyTo - busyFrom);
  // The later phases run with the default schedule again.
  await ctx.replaceWorker("worker", {});
  return {
    tasks: seeded.tasks,
    attempts: seeded.attempts,
    seedMs: seeded.ms,
    idle,
    busy,
    overlap,
    run: { id: done.id, status: done.status, tasksDeleted: done.tasks_deleted, attemptsDeleted: done.attempts_deleted, ms: runMs, error: done.error },
  };
}

export function printRetention(r: RetentionResult): void {
  const at = (x: PacedResult, p: number) => {
    const v = percentile(x.latencies, p);
    return Number.isFinite(v) ? v.toFixed(1) : "—";
  };
  const p99 = (x: PacedResult) => at(x, 99);
  const p50 = (x: PacedResult) => at(x, 50);
  console.log(
    `retention: ${r.tasks.toLocaleString("en-US")} aged tasks (${r.attempts.toLocaleString("en-US")} attempts) seeded in ${(r.seedMs / 1000).toFixed(1)} s; ` +
      `run ${r.run.status}: ${r.run.tasksDeleted.toLocaleString("en-US")} tasks + ${r.run.attemptsDeleted.toLocaleString("en-US")} attempts in ${(r.run.ms / 1000).toFixed(1)} s ` +
      `(${Math.round((r.run.tasksDeleted / r.run.ms) * 1000).toLocaleString("en-US")} tasks/s)${r.run.error ? `, error: ${r.run.error}` : ""}`,
  );
  console.log(
    `retention: first attempt p50/p99 idle ${p50(r.idle)} / ${p99(r.idle)} ms, while deleting ${p50(r.busy)} / ${p99(r.busy)} ms ` +
      `(the run overlapped ${Math.round(r.overlap * 100)}% of the measured phase${r.busy.missing || r.idle.missing ? `; never arrived: idle ${r.idle.missing}, busy ${r.busy.missing}` : ""})`,
  );
}
