import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createApiClient } from "@/lib/clients/create-client";
import { createDb } from "@/lib/db/client";
import { apiClients } from "@/lib/db/schema/api-clients";
import { newClient, request, type Json, type TestClient } from "./support/api";
import { startReceiver, type Receiver } from "./support/receiver";
import { startWorker, type Proc } from "./support/processes";
import { taskRow } from "./support/db";
import { waitForFinal } from "./support/wait";

let receiver: Receiver;
let worker: Proc;
let alice: TestClient;
let bob: TestClient;

beforeAll(async () => {
  receiver = await startReceiver();
  worker = await startWorker();
  [alice, bob] = await Promise.all([newClient("alice"), newClient("bob")]);
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
});

const expectErrorShape = (body: Json, code: string) => {
  expect(body).toMatchObject({ error: { code, message: expect.any(String), details: expect.any(Array) } });
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/); // no stack traces
};

describe("submit", () => {
  it("answers 201 only after the row is committed", async () => {
    const res = await alice.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/ok"), sourceApp: "shop", targetApp: "billing" } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: "queued", method: "POST", maxAttempts: 10, timeoutMs: 10000 });
    const row = await taskRow(res.body.id);
    expect(row.sourceApp).toBe("shop");
    expect((await waitForFinal(res.body.id)).status).toBe("succeeded");
  });

  it("an Idempotency-Key returns the same task for a repeated submit, per client", async () => {
    const key = `order-42-${Date.now()}`;
    const task = { url: receiver.url("/idem") };
    const first = await alice.call("/api/v1/tasks", { method: "POST", json: task, headers: { "idempotency-key": key } });
    const again = await alice.call("/api/v1/tasks", { method: "POST", json: task, headers: { "idempotency-key": key } });
    const other = await bob.call("/api/v1/tasks", { method: "POST", json: task, headers: { "idempotency-key": key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it("a batch commits every valid item and reports each invalid one, in order", async () => {
    const res = await alice.call("/api/v1/tasks/batch", {
      method: "POST",
      json: { tasks: [{ url: receiver.url("/b1") }, { url: "ftp://nope" }, { url: receiver.url("/b3"), method: "GET" }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(3);
    expect(res.body.results[0]).toMatchObject({ id: expect.any(String), status: "queued" });
    expect(res.body.results[1].error).toMatchObject({ code: "validation_failed" });
    expect(res.body.results[1].error.details[0].path).toBe("tasks.1.url");
    expect(res.body.results[2]).toMatchObject({ id: expect.any(String), status: "queued" });
    for (const i of [0, 2]) expect((await waitForFinal(res.body.results[i].id)).status).toBe("succeeded");
  });
});

describe("read", () => {
  it("GET /tasks/:id returns the task with its attempts; another client's task is 404", async () => {
    const { body } = await alice.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/read") } });
    await waitForFinal(body.id);
    const mine = await alice.call(`/api/v1/tasks/${body.id}`);
    expect(mine.status).toBe(200);
    expect(mine.body.status).toBe("succeeded");
    expect(mine.body.attempts).toEqual([
      expect.objectContaining({ n: 1, statusCode: 200, ok: true, responseExcerpt: "ok", error: null, durationMs: expect.any(Number), startedAt: expect.any(String) }),
    ]);
    const theirs = await bob.call(`/api/v1/tasks/${body.id}`);
    expect(theirs.status).toBe(404);
    expectErrorShape(theirs.body, "not_found");
    expect((await bob.call(`/api/v1/tasks/${body.id}/cancel`, { method: "POST" })).status).toBe(404);
  });

  it("lists newest first with keyset paging and filters, only the client's own tasks", async () => {
    const carol = await newClient("carol");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await carol.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url(`/list/${i}`), targetApp: i % 2 ? "odd" : "even", runAt: new Date(Date.now() + 3_600_000).toISOString() } });
      ids.push(res.body.id);
    }
    const page1 = await carol.call("/api/v1/tasks?limit=2");
    expect(page1.body.items.map((t: { id: string; path?: string }) => t.id)).toEqual([ids[4], ids[3]]);
    const page2 = await carol.call(`/api/v1/tasks?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((t: { id: string; path?: string }) => t.id)).toEqual([ids[2], ids[1]]);
    const page3 = await carol.call(`/api/v1/tasks?limit=2&cursor=${page2.body.nextCursor}`);
    expect(page3.body.items.map((t: { id: string; path?: string }) => t.id)).toEqual([ids[0]]);
    expect(page3.body.nextCursor).toBeNull();
    const odd = await carol.call("/api/v1/tasks?targetApp=odd&status=queued");
    expect(odd.body.items.map((t: { id: string; path?: string }) => t.id)).toEqual([ids[3], ids[1]]);
    const byUrl = await carol.call(`/api/v1/tasks?url=${encodeURIComponent("/list/2")}`);
    expect(byUrl.body.items.map((t: { id: string; path?: string }) => t.id)).toEqual([ids[2]]);
    const future = await carol.call(`/api/v1/tasks?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.body.items).toEqual([]);
    const others = await bob.call("/api/v1/tasks?limit=500");
    expect(others.body.items.some((t: { id: string; path?: string }) => ids.includes(t.id))).toBe(false);
  });
});

describe("retry and cancel", () => {
  it("retries a failed task with a fresh budget, and refuses to retry a succeeded one (409)", async () => {
    receiver.on("/retry-me", (_req, res, n) => res.writeHead(n === 1 ? 500 : 200).end());
    const { body } = await alice.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/retry-me"), maxAttempts: 1 } });
    expect((await waitForFinal(body.id)).status).toBe("failed");
    const retried = await alice.call(`/api/v1/tasks/${body.id}/retry`, { method: "POST" });
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe("queued");
    const row = await waitForFinal(body.id);
    expect(row.status).toBe("succeeded");
    expect(row.attempts).toBe(2);
    const again = await alice.call(`/api/v1/tasks/${body.id}/retry`, { method: "POST" });
    expect(again.status).toBe(409);
    expectErrorShape(again.body, "conflict");
  });

  it("cancels a waiting task; the target is never called; a second cancel is 409", async () => {
    const { body } = await alice.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/never-called"), runAt: new Date(Date.now() + 1500).toISOString() } });
    const res = await alice.call(`/api/v1/tasks/${body.id}/cancel`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("cancelled");
    await new Promise((r) => setTimeout(r, 2500));
    expect(receiver.requests("/never-called")).toHaveLength(0);
    expect((await taskRow(body.id)).status).toBe("cancelled");
    expect((await alice.call(`/api/v1/tasks/${body.id}/cancel`, { method: "POST" })).status).toBe(409);
  });
});

describe("bad input gets its status and the one error shape", () => {
  it("401 without or with a wrong key", async () => {
    const none = await request("/api/v1/tasks", { method: "POST", json: { url: "http://x.test/" } });
    expect(none.status).toBe(401);
    expectErrorShape(none.body, "unauthorized");
    const wrong = await request("/api/v1/tasks", { method: "GET", headers: { authorization: `Bearer ${alice.apiKey.slice(0, -3)}xyz` } });
    expect(wrong.status).toBe(401);
    expectErrorShape(wrong.body, "unauthorized");
  });

  it("403 for a host the client may not call, and for a disabled client", async () => {
    const { db, pool } = createDb({ poolSize: 1 });
    try {
      const limited = await createApiClient(db, { name: `limited-${Date.now()}`, allowedHosts: ["*.partner.example"] });
      const call = (url: string) =>
        request("/api/v1/tasks", { method: "POST", json: { url }, headers: { authorization: `Bearer ${limited.apiKey}` } });
      const denied = await call("http://elsewhere.example/hook");
      expect(denied.status).toBe(403);
      expectErrorShape(denied.body, "forbidden");
      expect((await call("http://api.partner.example/hook")).status).toBe(201);

      const disabled = await createApiClient(db, { name: `disabled-${Date.now()}` });
      await db.update(apiClients).set({ disabled: true }).where(eq(apiClients.id, disabled.id));
      const res = await request("/api/v1/tasks", { headers: { authorization: `Bearer ${disabled.apiKey}` } });
      expect(res.status).toBe(403);
      expectErrorShape(res.body, "forbidden");
    } finally {
      await pool.end();
    }
  });

  it("400 for malformed JSON", async () => {
    const res = await alice.call("/api/v1/tasks", { method: "POST", body: "{not json", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expectErrorShape(res.body, "bad_request");
  });

  it("413 for a body over 1 MiB", async () => {
    const res = await alice.call("/api/v1/tasks", { method: "POST", json: { url: "http://x.test/", params: { blob: "x".repeat(1100 * 1024) } } });
    expect(res.status).toBe(413);
    expectErrorShape(res.body, "payload_too_large");
  });

  it("422 naming each failing field", async () => {
    const res = await alice.call("/api/v1/tasks", {
      method: "POST",
      json: { url: "javascript:alert(1)", method: "TRACE", maxAttempts: 0, timeoutMs: 999_999, headers: { Host: "evil" }, extra: 1 },
    });
    expect(res.status).toBe(422);
    expectErrorShape(res.body, "validation_failed");
    const paths = res.body.error.details.map((d: { id: string; path?: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["url", "method", "maxAttempts", "timeoutMs", "headers.Host"]));
  });

  it("404 for an unknown or malformed id", async () => {
    expect((await alice.call("/api/v1/tasks/00000000-0000-7000-8000-000000000000")).status).toBe(404);
    const bad = await alice.call("/api/v1/tasks/not-an-id");
    expect(bad.status).toBe(404);
    expectErrorShape(bad.body, "not_found");
  });

  it("422 for bad list filters", async () => {
    const res = await alice.call("/api/v1/tasks?status=weird&limit=9999");
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { id: string; path?: string }) => d.path)).toEqual(expect.arrayContaining(["status", "limit"]));
  });
});
