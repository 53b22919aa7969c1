import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gt, inArray, sql } from "drizzle-orm";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempts } from "@/lib/db/schema/attempts";
import { retentionRuns, type RetentionRun } from "@/lib/db/schema/retention-runs";
import { tasks } from "@/lib/db/schema/tasks";
import { newClient, type TestClient } from "./support/api";
import { statusCounts, testDb } from "./support/db";
import { startWeb, startWorker, waitFor, type Proc } from "./support/processes";

// Two webs and three workers against one MariaDB and one Redis, as an operator scaling out would run them.
// Fixed ports from this file's own range (5200-5299): two webs, three worker metrics servers.
const WEB_PORTS = [5210, 5211];
const METRICS_PORTS = [5220, 5221, 5222];
const SWEEP_MS = 1_000;
const TASKS = 480;
// Every fifth task fails its first attempt, so second attempts are delivered by whichever worker takes them.
const failsFirst = (i: number) => i % 5 === 0;

const webs: Proc[] = [];
const workers: Proc[] = [];
let client: TestClient;
let target: Awaited<ReturnType<typeof startTarget>>;

/**
 * The target system: a plain HTTP server that holds each call a little and records, per task and attempt number
 * (Bida's x-bida-task-id and x-bida-attempt headers), how many calls were open at once and how many arrived.
 */
async function startTarget() {
  const open = new Map<string, number>();
  const arrived = new Map<string, number>();
  let mostAtOnce = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    const id = String(req.headers["x-bida-task-id"]);
    const n = Number(req.headers["x-bida-attempt"]);
    const key = `${id}#${n}`;
    const now = (open.get(key) ?? 0) + 1;
    open.set(key, now);
    mostAtOnce = Math.max(mostAtOnce, now);
    arrived.set(key, (arrived.get(key) ?? 0) + 1);
    const fail = n === 1 && new URL(req.url ?? "/", "http://x").searchParams.get("fail") === "1";
    // 5-30 ms: long enough that a second copy of the attempt running elsewhere would overlap this one.
    setTimeout(() => {
      open.set(key, open.get(key)! - 1);
      res.writeHead(fail ? 500 : 200).end(fail ? "not yet" : "ok");
    }, 5 + Math.floor(Math.random() * 25));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (fail: boolean) => `http://127.0.0.1:${port}/burst${fail ? "?fail=1" : ""}`,
    arrived,
    mostAtOnce: () => mostAtOnce,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A worker's counter, summed over its labels, from its Prometheus text. */
async function scrape(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const samples = text.split("\n").filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return samples.reduce((sum, l) => sum + Number(l.split(" ").pop()), 0);
}

const DAY = 86_400_000;
/** Final tasks aged past RETENTION_DAYS, with an attempt each, for the retention runs to delete. */
async function seedAged(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  const at = new Date(Date.now() - 40 * DAY);
  const e = (v: mysql.SqlValue) => mysql.escape(v, false, "Z");
  await testDb.pool.query(
    `INSERT INTO tasks (id, client_id, status, url, max_attempts, timeout_ms, attempts, created_at, updated_at, finished_at) VALUES ${ids
      .map((id) => `(${[id, client.id, "succeeded", "http://127.0.0.1:9/aged", 5, 10_000, 1, at, at, at].map((v) => e(v)).join(",")})`)
      .join(",")}`,
  );
  await testDb.pool.query(`INSERT INTO attempts (task_id, n, started_at, duration_ms, status_code, ok) VALUES ${ids.map((id) => `(${[id, 1, at, 5, 200, 1].map((v) => e(v)).join(",")})`).join(",")}`);
  return ids;
}

let runsBefore = 0;
let aged: string[] = [];

beforeAll(async () => {
  client = await newClient("multi-process");
  target = await startTarget();
  const [last] = await testDb.db.select({ id: retentionRuns.id }).from(retentionRuns).orderBy(sql`${retentionRuns.id} DESC`).limit(1);
  runsBefore = last?.id ?? 0;
  aged = await seedAged(400);
  webs.push(...(await Promise.all(WEB_PORTS.map((port) => startWeb(port)))));
  const workerEnv = (i: number) => ({
    WORKER_METRICS_PORT: String(METRICS_PORTS[i]),
    WORKER_CONCURRENCY: "40",
    SWEEP_INTERVAL_MS: String(SWEEP_MS),
    // Every active task is the sweeper's to look at at once: its repairs meet jobs that are waiting or running.
    SWEEP_GRACE_MS: "0",
    // Runs of a few seconds (small batches, pauses), checked for every second by every worker.
    RETENTION_INTERVAL_MS: "1000",
    RETENTION_BATCH: "10",
    RETENTION_PAUSE_MS: "40",
  });
  // One after another, as separate machines would start: timers started together would stay in step, and their
  // sweeps would collide on the lock whatever the sweeper did with it afterwards.
  for (const i of [0, 1, 2]) {
    workers.push(await startWorker(workerEnv(i)));
    await new Promise((r) => setTimeout(r, 100 + i * 170));
  }
}, 180_000);

afterAll(async () => {
  await Promise.all([...workers, ...webs].map((p) => p.stop("SIGKILL")));
  await target?.close();
});

describe("two webs and three workers on one MariaDB and one Redis", () => {
  it("deliver a burst spread over both webs completely, each attempt once and never twice at once; one sweep per interval; one retention run at a time", async () => {
    // The burst: batches and single submits, alternating between the two webs, all at once.
    const body = (i: number) => ({ url: target.url(failsFirst(i)), maxAttempts: 3, retry: { strategy: "fixed", delayMs: 200 }, timeoutMs: 5_000 });
    const call = (web: number, path: string, json: unknown) =>
      fetch(`http://127.0.0.1:${WEB_PORTS[web]}${path}`, { method: "POST", headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json" }, body: JSON.stringify(json) });
    const submits: Array<Promise<string[]>> = [];
    for (let i = 0; i < TASKS / 2; i += 20) {
      const batch = Array.from({ length: 20 }, (_, j) => body(i + j));
      submits.push(call((i / 20) % 2, "/api/v1/tasks/batch", { tasks: batch }).then(async (r) => {
        expect(r.status).toBe(200);
        return ((await r.json()) as { results: Array<{ id: string }> }).results.map((x) => x.id);
      }));
    }
    for (let i = TASKS / 2; i < TASKS; i++) {
      submits.push(call(i % 2, "/api/v1/tasks", body(i)).then(async (r) => {
        expect(r.status).toBe(201);
        return [((await r.json()) as { id: string }).id];
      }));
    }
    const ids = (await Promise.all(submits)).flat();
    expect(new Set(ids).size).toBe(TASKS);

    let counts: Record<string, number> = {};
    await waitFor(async () => {
      counts = await statusCounts(ids);
      return counts.succeeded === TASKS;
    }, 120_000, () => `${JSON.stringify(counts)}\n${workers.map((w) => w.output().slice(-1000)).join("\n")}`);

    // What the target saw: every task's attempt 1, a second attempt for those that failed first, nothing else;
    // each exactly once, and no attempt ever open twice at once.
    const rows = await testDb.db.select({ id: tasks.id, url: tasks.url }).from(tasks).where(inArray(tasks.id, ids));
    const expected = new Map<string, number>();
    for (const r of rows) {
      expected.set(`${r.id}#1`, 1);
      if (r.url.endsWith("?fail=1")) expected.set(`${r.id}#2`, 1);
    }
    expect(expected.size).toBe(TASKS + TASKS / 5);
    expect(target.mostAtOnce(), "copies of one attempt open at once").toBe(1);
    expect(Object.fromEntries(target.arrived)).toEqual(Object.fromEntries(expected));
    // MySQL holds the same: one row per attempt.
    const [recorded] = await testDb.db.select({ n: sql<number>`count(*)` }).from(attempts).where(inArray(attempts.taskId, ids));
    expect(Number(recorded!.n)).toBe(expected.size);

    // All three workers took part (each recorded attempts of its own).
    const perWorker = await Promise.all(METRICS_PORTS.map((p) => scrape(p, "bida_attempts_total")));
    for (const n of perWorker) expect(n).toBeGreaterThan(0);

    // The sweeper, now that the burst is over and a sweep takes milliseconds: watch until at least 6 sweeps have
    // run in all. The lock kept for an interval after each sweep's start means no two start within one interval,
    // whichever workers run them. (Released at the end of each sweep, as before, three workers swept about three
    // times per interval; while sweeps took most of an interval, as during the burst, they collided and hid it.)
    const sweepWindowStart = Date.now();
    const before = await Promise.all(METRICS_PORTS.map((p) => scrape(p, "bida_sweeps_total")));
    let swept = 0;
    let after: number[] = [];
    await waitFor(async () => {
      after = await Promise.all(METRICS_PORTS.map((p) => scrape(p, "bida_sweeps_total")));
      swept = after.reduce((s, n, i) => s + n - before[i]!, 0);
      return swept >= 6;
    }, 60_000, () => `sweeps: ${swept}`);
    const windowMs = Date.now() - sweepWindowStart;
    // One interval's slack for Redis's expiry and the scrapes' own timing.
    expect(swept, `${swept} sweeps in ${windowMs} ms (${after.join(", ")} in all per worker)`).toBeLessThanOrEqual(Math.floor(windowMs / (SWEEP_MS * 0.9)) + 1);

    // Retention: the aged tasks are gone, deleted by runs that never overlapped and none of which was cut short.
    await waitFor(async () => {
      const [left] = await testDb.db.select({ n: sql<number>`count(*)` }).from(tasks).where(inArray(tasks.id, aged));
      return Number(left!.n) === 0;
    }, 120_000, () => workers.map((w) => w.output().slice(-1000)).join("\n"));
    let runs: RetentionRun[] = [];
    await waitFor(async () => {
      runs = await testDb.db.select().from(retentionRuns).where(gt(retentionRuns.id, runsBefore)).orderBy(retentionRuns.id);
      return runs.length >= 2 && runs.every((r) => r.status !== "running");
    }, 30_000, () => JSON.stringify(runs));
    expect(runs.filter((r) => r.status !== "completed")).toEqual([]);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.finishedAt!.getTime());
    expect(runs.reduce((n, r) => n + r.tasksDeleted, 0)).toBe(aged.length);
  }, 300_000);
});
