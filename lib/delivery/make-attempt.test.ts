import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taskFixture } from "@/test/fixtures/task";
import type { Task } from "../db/schema/tasks";
import { makeAttempt } from "./make-attempt";
import { createOutboundAgent } from "./outbound-policy";
import { startReceiver, type Receiver } from "./test-receiver";

const agent = createOutboundAgent();
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver((req, res, body) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/weatherApi") return res.end(req.url?.includes("city=%E4%B8%8A%E6%B5%B7") ? "查询成功" : "失败");
    if (path === "/json") return res.writeHead(200, { "content-type": "application/json" }).end('{"data":{"code":0},"msg":"ok"}');
    if (path === "/busy") return res.writeHead(503, { "retry-after": "2" }).end("busy");
    if (path === "/teapot") return res.writeHead(418).end("no");
    if (path === "/gbk") return res.writeHead(200, { "content-type": "text/plain; charset=GBK" }).end(Buffer.alloc(65_536, Buffer.from([0xd6, 0xd0, 0xce, 0xc4])));
    if (path === "/not-utf8") return res.writeHead(200, { "content-type": "text/plain" }).end(Buffer.alloc(65_536, 0xff));
    if (path === "/emoji") return res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("a" + "😀".repeat(20_000));
    if (path === "/far") return res.writeHead(301, { location: `https://elsewhere.test/${"x".repeat(3000)}` }).end();
    res.end(`echo:${body}`);
  });
});

afterAll(async () => {
  await agent.close();
  await receiver.close();
});

const task = (over: Partial<Task>): Task => taskFixture({ url: `${receiver.url}/hook`, ...over });

/** Delivers the task and returns what the receiver got. */
async function deliver(t: Task, n = 1) {
  const before = receiver.received.length;
  const outcome = await makeAttempt(agent, t, n);
  expect(receiver.received.length).toBe(before + 1);
  return { outcome, got: receiver.received[before] };
}

describe("makeAttempt: what reaches the receiver", () => {
  it("GET with the kkbida fixture's params, in the query string", async () => {
    const t = task({ url: `${receiver.url}/weatherApi`, method: "GET", params: { city: "上海" }, expect: { bodyContains: "成功" } });
    const { outcome, got } = await deliver(t);
    expect(got.method).toBe("GET");
    expect(got.url).toBe("/weatherApi?city=%E4%B8%8A%E6%B5%B7");
    expect(got.body).toBe("");
    expect(outcome).toMatchObject({ ok: true, statusCode: 200, responseExcerpt: "查询成功", error: null, retryAfterMs: null, failure: null });
  });

  it("DELETE with params appended to the URL's own query", async () => {
    const { got } = await deliver(task({ url: `${receiver.url}/hook?v=2`, method: "DELETE", params: { id: [1, 2], q: "a b" } }));
    expect(got.method).toBe("DELETE");
    expect(got.url).toBe("/hook?v=2&id=1&id=2&q=a%20b");
  });

  it("POST, PUT and PATCH with a JSON body", async () => {
    for (const method of ["POST", "PUT", "PATCH"] as const) {
      const params = { order: 42, city: "上海", nested: { ok: true } };
      const { outcome, got } = await deliver(task({ method, params }));
      expect(got.method).toBe(method);
      expect(got.url).toBe("/hook");
      expect(got.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(JSON.parse(got.body)).toEqual(params);
      expect(outcome.responseExcerpt).toBe(`echo:${got.body}`);
    }
  });

  it("POST, PUT and PATCH with a form body", async () => {
    for (const method of ["POST", "PUT", "PATCH"] as const) {
      const { got } = await deliver(task({ method, bodyType: "form", params: { city: "上海", tags: ["a", "b"], n: 1 } }));
      expect(got.method).toBe(method);
      expect(got.headers["content-type"]).toBe("application/x-www-form-urlencoded; charset=utf-8");
      expect(got.body).toBe("city=%E4%B8%8A%E6%B5%B7&tags=a&tags=b&n=1");
      expect(new URLSearchParams(got.body).getAll("tags")).toEqual(["a", "b"]);
    }
  });

  it("a POST without params sends no body", async () => {
    const { got } = await deliver(task({}));
    expect(got.body).toBe("");
    expect(got.headers["content-type"]).toBeUndefined();
  });

  it("custom headers and the x-bida headers", async () => {
    const t = task({ params: { a: 1 }, headers: { "X-Signature": "sig-1", Authorization: "Bearer abc" } });
    const { got } = await deliver(t, 4);
    expect(got.headers).toMatchObject({
      "x-signature": "sig-1",
      authorization: "Bearer abc",
      "x-bida-task-id": t.id,
      "x-bida-attempt": "4",
      "user-agent": "Bida/0.1",
    });
  });
});

describe("makeAttempt: judging", () => {
  it("passes and fails each expect rule against a real answer", async () => {
    const json = `${receiver.url}/json`;
    const cases: [Task["expect"], boolean, string | null][] = [
      [{ status: [200] }, true, null],
      [{ status: [201] }, false, "HTTP 200, expected 201"],
      [{ bodyContains: '"msg":"ok"' }, true, null],
      [{ bodyContains: "成功" }, false, 'body does not contain "成功"'],
      [{ bodyEquals: '{"data":{"code":0},"msg":"ok"}' }, true, null],
      [{ bodyEquals: "ok" }, false, 'body does not equal "ok": got "{\\"data\\":{\\"code\\":0},\\"msg\\":\\"ok\\"}"'],
      [{ json: { path: "data.code", equals: 0 } }, true, null],
      [{ json: { path: "data.code", equals: 1 } }, false, "data.code is 0, expected 1"],
    ];
    for (const [rule, ok, error] of cases) {
      const { outcome } = await deliver(task({ url: json, method: "GET", expect: rule }));
      expect({ rule, ok: outcome.ok, error: outcome.error }).toEqual({ rule, ok, error });
    }
  });

  it("fails a 4xx and passes it back for the record", async () => {
    const { outcome } = await deliver(task({ url: `${receiver.url}/teapot` }));
    expect(outcome).toMatchObject({ ok: false, statusCode: 418, error: "HTTP 418", responseExcerpt: "no", retryAfterMs: null, failure: null });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("carries a 503's Retry-After", async () => {
    const { outcome } = await deliver(task({ url: `${receiver.url}/busy` }));
    expect(outcome).toMatchObject({ ok: false, statusCode: 503, error: "HTTP 503", retryAfterMs: 2_000 });
  });

  it("keeps the error within 1000 characters", async () => {
    const { outcome } = await deliver(task({ url: `${receiver.url}/far` }));
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/^HTTP 301 redirect to https:\/\/elsewhere\.test\/xxx/);
    expect(outcome.error).toHaveLength(1000);
  });

  it("records no excerpt when no answer came", async () => {
    const outcome = await makeAttempt(agent, task({ url: "http://127.0.0.1:1/" }), 1);
    expect(outcome).toMatchObject({
      ok: false,
      statusCode: null,
      responseExcerpt: null,
      error: "connection refused (ECONNREFUSED 127.0.0.1:1)",
      retryAfterMs: null,
    });
  });

  it("fails a task whose stored URL cannot be parsed, without throwing", async () => {
    const outcome = await makeAttempt(agent, task({ url: "not a url" }), 1);
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/^cannot build the request: Invalid URL/);
  });
});

describe("makeAttempt: the kept answer", () => {
  it("is at most 64 KiB once stored as UTF-8, whatever the answer's charset, cut between characters", async () => {
    const expected: Record<string, string> = { "/gbk": "中文", "/not-utf8": "\uFFFD", "/emoji": "😀" };
    for (const [path, unit] of Object.entries(expected)) {
      const { outcome } = await deliver(task({ url: `${receiver.url}${path}`, method: "GET" }));
      const excerpt = outcome.responseExcerpt!;
      expect(Buffer.byteLength(excerpt, "utf8"), path).toBeLessThanOrEqual(65_536);
      expect(Buffer.byteLength(excerpt, "utf8"), path).toBeGreaterThan(65_536 - 8);
      // The last character is a whole one of the answer's.
      expect([...unit], path).toContain([...excerpt].at(-1));
      expect(/\p{Cs}/u.test(excerpt), path).toBe(false);
    }
  });
});
