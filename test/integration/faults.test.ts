import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClient, type TestClient } from "./support/api";
import { startWeb, startWorker, type Proc } from "./support/processes";
import { startReceiver } from "./support/receiver";
import { taskRow } from "./support/db";
import { waitForFinal } from "./support/wait";

let client: TestClient;
const servers: Proc[] = [];

beforeAll(async () => {
  client = await newClient("faults");
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

/** A second web server whose Redis or MySQL address points at a closed port: a backing service that is down. */
async function webWith(env: Record<string, string>, port: number) {
  servers.push(await startWeb(port, env, { healthy: false }));
  return `http://127.0.0.1:${port}`;
}

describe("a down backing service is a 503 in the error shape, never a 500", () => {
  it("health is 503 naming Redis when Redis is down", async () => {
    const base = await webWith({ REDIS_URL: "redis://127.0.0.1:1" }, 3190);
    const res = await fetch(`${base}/api/health`);
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.mysql.ok).toBe(true);
    expect(body.redis.ok).toBe(false);
  });

  it("Redis down: a submit is still accepted and durable, and delivered once a worker's sweeper sees it", async () => {
    const base = await webWith({ REDIS_URL: "redis://127.0.0.1:1" }, 3192);
    const receiver = await startReceiver();
    try {
      const started = Date.now();
      const res = await fetch(`${base}/api/v1/tasks`, {
        method: "POST",
        headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ url: receiver.url("/while-redis-down") }),
      });
      expect(res.status).toBe(201);
      expect(Date.now() - started).toBeLessThan(5_000);
      const { id } = await res.json();
      expect((await taskRow(id)).status).toBe("queued");
      // A worker on the real Redis never got a job for it: only the sweeper can find it.
      const worker = await startWorker({ SWEEP_INTERVAL_MS: "500", SWEEP_GRACE_MS: "1000" });
      try {
        expect((await waitForFinal(id, 20_000)).status).toBe("succeeded");
        expect(receiver.requests("/while-redis-down")).toHaveLength(1);
      } finally {
        await worker.stop();
      }
    } finally {
      await receiver.close();
    }
  });

  it("MySQL down: health 503 and API calls 503 with the error body", async () => {
    const base = await webWith({ DATABASE_URL: "mysql://root@127.0.0.1:1/bida_test" }, 3191);
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(503);
    const res = await fetch(`${base}/api/v1/tasks`, { headers: { authorization: `Bearer ${client.apiKey}` } });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: "service_unavailable" } });
  });
});
