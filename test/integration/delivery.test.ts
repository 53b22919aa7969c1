import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClient, type TestClient } from "./support/api";
import { attemptRows } from "./support/db";
import { startReceiver, type Receiver } from "./support/receiver";
import { startWorker, type Proc } from "./support/processes";
import { waitForFinal } from "./support/wait";

let receiver: Receiver;
let worker: Proc;
let client: TestClient;

beforeAll(async () => {
  receiver = await startReceiver();
  worker = await startWorker();
  client = await newClient("delivery");
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
});

async function submit(task: Record<string, unknown>) {
  const res = await client.call("/api/v1/tasks", { method: "POST", json: task });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

describe("each method and body type reaches the receiver as specified", () => {
  it("GET and DELETE put params in the query string, keeping the URL's own", async () => {
    const get = await submit({ url: receiver.url("/m/get?fixed=1"), method: "GET", params: { city: "上海", n: 2, tags: ["a", "b"] } });
    const del = await submit({ url: receiver.url("/m/delete"), method: "DELETE", params: { id: 42 } });
    expect((await waitForFinal(get)).status).toBe("succeeded");
    expect((await waitForFinal(del)).status).toBe("succeeded");
    const [g] = receiver.requests("/m/get");
    expect(g!.method).toBe("GET");
    expect(g!.url).toBe("/m/get?fixed=1&city=%E4%B8%8A%E6%B5%B7&n=2&tags=a&tags=b");
    expect(g!.body).toBe("");
    const [d] = receiver.requests("/m/delete");
    expect(d!.method).toBe("DELETE");
    expect(d!.url).toBe("/m/delete?id=42");
  });

  it("POST, PUT and PATCH send a JSON body by default and a form body on request, with custom and Bida headers", async () => {
    const post = await submit({ url: receiver.url("/m/post"), method: "POST", params: { order: 42, paid: true }, headers: { "X-Custom": "yes" } });
    const put = await submit({ url: receiver.url("/m/put"), method: "PUT", bodyType: "form", params: { a: "1 2", b: "ü" } });
    const patch = await submit({ url: receiver.url("/m/patch"), method: "PATCH", params: { x: { y: 1 } } });
    for (const id of [post, put, patch]) expect((await waitForFinal(id)).status).toBe("succeeded");

    const [p] = receiver.requests("/m/post");
    expect(p!.method).toBe("POST");
    expect(JSON.parse(p!.body)).toEqual({ order: 42, paid: true });
    expect(p!.headers["content-type"]).toMatch(/^application\/json/);
    expect(p!.headers["x-custom"]).toBe("yes");
    expect(p!.headers["x-bida-task-id"]).toBe(post);
    expect(p!.headers["x-bida-attempt"]).toBe("1");

    const [u] = receiver.requests("/m/put");
    expect(u!.method).toBe("PUT");
    expect(u!.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(new URLSearchParams(u!.body).get("a")).toBe("1 2");
    expect(new URLSearchParams(u!.body).get("b")).toBe("ü");

    const [pa] = receiver.requests("/m/patch");
    expect(pa!.method).toBe("PATCH");
    expect(JSON.parse(pa!.body)).toEqual({ x: { y: 1 } });
  });
});

describe("expect rules decide success", () => {
  const cases: Array<{ name: string; answer: [number, string]; expect: Record<string, unknown>; ok: boolean }> = [
    { name: "default 2xx passes", answer: [204, ""], expect: {}, ok: true },
    { name: "default 2xx fails on 500", answer: [500, "boom"], expect: {}, ok: false },
    { name: "status list passes", answer: [202, ""], expect: { status: [202] }, ok: true },
    { name: "status list fails", answer: [200, ""], expect: { status: [201] }, ok: false },
    { name: "bodyContains passes", answer: [200, "result: 成功"], expect: { bodyContains: "成功" }, ok: true },
    { name: "bodyContains fails", answer: [200, "result: 失败"], expect: { bodyContains: "成功" }, ok: false },
    { name: "bodyEquals passes", answer: [200, "OK"], expect: { bodyEquals: "OK" }, ok: true },
    { name: "bodyEquals fails", answer: [200, "OK!"], expect: { bodyEquals: "OK" }, ok: false },
    { name: "json path passes", answer: [200, '{"data":{"code":0}}'], expect: { json: { path: "data.code", equals: 0 } }, ok: true },
    { name: "json path fails", answer: [200, '{"data":{"code":1}}'], expect: { json: { path: "data.code", equals: 0 } }, ok: false },
    { name: "json path fails on non-JSON", answer: [200, "<html>"], expect: { json: { path: "data.code", equals: 0 } }, ok: false },
  ];
  it.each(cases)("$name", async ({ name, answer, expect: rule, ok }) => {
    const path = `/expect/${name.replace(/\W+/g, "-")}`;
    receiver.on(path, (_req, res) => res.writeHead(answer[0]).end(answer[1]));
    const id = await submit({ url: receiver.url(path), expect: rule, maxAttempts: 1 });
    const row = await waitForFinal(id);
    expect(row.status).toBe(ok ? "succeeded" : "failed");
    const attempts = await attemptRows(id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.ok).toBe(ok);
    expect(attempts[0]!.statusCode).toBe(answer[0]);
    if (!ok) expect(attempts[0]!.error).toBeTruthy();
  });
});

describe("retries", () => {
  it("a target failing twice then succeeding ends succeeded with exactly 3 attempt rows", async () => {
    receiver.on("/flaky", (_req, res, n) => res.writeHead(n <= 2 ? 503 : 200).end(n <= 2 ? "down" : "ok"));
    const id = await submit({ url: receiver.url("/flaky"), maxAttempts: 5, retry: { strategy: "fixed", delayMs: 200 } });
    const row = await waitForFinal(id);
    expect(row.status).toBe("succeeded");
    expect(row.attempts).toBe(3);
    const attempts = await attemptRows(id);
    expect(attempts.map((a) => [a.n, a.statusCode, a.ok])).toEqual([
      [1, 503, false],
      [2, 503, false],
      [3, 200, true],
    ]);
    expect(receiver.requests("/flaky").map((r) => r.headers["x-bida-attempt"])).toEqual(["1", "2", "3"]);
  });

  it("a target that never succeeds fails after exactly maxAttempts, with exponential delays that follow the policy", async () => {
    receiver.on("/never", (_req, res) => res.writeHead(500).end("no"));
    const id = await submit({ url: receiver.url("/never"), maxAttempts: 4, retry: { strategy: "exponential", delayMs: 400, maxDelayMs: 1000 } });
    const row = await waitForFinal(id, 30_000);
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(4);
    expect(await attemptRows(id)).toHaveLength(4);
    const times = receiver.requests("/never").map((r) => r.at);
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // 400, 800, then capped at 1000 — each ±20% jitter, plus scheduling slack.
    const expected = [400, 800, 1000];
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(expected[i]! * 0.8 - 20);
      expect(gap).toBeLessThanOrEqual(Math.min(expected[i]! * 1.2, 1000) + 600);
    });
  });

  it("a fixed policy waits the same delay every time", async () => {
    receiver.on("/fixed", (_req, res) => res.writeHead(500).end());
    const id = await submit({ url: receiver.url("/fixed"), maxAttempts: 3, retry: { strategy: "fixed", delayMs: 700 } });
    expect((await waitForFinal(id)).status).toBe("failed");
    const times = receiver.requests("/fixed").map((r) => r.at);
    for (const gap of times.slice(1).map((t, i) => t - times[i]!)) {
      expect(gap).toBeGreaterThanOrEqual(690);
      expect(gap).toBeLessThanOrEqual(1300);
    }
  });

  it("Retry-After on 429 is honoured", async () => {
    receiver.on("/busy", (_req, res, n) => (n === 1 ? res.writeHead(429, { "retry-after": "2" }).end() : res.end("ok")));
    const id = await submit({ url: receiver.url("/busy"), maxAttempts: 3, retry: { strategy: "fixed", delayMs: 100 } });
    expect((await waitForFinal(id)).status).toBe("succeeded");
    const [a, b] = receiver.requests("/busy").map((r) => r.at);
    expect(b! - a!).toBeGreaterThanOrEqual(1900);
  });
});

describe("faults cost one failed attempt with a readable error", () => {
  it("a hanging target times out at timeoutMs", async () => {
    receiver.on("/hang", () => undefined);
    const id = await submit({ url: receiver.url("/hang"), timeoutMs: 500, maxAttempts: 1 });
    const row = await waitForFinal(id);
    expect(row.status).toBe("failed");
    const [a] = await attemptRows(id);
    expect(a!.durationMs).toBeGreaterThanOrEqual(480);
    expect(a!.durationMs).toBeLessThan(1500);
    expect(a!.error).toMatch(/timed out after 500 ms/);
  });

  it("a refused connection, a reset, a redirect and a huge body each fail cleanly", async () => {
    receiver.on("/reset", (req, res) => res.socket?.destroy());
    receiver.on("/redirect", (_req, res) => res.writeHead(302, { location: "http://example.invalid/" }).end());
    receiver.on("/huge", (_req, res) => {
      res.writeHead(500);
      const chunk = Buffer.alloc(1024 * 1024, 97);
      let sent = 0;
      const pump = () => {
        while (sent < 100 && res.write(chunk)) sent++;
        if (sent < 100) res.once("drain", pump);
        else res.end();
      };
      pump();
    });
    const ids = {
      refused: await submit({ url: "http://127.0.0.1:1/nothing", maxAttempts: 1 }),
      reset: await submit({ url: receiver.url("/reset"), maxAttempts: 1 }),
      redirect: await submit({ url: receiver.url("/redirect"), maxAttempts: 1 }),
      huge: await submit({ url: receiver.url("/huge"), maxAttempts: 1 }),
    };
    for (const [kind, id] of Object.entries(ids)) {
      const row = await waitForFinal(id);
      expect(row.status, kind).toBe("failed");
      const [a] = await attemptRows(id);
      expect(a!.error, kind).toBeTruthy();
      if (kind === "refused") expect(a!.error).toMatch(/refused/i);
      if (kind === "redirect") expect(a!.error).toMatch(/302/);
      if (kind === "huge") expect(a!.responseExcerpt!.length).toBeLessThanOrEqual(64 * 1024);
    }
    // The worker is still alive and delivering.
    const after = await submit({ url: receiver.url("/after-faults") });
    expect((await waitForFinal(after)).status).toBe("succeeded");
  });
});
