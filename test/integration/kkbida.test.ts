import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClient, request, type TestClient } from "./support/api";
import { startReceiver, type Receiver } from "./support/receiver";
import { startWorker, type Proc } from "./support/processes";
import { attemptRows } from "./support/db";
import { waitForFinal } from "./support/wait";

let receiver: Receiver;
let worker: Proc;
let client: TestClient;

/** The exact request kkbida's Java SDK sends (shared/fixtures/kkbida-addtask.http), with our receiver as target. */
function fixture(overrides: Record<string, unknown> = {}) {
  // A copy of shared/fixtures/kkbida-addtask.http, kept in the repo so the suite runs from any clone.
  const file = path.resolve("test/fixtures/kkbida-addtask.http");
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n");
  const headers: Record<string, string> = {};
  const start = lines.findIndex((l) => l.startsWith("POST /api/addTask"));
  let i = start + 1;
  for (; lines[i]!.trim() !== ""; i++) {
    const [name, ...rest] = lines[i]!.split(":");
    headers[name!.trim()] = rest.join(":").trim();
  }
  const body = JSON.parse(lines.slice(i + 1).find((l) => l.trim().startsWith("{"))!);
  return { headers, body: { ...body, ...overrides } };
}

beforeAll(async () => {
  receiver = await startReceiver();
  worker = await startWorker();
  client = await newClient("kkbida");
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
});

const addTask = (body: unknown, headers: Record<string, string>) =>
  request("/api/addTask", { method: "POST", body: JSON.stringify(body), headers });

describe("kkbida protocol", () => {
  it("accepts the SDK's exact request, answers the bare id as text/plain, and delivers GET parameters in the query string", async () => {
    receiver.on("/weatherApi", (_req, res) => res.end('{"msg":"成功"}'));
    const { headers, body } = fixture({ url: receiver.url("/weatherApi") });
    const res = await addTask(body, { ...headers, username: client.username, password: client.password });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const row = await waitForFinal(res.text);
    expect(row.status).toBe("succeeded");
    expect(row.protocol).toBe("kkbida");
    expect(row.maxAttempts).toBe(3);
    const [got] = receiver.requests("/weatherApi");
    expect(got!.method).toBe("GET");
    expect(got!.url).toBe("/weatherApi?city=%E4%B8%8A%E6%B5%B7");
    // Readable through the native API too.
    const native = await client.call(`/api/v1/tasks/${res.text}`);
    expect(native.body.sourceApp).toBe("xxx");
    expect(native.body.targetApp).toBe("yyy");
  });

  it("POST sends requestParam as a JSON body; success means the body contains expectResult", async () => {
    receiver.on("/notify", (_req, res, n) => res.end(n === 1 ? "失败" : "处理成功"));
    const { headers, body } = fixture({ url: receiver.url("/notify"), requestMethod: "POST", requestParam: { orderId: 42 }, limitCallCount: 2 });
    const res = await addTask(body, { ...headers, username: client.username, password: client.password });
    expect(res.status).toBe(200);
    const row = await waitForFinal(res.text, 30_000);
    expect(row.status).toBe("succeeded");
    expect((await attemptRows(res.text)).map((a) => a.ok)).toEqual([false, true]);
    expect(JSON.parse(receiver.requests("/notify")[0]!.body)).toEqual({ orderId: 42 });
  }, 60_000);

  it("401 for wrong credentials", async () => {
    const { headers, body } = fixture();
    expect((await addTask(body, { ...headers, username: client.username, password: "wrong" })).status).toBe(401);
    expect((await addTask(body, { ...headers, username: "nobody", password: "x" })).status).toBe(401);
    const { username: _u, password: _p, ...noCreds } = headers;
    expect((await addTask(body, noCreds)).status).toBe(401);
  });

  it("422 with the reason as text for a task kkbida's server would have accepted unvalidated", async () => {
    const { headers, body } = fixture({ url: "not a url", limitCallCount: 0, requestMethod: "TRACE" });
    const res = await addTask(body, { ...headers, username: client.username, password: client.password });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/requestMethod/);
    expect(res.text).toMatch(/limitCallCount/);
  });
});
