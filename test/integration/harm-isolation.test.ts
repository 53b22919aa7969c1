import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tasks } from "@/lib/db/schema/tasks";
import { closeAppContext, createAppContext } from "@/lib/context";
import { createDb } from "@/lib/db/client";
import type { AttemptOutcome } from "@/lib/delivery/make-attempt";
import { createWorkerMetrics } from "@/lib/metrics/worker-metrics";
import { insertTasks } from "@/lib/tasks/insert-tasks";
import { nextState } from "@/lib/tasks/next-state";
import { recordAttempts, type AttemptRecord } from "@/lib/tasks/record-attempts";
import { buildTaskRow } from "@/lib/tasks/submit-tasks";
import { taskInputSchema } from "@/lib/tasks/task-input";
import { createAttemptRecorder } from "@/worker/attempt-recorder";
import { safeError } from "@/lib/safe-error";
import { newClient, type TestClient } from "./support/api";
import { attemptRows, statusCounts, testDb } from "./support/db";
import { startWeb, startWorker, waitFor, type Proc } from "./support/processes";
import { startReceiver, type Receiver } from "./support/receiver";

// One client must not be able to fail another's requests, or have another's tasks called again, through what it
// sends or what its target answers. These tests start their own web and worker with a longer group-commit wait,
// so concurrent requests surely share a commit.

// This helper's own port (see the lead's notes): the suite's web is on 3200-3699.
const webPort = Number(process.env.HARM_WEB_PORT ?? 3488);
const base = `http://127.0.0.1:${webPort}`;
let web: Proc;
let receiver: Receiver;
let victim: TestClient;
let attacker: TestClient;

// A row MariaDB itself refuses although it passed validation: the class of fault the shared insert must survive.
// (Validation refuses every such value we know of; a trigger stands for the one nobody thought of.)
const refusedPath = "/refused-by-trigger";

async function post(client: TestClient, path: string, json: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(json),
  });
  const text = await res.text();
  let body: { id?: string; error?: { code: string } } | null = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body };
}

beforeAll(async () => {
  await testDb.pool.query("DROP TRIGGER IF EXISTS harm_refuse_row");
  await testDb.pool.query(
    `CREATE TRIGGER harm_refuse_row BEFORE INSERT ON tasks FOR EACH ROW BEGIN IF NEW.url LIKE '%${refusedPath}%' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test trigger'; END IF; END`,
  );
  receiver = await startReceiver();
  web = await startWeb(webPort, { COMMIT_MAX_WAIT_MS: "200", LOG_LEVEL: "info" });
  victim = await newClient("harm-victim");
  attacker = await newClient("harm-attacker");
});

afterAll(async () => {
  await testDb.pool.query("DROP TRIGGER IF EXISTS harm_refuse_row");
  await web?.stop();
  await receiver?.close();
});

describe("a row the database refuses fails only its own request", () => {
  it("the other clients' single submits in the same commit all get 201 and are stored", async () => {
    const secret = `Bearer victim-secret-${Date.now()}`;
    const good = Array.from({ length: 40 }, (_, i) =>
      post(victim, "/api/v1/tasks", { url: receiver.url(`/victim/${i}`), headers: { Authorization: secret }, params: { i }, runAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    // Sent amid the others: all 41 arrive within the commit's 200 ms wait and share one INSERT.
    const bad = post(attacker, "/api/v1/tasks", { url: receiver.url(refusedPath), params: { x: 1 } });
    const results = await Promise.all([...good.slice(0, 20), bad, ...good.slice(20)]);
    const badResult = results.splice(20, 1)[0]!;
    expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
    const ids = results.map((r) => r.body!.id!);
    expect(await statusCounts(ids)).toEqual({ queued: 40 });
    // The refused one gets the generic 500 in the one error shape, nothing of the database's text.
    expect(badResult.status).toBe(500);
    expect(badResult.body).toEqual({ error: { code: "internal", message: "Internal error.", details: [] } });

    // Its log line names the error by code and message, and carries no SQL and no other client's values.
    await waitFor(() => web.output().includes("request failed"), 10_000, () => web.output());
    const lines = web.output().split("\n").filter((l) => l.includes('"request failed"'));
    expect(lines.length).toBeGreaterThan(0);
    const logged = lines.join("\n");
    expect(logged).toContain('"errno":1644');
    expect(logged).toContain('"sqlState":"45000"');
    expect(logged).toContain("refused by the test trigger");
    for (const leak of [secret, "victim-secret", "INSERT INTO", "insert into", refusedPath, '"sql"']) expect(logged).not.toContain(leak);
  });

  it("a batch keeps its good items and answers the refused one alone", async () => {
    const res = await post(attacker, "/api/v1/tasks/batch", {
      tasks: [{ url: receiver.url("/batch-ok/1"), runAt: new Date(Date.now() + 3_600_000).toISOString() }, { url: receiver.url(refusedPath) }, { url: receiver.url("/batch-ok/2"), runAt: new Date(Date.now() + 3_600_000).toISOString() }],
    });
    expect(res.status).toBe(200);
    const results = (res.body as unknown as { results: Array<{ id?: string; error?: { code: string } }> }).results;
    expect(results[1]!.error!.code).toBe("validation_failed");
    expect(await statusCounts([results[0]!.id!, results[2]!.id!])).toEqual({ queued: 2 });
  });
});

describe("errors are logged as codes and messages", () => {
  it("a drizzle query error keeps its code and loses its SQL and bound parameters", async () => {
    const secret = `Bearer drizzle-secret-${Date.now()}`;
    let caught: unknown;
    try {
      await testDb.db.select().from(tasks).where(eq(sql.raw("no_such_column"), secret));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeDefined();
    // What the raw error would have put in the log: the query and the params.
    expect(String(caught)).toContain(secret);
    const logged = JSON.stringify(safeError(caught));
    expect(logged).toContain("ER_BAD_FIELD_ERROR");
    expect(logged).toContain("no_such_column");
    for (const leak of [secret, "drizzle-secret", "select", "SELECT", "params"]) expect(logged).not.toContain(leak);
  });

  it("a duplicate key's value is not logged, its key name is", async () => {
    const key = `idem-secret-${Date.now()}`;
    await testDb.pool.query("INSERT INTO ordering_keys (client_id, ordering_key, last_seq) VALUES (?, ?, 1)", [victim.id, key]);
    let caught: unknown;
    try {
      await testDb.pool.query("INSERT INTO ordering_keys (client_id, ordering_key, last_seq) VALUES (?, ?, 1)", [victim.id, key]);
    } catch (err) {
      caught = err;
    }
    const logged = JSON.stringify(safeError(caught));
    expect(logged).toContain("ER_DUP_ENTRY");
    expect(logged).toContain("PRIMARY");
    expect(logged).not.toContain(key);
    expect(logged).not.toContain("INSERT");
  });
});

describe("large multi-byte answers cannot make a group commit fail", () => {
  let worker: Proc;
  beforeAll(async () => {
    // Results wait up to 2 s for a commit, so the answers below share big commits. (The next describe fills one
    // commit for certain; this one is the whole path, from the target's bytes to the stored excerpt.)
    worker = await startWorker({ COMMIT_MAX_WAIT_MS: "2000", WORKER_CONCURRENCY: "300" });
  });
  afterAll(async () => {
    await worker?.stop();
  });

  it("300 tasks answered with 64 KiB of GBK, UTF-8, invalid UTF-8 and backslashes are each called once and all succeed", async () => {
    // 中文 in GBK: 4 bytes read, 6 bytes of UTF-8 stored.
    const gbk = Buffer.alloc(65_536, Buffer.from([0xd6, 0xd0, 0xce, 0xc4]));
    // 文 in UTF-8 (3 bytes), and bytes that are not UTF-8 at all (each read as U+FFFD, 3 bytes stored).
    const utf8 = Buffer.alloc(65_535, Buffer.from("文", "utf8"));
    const invalid = Buffer.alloc(65_536, 0xff);
    // And backslashes, which SQL escaping doubles.
    const escapes = Buffer.alloc(65_536, "\\'");
    const answers: Record<string, [Buffer, string]> = {
      gbk: [gbk, "text/plain; charset=GBK"],
      utf8: [utf8, "text/plain; charset=utf-8"],
      invalid: [invalid, "text/plain; charset=utf-8"],
      escapes: [escapes, "application/json"],
    };
    const kinds = Object.keys(answers);
    for (let i = 0; i < 300; i++) {
      const [body, type] = answers[kinds[i % kinds.length]!]!;
      receiver.on(`/big/${i}`, (_req, res) => res.writeHead(200, { "content-type": type }).end(body));
    }
    const res = await post(victim, "/api/v1/tasks/batch", { tasks: Array.from({ length: 300 }, (_, i) => ({ url: receiver.url(`/big/${i}`), maxAttempts: 5, retry: { strategy: "fixed", delayMs: 500, maxDelayMs: 500 } })) });
    expect(res.status).toBe(200);
    const ids = (res.body as unknown as { results: Array<{ id: string }> }).results.map((r) => r.id);
    await waitFor(async () => (await statusCounts(ids)).succeeded === 300, 90_000, () => JSON.stringify(receiver.requests().length) + worker.output().slice(-3000));
    for (let i = 0; i < 300; i++) expect(receiver.requests(`/big/${i}`).length, `/big/${i}`).toBe(1);
    const [gbkAttempt] = await attemptRows(ids[0]!);
    expect(gbkAttempt!.responseExcerpt!.startsWith("中文中文")).toBe(true);
    const [rows] = await testDb.pool.query(`SELECT MAX(LENGTH(response_excerpt)) AS most FROM attempts WHERE task_id IN (${ids.map(() => "?").join(",")})`, ids);
    expect(Number((rows as Array<{ most: number }>)[0]!.most)).toBeLessThanOrEqual(65_536);
    expect(Number((rows as Array<{ most: number }>)[0]!.most)).toBeGreaterThan(60_000);
  }, 120_000);
});

describe("the attempt group commit is capped by bytes", () => {
  it("250 results of 64 KiB committed at once: one statement would pass max_allowed_packet; the recorder commits them all", async () => {
    const recordPool = createDb({ poolSize: 8, multipleStatements: true });
    const ctx = createAppContext();
    try {
      const input = taskInputSchema.parse({ url: "http://127.0.0.1:9/never-called", maxAttempts: 3 });
      const newRecords = async () => {
        const rows = Array.from({ length: 250 }, () => buildTaskRow({ id: victim.id, allowedHosts: null }, input));
        await insertTasks(testDb.pool, rows);
        const at = new Date();
        // 64 KiB of answer each, half of it characters that SQL escaping doubles.
        const excerpt = "中".repeat(10_000) + "\\'".repeat(17_000);
        const outcome: AttemptOutcome = { startedAt: at, durationMs: 5, statusCode: 200, responseExcerpt: excerpt, error: null, ok: true, retryAfterMs: null, failure: null };
        return rows.map((task): AttemptRecord => ({ task, n: 1, outcome, next: nextState(task, 1, outcome, at) }));
      };
      // The danger is real: the whole batch as one transaction is refused, and nothing of it is recorded.
      const [packet] = await testDb.pool.query("SELECT @@max_allowed_packet AS max");
      expect(250 * 64 * 1024 * 1.5).toBeGreaterThan(Number((packet as Array<{ max: number }>)[0]!.max));
      const first = await newRecords();
      await expect(recordAttempts(recordPool.pool, first)).rejects.toThrow();
      expect(await statusCounts(first.map((r) => r.task.id))).toEqual({ queued: 250 });

      // Through the recorder, all at once: commits end by bytes, and every result lands exactly once.
      const second = await newRecords();
      const record = createAttemptRecorder(ctx, recordPool.pool, createWorkerMetrics());
      const applied = await Promise.all(second.map((r) => record(r)));
      expect(applied).toEqual(second.map(() => true));
      expect(await statusCounts(second.map((r) => r.task.id))).toEqual({ succeeded: 250 });
    } finally {
      await closeAppContext(ctx);
      await recordPool.pool.end();
    }
  }, 60_000);
});
