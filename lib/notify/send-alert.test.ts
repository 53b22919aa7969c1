import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboundAgent } from "../delivery/outbound-policy";
import { sendAlert } from "./send-alert";

const agent = createOutboundAgent();
const alert = { id: "alert_1", message: { type: "text" as const, text: "hello" }, payload: { event: "test" } };
let base = "";
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    if (req.url === "/500") return res.writeHead(500).end("internal error");
    if (req.url === "/429") return res.writeHead(429).end("rate_limited");
    if (req.url === "/403") return res.writeHead(403).end("invalid_token");
    if (req.url === "/hang") return; // never answers
    if (req.url === "/huge") return res.end(JSON.stringify({ errcode: 0, errmsg: "ok", pad: "x".repeat(1_000_000) }));
    if (req.url === "/throttled") return res.end(JSON.stringify({ errcode: 130101, errmsg: "send too fast, exceed 20 times per minute" }));
    res.end("ok");
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await agent.close();
});

const send = (path: string, kind: "slack" | "dingtalk" = "slack", timeoutMs = 2_000) => sendAlert(agent, { kind, url: base + path, secret: null }, alert, { timeoutMs });

describe("sendAlert", () => {
  it("reports a channel that is down as retryable, without the URL in the error", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const res = await sendAlert(agent, { kind: "slack", url: `http://127.0.0.1:${port}/services/secret-token`, secret: null }, alert);
    expect(res).toMatchObject({ ok: false, retryable: true, statusCode: null });
    expect(res.error).toContain("connection refused");
    expect(res.error).not.toContain("secret-token");
  });

  it("retries server errors and rate limits, not refusals", async () => {
    expect(await send("/500")).toMatchObject({ ok: false, retryable: true, statusCode: 500, error: "HTTP 500: internal error" });
    expect(await send("/429")).toMatchObject({ ok: false, retryable: true, statusCode: 429 });
    expect(await send("/403")).toMatchObject({ ok: false, retryable: false, statusCode: 403, error: "HTTP 403: invalid_token" });
    expect(await send("/throttled", "dingtalk")).toMatchObject({ ok: false, retryable: true, error: "errcode 130101: send too fast, exceed 20 times per minute" });
  });

  it("gives up on a channel that hangs after the timeout", async () => {
    const t0 = Date.now();
    const res = await send("/hang", "slack", 300);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(res).toMatchObject({ ok: false, retryable: true });
    expect(res.error).toContain("timed out after 300 ms");
  });

  it("reads at most 16 KiB of an answer", async () => {
    const res = await send("/huge", "dingtalk");
    expect(res.response.length).toBe(16_384);
    // A cut answer is not the platform's JSON any more: a failure, but not one worth retrying.
    expect(res.ok).toBe(false);
  });
});
