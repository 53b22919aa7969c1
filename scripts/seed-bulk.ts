// npm run seed:bulk -- 1000000 : fills the database at DATABASE_URL with N realistic tasks (and their attempts)
// spread over the last 7 days, for measuring the console at scale. Fast multi-row inserts; no queue jobs.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import mysql from "mysql2/promise";
import { createDb } from "../lib/db/client";
import { apiClients } from "../lib/db/schema/api-clients";
import { env } from "../lib/env";
import { createApiClient } from "../lib/clients/create-client";

const total = Number(process.argv[2] ?? 100_000);
const rowsPerInsert = 2_000;
const parallel = 4;
const days = 7;

const hosts = Array.from({ length: 20 }, (_, i) => `svc-${i}.internal.example`);
const sourceApps = ["orders", "payments", "billing", "shipping", "crm", "inventory", "auth", "reports"];
const targetApps = ["erp", "wms", "ledger", "mailer", "sms", "partner-a", "partner-b", "analytics", "tickets", "search"];
const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;

/** A UUIDv7 for a given time (the ids of real tasks carry their creation time the same way). */
function uuidV7At(ms: number): string {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

type Status = "succeeded" | "failed" | "retrying" | "queued" | "cancelled" | "resolved";
function pickStatus(): Status {
  const r = Math.random();
  return r < 0.85 ? "succeeded" : r < 0.91 ? "failed" : r < 0.94 ? "retrying" : r < 0.96 ? "queued" : r < 0.98 ? "cancelled" : "resolved";
}

// Tasks are created in time order, as real ones are: ids (UUIDv7) then append to the primary key instead of
// splitting pages all over it, which keeps a large seed fast.
function makeTask(clientId: number, now: number, index: number) {
  const span = days * 86_400_000;
  const created = now - span + Math.floor(((index + Math.random()) / total) * span);
  const status = pickStatus();
  const maxAttempts = 5;
  const host = Math.random() < 0.3 ? hosts[0]! : pick(hosts); // one host does most of the work, as in life
  const attemptsMade =
    status === "succeeded" ? (Math.random() < 0.8 ? 1 : 2 + Math.floor(Math.random() * 2)) :
    status === "failed" ? maxAttempts :
    status === "retrying" ? 1 + Math.floor(Math.random() * 3) :
    status === "queued" ? 0 :
    Math.floor(Math.random() * 3);
  const attempts: unknown[][] = [];
  let t = created + 20;
  let lastCode: number | null = null;
  for (let n = 1; n <= attemptsMade; n++) {
    const ok = status === "succeeded" && n === attemptsMade;
    const code = ok ? 200 : pick([500, 502, 503, 404, null]);
    const duration = 5 + Math.floor(Math.random() * (ok ? 80 : 900));
    attempts.push([null, n, new Date(Math.min(t, now)), duration, code, ok ? '{"code":0}' : code ? "upstream error" : null, code ? null : "connect ECONNREFUSED", ok ? 1 : 0]);
    lastCode = code;
    t += 10_000 * 2 ** (n - 1);
  }
  const finalStatus = status;
  const finished = ["succeeded", "failed", "cancelled", "resolved"].includes(finalStatus) ? new Date(Math.min(t, now)) : null;
  const next = finalStatus === "retrying" ? new Date(now + Math.floor(Math.random() * 3_600_000)) : finalStatus === "queued" ? new Date(now + 60_000) : null;
  const id = uuidV7At(created);
  for (const a of attempts) a[0] = id;
  const updated = new Date(Math.min(Math.max(t, created), now));
  const task = [
    id, clientId, "native", finalStatus, `https://${host}/callbacks/${pick(sourceApps)}/${Math.floor(Math.random() * 1e6)}`, "POST",
    JSON.stringify({ orderId: Math.floor(Math.random() * 1e6) }), "json", null, null, maxAttempts, null, 10_000,
    pick(sourceApps), pick(targetApps), null, attemptsMade, next, lastCode,
    finalStatus === "failed" ? "HTTP 503 from target" : null, finalStatus === "resolved" ? "handled by hand (seed)" : null,
    new Date(created), updated, finished,
  ];
  return { task, attempts };
}

async function main() {
  const { db, pool } = createDb({ poolSize: parallel + 1 });
  const [client] = await db.select().from(apiClients).where(eq(apiClients.name, "bulk-seed")).limit(1);
  const clientId = client?.id ?? (await createApiClient(db, { name: "bulk-seed" })).id;
  const now = Date.now();
  const started = Date.now();
  let done = 0;

  const insertBatch = async (first: number, n: number) => {
    const tasks: unknown[][] = [];
    const attempts: unknown[][] = [];
    for (let i = 0; i < n; i++) {
      const t = makeTask(clientId, now, first + i);
      tasks.push(t.task);
      attempts.push(...t.attempts);
    }
    const conn = await pool.getConnection();
    try {
      await conn.query("START TRANSACTION");
      await conn.query(
        mysql.format(
          "INSERT INTO tasks (id, client_id, protocol, status, url, method, params, body_type, headers, `expect`, max_attempts, retry, timeout_ms, source_app, target_app, idempotency_key, attempts, next_attempt_at, last_status_code, last_error, note, created_at, updated_at, finished_at) VALUES ?",
          [tasks] as unknown as mysql.SqlValue[],
          false,
          "Z",
        ),
      );
      if (attempts.length) {
        await conn.query(
          mysql.format("INSERT INTO attempts (task_id, n, started_at, duration_ms, status_code, response_excerpt, error, ok) VALUES ?", [attempts] as unknown as mysql.SqlValue[], false, "Z"),
        );
      }
      await conn.query("COMMIT");
    } finally {
      conn.release();
    }
    done += n;
    if (done % 50_000 < n || done === total) {
      const s = (Date.now() - started) / 1000;
      process.stdout.write(`  ${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} tasks (${Math.round(done / s).toLocaleString("en-US")}/s)\n`);
    }
  };

  console.log(`Seeding ${total.toLocaleString("en-US")} tasks into ${new URL(env.db.url).pathname.slice(1)} (client "bulk-seed")…`);
  let next = 0;
  const workers = Array.from({ length: parallel }, async () => {
    while (next < total) {
      const first = next;
      const n = Math.min(rowsPerInsert, total - first);
      next += n;
      await insertBatch(first, n);
    }
  });
  await Promise.all(workers);
  // Fresh statistics, so the optimizer's estimates (and the console's approximate counts) reflect the new rows.
  await pool.query("ANALYZE TABLE tasks, attempts");
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  await pool.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
