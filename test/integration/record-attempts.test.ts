import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { tasks } from "@/lib/db/schema/tasks";
import type { AttemptOutcome } from "@/lib/delivery/make-attempt";
import { insertTasks } from "@/lib/tasks/insert-tasks";
import { nextState } from "@/lib/tasks/next-state";
import { recordAttempts, type AttemptRecord } from "@/lib/tasks/record-attempts";
import { buildTaskRow } from "@/lib/tasks/submit-tasks";
import { taskInputSchema } from "@/lib/tasks/task-input";
import { newClient } from "./support/api";
import { attemptRows, taskRow, testDb } from "./support/db";

// The worker's group commit, against MariaDB itself: rows are inserted directly and never queued, so no worker
// of another file can touch them.
const recorder = createDb({ poolSize: 2, multipleStatements: true });
let clientId: number;

beforeAll(async () => {
  clientId = (await newClient("record")).id;
});
afterAll(async () => {
  await recorder.pool.end();
});

async function newTasks(count: number, maxAttempts = 3) {
  const input = taskInputSchema.parse({ url: "http://127.0.0.1:9/record", maxAttempts });
  const rows = Array.from({ length: count }, () => buildTaskRow({ id: clientId, allowedHosts: null }, input));
  await insertTasks(testDb.pool, rows);
  return rows;
}

const ok = (at: Date): AttemptOutcome => ({ startedAt: at, durationMs: 12, statusCode: 200, responseExcerpt: "fine", error: null, ok: true, retryAfterMs: null, failure: null });
const failed = (at: Date): AttemptOutcome => ({ startedAt: at, durationMs: 7, statusCode: 503, responseExcerpt: "busy", error: "HTTP 503", ok: false, retryAfterMs: null, failure: null });

function record(task: AttemptRecord["task"], n: number, outcome: AttemptOutcome, now: Date): AttemptRecord {
  return { task, n, outcome, next: nextState(task, n, outcome, now) };
}

describe("recordAttempts", () => {
  it("a small batch goes the one-round-trip way, with the same guards", async () => {
    const now = new Date();
    const [a, b] = await newTasks(2);
    await testDb.db.update(tasks).set({ status: "cancelled" }).where(eq(tasks.id, b!.id));
    expect(await recordAttempts(recorder.pool, [record(a!, 1, ok(now), now), record(b!, 1, ok(now), now)])).toEqual([true, false]);
    expect(await taskRow(a!.id)).toMatchObject({ status: "succeeded", attempts: 1, lastStatusCode: 200 });
    expect(await taskRow(b!.id)).toMatchObject({ status: "cancelled", attempts: 0 });
  });

  it("a joined batch writes every attempt and every task's new state, nulls and datetimes intact", async () => {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000 + 123);
    const [a, b, c] = await newTasks(3, 2);
    // The first record, which types the joined states, carries the NULLs: a success has no next attempt or error.
    const records = [record(a!, 1, ok(now), now), record(b!, 1, failed(now), now), record(c!, 1, failed(now), now)];
    expect(await recordAttempts(recorder.pool, records, { joinFrom: 1 })).toEqual([true, true, true]);

    const ra = await taskRow(a!.id);
    expect(ra).toMatchObject({ status: "succeeded", attempts: 1, nextAttemptAt: null, lastStatusCode: 200, lastError: null });
    expect(ra.finishedAt?.getTime()).toBe(now.getTime());
    const rb = await taskRow(b!.id);
    expect(rb).toMatchObject({ status: "retrying", attempts: 1, finishedAt: null, lastStatusCode: 503, lastError: "HTTP 503" });
    expect(rb.nextAttemptAt?.getTime()).toBe(records[1]!.next.nextAttemptAt!.getTime());
    expect(await attemptRows(c!.id)).toMatchObject([{ n: 1, statusCode: 503, error: "HTTP 503", ok: false, responseExcerpt: "busy" }]);

    // The retry's second attempt spends the budget of 2.
    const later = new Date(now.getTime() + 5_000);
    expect(await recordAttempts(recorder.pool, [record({ ...b!, attempts: 1 }, 2, failed(later), later)])).toEqual([true]);
    expect(await taskRow(b!.id)).toMatchObject({ status: "failed", attempts: 2, nextAttemptAt: null });
  });

  it("a joined batch tells exactly which updates took effect when some guards fail, and leaves those tasks as they were", async () => {
    const now = new Date();
    const [fresh, cancelled, stale, doubled] = await newTasks(4);
    await testDb.db.update(tasks).set({ status: "cancelled" }).where(eq(tasks.id, cancelled!.id));
    const records = [
      record(fresh!, 1, ok(now), now),
      record(cancelled!, 1, ok(now), now),
      // Attempt 2 of a task that has made no attempt yet: a leftover job.
      record(stale!, 2, ok(now), now),
      // The same attempt twice in one batch (a duplicate job): it lands once.
      record(doubled!, 1, failed(now), now),
      record(doubled!, 1, failed(now), now),
    ];
    expect(await recordAttempts(recorder.pool, records, { joinFrom: 1 })).toEqual([true, false, false, true, false]);
    expect(await taskRow(fresh!.id)).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(await taskRow(cancelled!.id)).toMatchObject({ status: "cancelled", attempts: 0 });
    expect(await taskRow(stale!.id)).toMatchObject({ status: "queued", attempts: 0 });
    expect(await taskRow(doubled!.id)).toMatchObject({ status: "retrying", attempts: 1 });
    expect(await attemptRows(doubled!.id)).toHaveLength(1);
  });

  it("an attempt loaded before a retry records nothing, in either path, and leaves the attempt number to the retry", async () => {
    const now = new Date();
    const [single, joined] = await newTasks(2);
    // What a retry after a cancel does to the row: a new generation, attempts unchanged.
    await testDb.db.update(tasks).set({ generation: 1 }).where(eq(tasks.id, single!.id));
    await testDb.db.update(tasks).set({ generation: 1 }).where(eq(tasks.id, joined!.id));
    expect(await recordAttempts(recorder.pool, [record(single!, 1, ok(now), now)])).toEqual([false]);
    expect(await recordAttempts(recorder.pool, [record(joined!, 1, ok(now), now)], { joinFrom: 1 })).toEqual([false]);
    for (const t of [single!, joined!]) {
      expect(await taskRow(t.id)).toMatchObject({ status: "queued", attempts: 0, generation: 1 });
      expect(await attemptRows(t.id)).toHaveLength(0);
    }
    // The retry's own attempt 1 then records, and is the only row.
    const retried = { ...single!, generation: 1 };
    expect(await recordAttempts(recorder.pool, [record(retried, 1, failed(now), now)])).toEqual([true]);
    expect(await attemptRows(single!.id)).toMatchObject([{ n: 1, statusCode: 503 }]);
  });

  it("counts attempts past SMALLINT's 32,767 in both paths", async () => {
    const now = new Date();
    const [a, b, c] = await newTasks(3);
    const far = { attempts: 40_000, maxAttempts: 40_010 };
    for (const t of [a!, b!, c!]) await testDb.db.update(tasks).set(far).where(eq(tasks.id, t.id));
    const at = (t: typeof a) => ({ ...t!, ...far });
    expect(await recordAttempts(recorder.pool, [record(at(a), 40_001, failed(now), now)])).toEqual([true]);
    expect(await recordAttempts(recorder.pool, [record(at(b), 40_001, failed(now), now), record(at(c), 40_001, ok(now), now)], { joinFrom: 1 })).toEqual([true, true]);
    expect(await taskRow(a!.id)).toMatchObject({ status: "retrying", attempts: 40_001 });
    expect(await taskRow(c!.id)).toMatchObject({ status: "succeeded", attempts: 40_001 });
    expect(await attemptRows(b!.id)).toMatchObject([{ n: 40_001 }]);
  });
});
