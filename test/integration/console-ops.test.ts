import { and, eq, inArray } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/lib/db/schema/audit-log";
import { tasks } from "@/lib/db/schema/tasks";
import { env } from "@/lib/env";
import { resetUserPassword } from "@/lib/users/update-user";
import { newClient, type Json, type TestClient } from "./support/api";
import { attemptRows, taskRow, testDb } from "./support/db";
import { startWorker, waitFor, type Proc } from "./support/processes";
import { startReceiver, type Receiver } from "./support/receiver";
import { newUser, signIn, withCookie } from "./support/session";
import { waitForFinal } from "./support/wait";

// What an operator on call needs from the console's data (issue #14): finding a task from what they were handed,
// the URL and headers of each attempt, the attempt log, replay, a lockout an admin can lift, counters whose links
// list what they count, and bulk work that can be followed. Against the suite's web server and a worker.

let receiver: Receiver;
let client: TestClient;
let worker: Proc;
let operator: string;
let admin: { id: number; username: string; cookie: string };
const redis = new Redis(env.redis.url);

const clearLockout = async () => {
  const keys = await redis.keys(`${env.redis.prefix}:login:*`);
  if (keys.length > 0) await redis.del(...keys);
};
const json = async (res: Response): Promise<Json> => res.json();
const post = (cookie: string, path: string, body?: unknown) =>
  withCookie(cookie, path, { method: "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
const shortId = (id: string) => `${id.slice(0, 8)}…${id.slice(-4)}`;
/** The ids the tasks page lists (its rows link to /tasks/<id>). */
async function listedIds(cookie: string, query: string): Promise<string[]> {
  const html = await (await withCookie(cookie, `/tasks?${query}`)).text();
  return [...new Set([...html.matchAll(/href="\/tasks\/([0-9a-f-]{36})"/g)].map((m) => m[1]!))];
}
async function submit(body: Record<string, unknown>): Promise<string> {
  const res = await client.call("/api/v1/tasks", { method: "POST", json: { maxAttempts: 1, ...body } });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  await clearLockout();
  receiver = await startReceiver();
  client = await newClient("console-ops");
  worker = await startWorker();
  const op = await newUser("operator", "ops");
  operator = (await signIn(op.username, op.password)).cookie;
  const a = await newUser("admin", "opsadm");
  admin = { id: a.id, username: a.username, cookie: (await signIn(a.username, a.password)).cookie };
  expect(operator && admin.cookie).toBeTruthy();
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
  await clearLockout();
  redis.disconnect();
});

describe("find a task from what you were handed", () => {
  it("the task filter takes a full id, a prefix, the short form shown (… or ...) and its tail", async () => {
    const id = await submit({ url: receiver.url("/find-me"), sourceApp: `finder${process.pid}` });
    const other = await submit({ url: receiver.url("/find-me") });
    // Forms that name this task alone (the prefixes may also match a task made in the same millisecond).
    const unique = [id, id.toUpperCase(), shortId(id), shortId(id).replace("…", "..."), `…${id.slice(-12)}`];
    for (const form of [...unique, id.slice(0, 13), id.replace(/-/g, "").slice(0, 12)]) {
      const html = await (await withCookie(operator, `/tasks?id=${encodeURIComponent(form)}`)).text();
      // The notice's element, not its words: the page carries the whole message catalogue for the browser.
      expect(html, form).not.toContain('data-testid="invalid-filters"');
      const ids = await listedIds(operator, `id=${encodeURIComponent(form)}`);
      expect(ids, form).toContain(id);
      if (unique.includes(form)) expect(ids, form).not.toContain(other);
    }
    const bad = await (await withCookie(operator, `/tasks?id=nope`)).text();
    expect(bad).toContain('data-testid="invalid-filters"');
  });

  it("the search box finds a task by its short form, its kkbida id, its URL, and apps by name", async () => {
    const app = `searchapp${process.pid}x${Date.now()}`;
    const id = await submit({ url: receiver.url(`/search/${app}/orders`), sourceApp: app, targetApp: `${app}-erp` });
    await testDb.db.update(tasks).set({ externalId: `kk-${app}` }).where(eq(tasks.id, id));
    const search = async (q: string) => json(await withCookie(operator, `/api/console/search?q=${encodeURIComponent(q)}`));
    expect((await search(shortId(id))).tasks.map((t: Json) => t.id)).toContain(id);
    expect((await search(`kk-${app}`)).tasks).toEqual([expect.objectContaining({ id, matched: "externalId" })]);
    expect((await search(`/search/${app}/`)).tasks).toEqual([expect.objectContaining({ id, matched: "url" })]);
    expect((await search(app)).apps).toEqual(expect.arrayContaining([{ kind: "sourceApp", name: app }, { kind: "targetApp", name: `${app}-erp` }]));
    expect((await search("x")).tasks).toEqual([]);
    expect((await withCookie("", "/api/console/search?q=abc")).status).toBe(401);
  });
});

describe("each attempt keeps the URL it called and the answer's headers", () => {
  it("a retry with a corrected URL leaves the first attempt's URL as it was; headers are capped and masked", async () => {
    receiver.on("/wrong-place", (_req, res) => {
      const many = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`x-extra-${i}`, "v"]));
      res.writeHead(503, { "set-cookie": ["session=s3cr3t"], "x-request-id": "req-1", ...many }).end("down");
    });
    receiver.on("/right-place", (_req, res) => res.writeHead(200, { "x-request-id": "req-2" }).end("fine"));
    const id = await submit({ url: receiver.url("/wrong-place") });
    expect((await waitForFinal(id)).status).toBe("failed");
    const retried = await post(operator, `/api/console/tasks/${id}/retry`, { url: receiver.url("/right-place") });
    expect(retried.status).toBe(200);
    expect((await waitForFinal(id)).status).toBe("succeeded");

    const rows = await attemptRows(id);
    expect(rows.map((r) => r.url)).toEqual([receiver.url("/wrong-place"), receiver.url("/right-place")]);
    const first = rows[0]!.responseHeaders!;
    expect(first["set-cookie"]).toBe("****");
    expect(first["x-request-id"]).toBe("req-1");
    expect(Object.keys(first).length).toBeLessThanOrEqual(51);
    expect(first["…"]).toMatch(/more headers not kept/);
    expect(JSON.stringify(first)).not.toContain("s3cr3t");

    const detail = await json(await withCookie(operator, `/api/console/tasks/${id}`));
    expect(detail.attempts.map((a: Json) => [a.n, a.url, a.responseHeaders?.["x-request-id"]])).toEqual([
      [2, receiver.url("/right-place"), "req-2"],
      [1, receiver.url("/wrong-place"), "req-1"],
    ]);
    const api = await client.call(`/api/v1/tasks/${id}`);
    expect(api.body.attempts[0]).toMatchObject({ n: 1, url: receiver.url("/wrong-place"), responseHeaders: expect.objectContaining({ "set-cookie": "****" }) });
  });
});

describe("the attempt log", () => {
  it("lists every attempt newest first, by task, host, result and time, keyset-paged, with the answer's text", async () => {
    receiver.on("/log-fail", (_req, res) => res.writeHead(500).end("log says no"));
    const t0 = new Date(Date.now() - 1000).toISOString();
    const ok = await submit({ url: receiver.url("/log-ok") });
    const bad = await submit({ url: receiver.url("/log-fail"), maxAttempts: 2, retry: { strategy: "fixed", delayMs: 100, maxDelayMs: 100 } });
    await waitForFinal(ok);
    await waitForFinal(bad);
    const log = async (q: string) => {
      const res = await withCookie(operator, `/api/console/attempts?${q}`);
      expect(res.status).toBe(200);
      return json(res);
    };
    const byTask = await log(`taskId=${bad}`);
    expect(byTask.items.map((a: Json) => [a.taskId, a.n, a.ok, a.excerpt])).toEqual([
      [bad, 2, false, "log says no"],
      [bad, 1, false, "log says no"],
    ]);
    const host = new URL(receiver.url("/")).host;
    const failed = await log(`host=${host}&result=failed&from=${encodeURIComponent(t0)}`);
    expect(failed.items.every((a: Json) => !a.ok && new URL(a.url).host === host)).toBe(true);
    expect(failed.items.map((a: Json) => a.taskId)).toContain(bad);
    expect(failed.items.map((a: Json) => a.taskId)).not.toContain(ok);
    const good = await log(`result=ok&from=${encodeURIComponent(t0)}`);
    expect(good.items.map((a: Json) => a.taskId)).toContain(ok);
    expect(good.items.every((a: Json) => a.ok)).toBe(true);

    // Pages of one, following the cursor, give the same attempts as one page, in the same order, without repeats.
    const all = await log(`from=${encodeURIComponent(t0)}&limit=200`);
    const times = all.items.map((a: Json) => Date.parse(a.startedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const paged: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page: Json = await log(`from=${encodeURIComponent(t0)}&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      paged.push(...page.items.map((a: Json) => a.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(paged).toEqual(all.items.map((a: Json) => a.id));
    expect((await withCookie(operator, "/api/console/attempts?result=maybe")).status).toBe(422);
  });
});

describe("replay", () => {
  it("copies a succeeded task as a new one linked both ways, audited; retrying it still answers 409", async () => {
    const id = await submit({ url: receiver.url("/replay-me"), params: { order: 7 }, sourceApp: "shop" });
    expect((await waitForFinal(id)).status).toBe("succeeded");
    expect((await post(operator, `/api/console/tasks/${id}/retry`, {})).status).toBe(409);

    const res = await post(operator, `/api/console/tasks/${id}/replay`);
    expect(res.status).toBe(201);
    const copy = (await json(res)).task;
    expect(copy.id).not.toBe(id);
    expect(copy).toMatchObject({ replayOf: id, url: receiver.url("/replay-me"), params: { order: 7 }, sourceApp: "shop", status: "queued" });
    expect((await waitForFinal(copy.id)).status).toBe("succeeded");
    // The receiver saw two calls, each under its own task id (and so its own webhook-id).
    const seen = receiver.requests("/replay-me").map((r) => r.headers["x-bida-task-id"]);
    expect(seen).toEqual([id, copy.id]);

    const original = await json(await withCookie(operator, `/api/console/tasks/${id}`));
    expect(original.replays.map((r: Json) => r.id)).toEqual([copy.id]);
    expect(original.task.status).toBe("succeeded");
    const replayed = await json(await withCookie(operator, `/api/console/tasks/${copy.id}`));
    expect(replayed.replayOf).toBe(id);
    const audit = await testDb.db.select().from(auditLog).where(and(eq(auditLog.objectType, "task"), inArray(auditLog.objectId, [id, copy.id])));
    expect(audit.map((e) => [e.objectId, e.action])).toEqual(expect.arrayContaining([[id, "task.replay"], [copy.id, "task.replay_of"]]));
  });

  it("refuses a task that is not finished, and viewers", async () => {
    receiver.on("/replay-slow", () => undefined); // never answers: the task stays open
    const id = await submit({ url: receiver.url("/replay-slow"), timeoutMs: 30_000 });
    expect((await post(operator, `/api/console/tasks/${id}/replay`)).status).toBe(409);
    const viewer = await newUser("viewer", "opsview");
    const cookie = (await signIn(viewer.username, viewer.password)).cookie;
    expect((await post(cookie, `/api/console/tasks/${id}/replay`)).status).toBe(403);
    await post(operator, `/api/console/tasks/${id}/cancel`, {});
  });
});

describe("a lockout an admin can see and lift", () => {
  it("warns with the tries left, locks, shows the lock on the users API, and an admin's unlock lets the user in", async () => {
    await clearLockout();
    const user = await newUser("viewer", "locked");
    const codes: (string | null)[] = [];
    for (let i = 0; i < env.auth.loginMaxFailures; i++) codes.push((await signIn(user.username, "wrong-password")).code);
    expect(codes.slice(0, -1)).toEqual(Array.from({ length: env.auth.loginMaxFailures - 1 }, (_, i) => `invalid:${env.auth.loginMaxFailures - 1 - i}`));
    expect(codes.at(-1)).toMatch(/^locked:\d+$/);
    expect((await signIn(user.username, user.password)).ok).toBe(false);

    const list = await json(await withCookie(admin.cookie, "/api/console/users"));
    const row = list.users.find((u: Json) => u.id === user.id);
    expect(row.lockedForS).toBeGreaterThan(0);
    expect(Date.parse(row.unlocksAt)).toBeGreaterThan(Date.now());
    expect(list.users.find((u: Json) => u.id === admin.id).lockedForS).toBe(0);
    expect((await withCookie(operator, "/api/console/users")).status).toBe(403);
    expect((await post(operator, `/api/console/users/${user.id}/unlock`)).status).toBe(403);

    const unlocked = await post(admin.cookie, `/api/console/users/${user.id}/unlock`);
    expect(await json(unlocked)).toEqual({ username: user.username, wasLocked: true });
    expect((await signIn(user.username, user.password)).ok).toBe(true);

    const audit = await testDb.db.select().from(auditLog).where(and(eq(auditLog.objectType, "user"), eq(auditLog.objectId, user.username)));
    const actions = audit.map((e) => e.action);
    expect(actions.filter((a) => a === "auth.login_failed")).toHaveLength(env.auth.loginMaxFailures - 1);
    expect(actions).toContain("auth.locked");
    expect(actions).toContain("user.unlock");
  });

  it("a password reset lifts the lock", async () => {
    await clearLockout();
    const user = await newUser("viewer", "reset");
    for (let i = 0; i < env.auth.loginMaxFailures; i++) await signIn(user.username, "wrong-password");
    expect((await signIn(user.username, user.password)).code).toMatch(/^locked:/);
    const { temporaryPassword } = await resetUserPassword(testDb.db, { id: user.id, actorId: admin.id, actor: `user:${admin.username}`, redis });
    expect((await signIn(user.username, temporaryPassword)).ok).toBe(true);
  });
});

describe("counts that match their links", () => {
  it("a call in flight counts as running, is listed by status=running and not by status=queued, and cannot be run now", async () => {
    let release: () => void = () => undefined;
    receiver.on("/hold", (_req, res) => {
      release = () => res.end("ok");
    });
    const id = await submit({ url: receiver.url("/hold"), timeoutMs: 30_000 });
    await waitFor(async () => (await json(await withCookie(operator, "/api/console/overview"))).counters.running.value >= 1, 20_000);
    expect(await listedIds(operator, "status=running")).toContain(id);
    expect(await listedIds(operator, "status=queued")).not.toContain(id);
    expect((await post(operator, `/api/console/tasks/${id}/run_now`, {})).status).toBe(409);
    release();
    expect((await waitForFinal(id)).status).toBe("succeeded");
    expect(await listedIds(operator, "status=running")).not.toContain(id);
  });

  it("the failing hosts' links and 'succeeded today' list exactly what they count", async () => {
    receiver.on("/host-fails", (_req, res) => res.writeHead(500).end());
    const failed = await submit({ url: receiver.url("/host-fails") });
    await waitForFinal(failed);
    await redis.del(`${env.redis.prefix}:stats:failing-hosts`);
    const overview = await json(await withCookie(operator, "/api/console/overview"));
    const host = new URL(receiver.url("/")).host;
    const row = overview.failingHosts.find((h: Json) => h.host === host);
    expect(row.failedFilter).toMatchObject({ host, status: "failed" });
    const listed = await listedIds(operator, `${new URLSearchParams(row.failedFilter).toString()}&limit=100`);
    expect(listed).toContain(failed);
    expect(listed.length).toBe(Math.min(row.failed, 100));
    for (const t of listed) expect((await taskRow(t)).status).toBe("failed");

    // Finished today (the viewer's day, here the test's zone): succeeded tasks with a finish time since midnight.
    const ok = await submit({ url: receiver.url("/today-ok") });
    await waitForFinal(ok);
    const midnight = new Date(new Date().setHours(0, 0, 0, 0)).toISOString();
    expect(await listedIds(operator, `status=succeeded&finishedFrom=${encodeURIComponent(midnight)}&limit=100`)).toContain(ok);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect(await listedIds(operator, `status=succeeded&finishedFrom=${encodeURIComponent(tomorrow)}`)).toEqual([]);
    expect(overview.charts.hours.length).toBeGreaterThanOrEqual(7 * 24);

    // The chart's days, and so "today", are the viewer's: the zone the browser reported in its cookie.
    const zoned = async (tz: string) => (await json(await withCookie(`${operator}; bida-tz=${encodeURIComponent(tz)}`, "/api/console/overview"))).charts.lastWeek as Json[];
    const dayStartIn = (tz: string) => {
      const p = Object.fromEntries(new Intl.DateTimeFormat("en-US", { timeZone: tz, year: "numeric", month: "numeric", day: "numeric" }).formatToParts(Date.now()).map((x) => [x.type, x.value]));
      return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day));
    };
    const shanghai = await zoned("Asia/Shanghai");
    expect(shanghai).toHaveLength(7);
    expect(shanghai.at(-1)!.t).toBe(dayStartIn("Asia/Shanghai") - 8 * 3_600_000);
    expect((await zoned("America/Los_Angeles")).at(-1)!.t - dayStartIn("America/Los_Angeles")).toBeGreaterThanOrEqual(7 * 3_600_000);
    // Today's successful attempts are counted in Shanghai's day as in any other: the one just made is in it.
    expect(shanghai.at(-1)!.ok).toBeGreaterThan(0);
  });
});

describe("bulk work you can follow", () => {
  it("a bulk action answers with a job whose link lists exactly the tasks it touched; the audit log folds them under it", async () => {
    receiver.on("/bulk-hold", () => undefined);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await submit({ url: receiver.url("/bulk-hold"), runAt: new Date(Date.now() + 3_600_000).toISOString() }));
    const chosen = ids.slice(0, 3);
    const res = await post(operator, "/api/console/tasks/bulk", { action: "cancel", ids: chosen });
    expect(res.status).toBe(200);
    const { bulkJob, changed } = await json(res);
    expect(changed).toBe(3);
    expect((await listedIds(operator, `bulkJob=${bulkJob}`)).sort()).toEqual([...chosen].sort());

    const folded = await json(await withCookie(operator, "/api/console/audit?group=jobs&limit=50"));
    expect(folded.items.some((e: Json) => e.objectType === "task" && chosen.includes(e.objectId))).toBe(false);
    const job = folded.items.find((e: Json) => e.objectType === "bulk_job" && e.objectId === bulkJob && e.action === "bulk.cancel");
    expect(job.job).toEqual({ tasksHref: `/tasks?bulkJob=${bulkJob}`, changed: 3 });
    const unfolded = await json(await withCookie(operator, "/api/console/audit?limit=50"));
    expect(unfolded.items.filter((e: Json) => e.objectType === "task" && chosen.includes(e.objectId))).toHaveLength(3);
    await post(operator, "/api/console/tasks/bulk", { action: "cancel", ids: ids.slice(3) });
  });
});
