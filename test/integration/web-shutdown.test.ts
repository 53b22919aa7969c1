import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClient, type TestClient } from "./support/api";
import { taskRow } from "./support/db";
import { startWeb, type Proc } from "./support/processes";

const port = 3195;
let client: TestClient;
let web: Proc | undefined;

beforeAll(async () => {
  client = await newClient("shutdown");
});
afterAll(async () => {
  await web?.stop("SIGKILL");
});

describe("the web server's SIGTERM", () => {
  it("stops within seconds while keep-alive clients keep submitting, and every task it acknowledged is committed", async () => {
    web = await startWeb(port);
    // Four keep-alive connections that never pause: a client like this alone would hold a naive server open.
    const agent = new Agent({ connections: 4, keepAliveTimeout: 60_000 });
    const acknowledged: string[] = [];
    const failures: string[] = [];
    let stopped = false;
    const lane = async () => {
      while (!stopped) {
        try {
          const res = await request(`http://127.0.0.1:${port}/api/v1/tasks`, {
            method: "POST",
            dispatcher: agent,
            headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json" },
            body: JSON.stringify({ url: "http://127.0.0.1:9/never-called", runAt: new Date(Date.now() + 3_600_000).toISOString() }),
          });
          const text = await res.body.text();
          if (res.statusCode === 201) acknowledged.push(JSON.parse(text).id);
          else failures.push(`${res.statusCode} ${text.slice(0, 200)}`);
        } catch (err) {
          // Refused or closed once the server is gone: what a client sees from any stopped server.
          const code = (err as { code?: string }).code ?? "";
          if (!["ECONNREFUSED", "ECONNRESET", "UND_ERR_SOCKET"].includes(code)) failures.push(`${code} ${(err as Error).message}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    const lanes = Array.from({ length: 4 }, lane);
    await new Promise((r) => setTimeout(r, 1_000));
    const before = acknowledged.length;

    const signalled = Date.now();
    const code = await web.stop("SIGTERM");
    const tookMs = Date.now() - signalled;
    stopped = true;
    await Promise.all(lanes);
    await agent.close();

    expect(before).toBeGreaterThan(20);
    expect(code).toBe(0);
    expect(tookMs).toBeLessThan(5_000);
    expect(failures).toEqual([]);
    for (const id of acknowledged) expect((await taskRow(id))?.id).toBe(id);
  });
});
