import { createServer as createHttpServer } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTarget } from "./call-target";
import { judge } from "./judge";
import { createOutboundAgent } from "./outbound-policy";
import { startReceiver, type Receiver } from "./test-receiver";

const agent = createOutboundAgent();
const get = (url: string) => ({ url, method: "GET" as const, headers: {}, body: undefined });

/** A raw TCP server for targets that do not speak HTTP properly. */
async function tcpServer(onSocket: (socket: Socket) => void): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let receiver: Receiver;
let redirectTargetHits = 0;

beforeAll(async () => {
  receiver = await startReceiver((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/hang") return; // never answers
    if (path === "/redirect") return res.writeHead(302, { location: `${receiver.url}/moved` }).end();
    if (path === "/moved") {
      redirectTargetHits++;
      return res.end("moved here");
    }
    if (path === "/huge") return streamHuge(res);
    if (path === "/slow-body") {
      res.writeHead(200);
      res.write("first part, ");
      return; // and then nothing
    }
    if (path === "/gbk") return res.writeHead(200, { "content-type": "text/plain; charset=GBK" }).end(Buffer.from([0xb3, 0xc9, 0xb9, 0xa6]));
    if (path === "/split") {
      // 3 bytes of ASCII, then 上 (E4 B8 8A): a 4-byte limit cuts inside it.
      return res.end(Buffer.concat([Buffer.from("abc"), Buffer.from("上海")]));
    }
    if (path === "/exact") return res.end("x".repeat(1024));
    res.end("ok");
  });
});

afterAll(async () => {
  await agent.close();
  await receiver.close();
});

function streamHuge(res: import("node:http").ServerResponse) {
  const chunk = Buffer.alloc(64 * 1024, "a");
  let sent = 0;
  res.writeHead(200, { "content-length": String(100 * 1024 * 1024) });
  const pump = () => {
    while (sent < 100 * 1024 * 1024) {
      sent += chunk.length;
      if (!res.write(chunk)) return res.once("drain", pump);
    }
    res.end();
  };
  res.on("close", () => res.removeAllListeners("drain"));
  pump();
}

describe("callTarget", () => {
  it("returns the status, headers and body of an answer", async () => {
    const result = await callTarget(agent, get(`${receiver.url}/`), { timeoutMs: 2_000 });
    expect(result).toMatchObject({ statusCode: 200, body: "ok", truncated: false, error: null });
    expect(result.headers["content-length"]).toBe("2");
    expect(result.startedAt).toBeInstanceOf(Date);
  });

  it("times out a hanging target at timeoutMs", async () => {
    const result = await callTarget(agent, get(`${receiver.url}/hang`), { timeoutMs: 500 });
    expect(result.statusCode).toBeNull();
    expect(result.error).toBe("timed out after 500 ms");
    expect(result.durationMs).toBeGreaterThanOrEqual(495);
    expect(result.durationMs).toBeLessThan(1_500);
  });

  it("times out an answer whose body stops coming, keeping what arrived", async () => {
    const result = await callTarget(agent, get(`${receiver.url}/slow-body`), { timeoutMs: 400 });
    expect(result.statusCode).toBe(200);
    expect(result.error).toBe("timed out after 400 ms while reading the answer");
    expect(result.body).toBe("first part, ");
    expect(judge(null, result)).toEqual({ ok: false, error: "timed out after 400 ms while reading the answer" });
  });

  it("reports a refused connection", async () => {
    const result = await callTarget(agent, get("http://127.0.0.1:1/"), { timeoutMs: 2_000 });
    expect(result.statusCode).toBeNull();
    expect(result.error).toBe("connection refused (ECONNREFUSED 127.0.0.1:1)");
  });

  it("reports a target that resets the connection", async () => {
    const server = await tcpServer((socket) => socket.once("data", () => socket.resetAndDestroy()));
    const result = await callTarget(agent, get(server.url), { timeoutMs: 2_000 });
    await server.close();
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/^connection reset by the target \(ECONNRESET\)$|closed the connection/);
  });

  it("reports a target that closes without answering", async () => {
    const server = await tcpServer((socket) => socket.once("data", () => socket.end()));
    const result = await callTarget(agent, get(server.url), { timeoutMs: 2_000 });
    await server.close();
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/^the target closed the connection before answering completely \(UND_ERR_SOCKET/);
  });

  it("reports garbage that is not HTTP", async () => {
    const server = await tcpServer((socket) => socket.once("data", () => socket.end("\x00\x01garbage, not HTTP at all\r\n\r\n")));
    const result = await callTarget(agent, get(server.url), { timeoutMs: 2_000 });
    await server.close();
    expect(result.statusCode).toBeNull();
    expect(result.error).toBe(
      "the answer is not valid HTTP: Response does not match the HTTP/1.1 protocol (Expected HTTP/, RTSP/ or ICE/)",
    );
  });

  it("reports a failed TLS handshake", async () => {
    const server = await tcpServer((socket) => socket.once("data", () => socket.end("HTTP/1.1 200 OK\r\n\r\n")));
    const result = await callTarget(agent, get(server.url.replace("http:", "https:")), { timeoutMs: 2_000 });
    await server.close();
    expect(result.statusCode).toBeNull();
    expect(result.error).toBe("TLS handshake failed: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER)");
  });

  it("reports a host that does not resolve", async () => {
    const result = await callTarget(agent, get("http://no-such-host.invalid/"), { timeoutMs: 5_000 });
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/^(host not found \(ENOTFOUND no-such-host\.invalid\)|DNS lookup failed temporarily)/);
  });

  it("does not follow a redirect", async () => {
    const result = await callTarget(agent, get(`${receiver.url}/redirect`), { timeoutMs: 2_000 });
    expect(result.statusCode).toBe(302);
    expect(redirectTargetHits).toBe(0);
    expect(judge(null, result).error).toBe(`HTTP 302 redirect to ${receiver.url}/moved (redirects are not followed)`);
  });

  it("cuts a 100 MB answer at the limit, quickly", async () => {
    const before = process.memoryUsage().rss;
    const result = await callTarget(agent, get(`${receiver.url}/huge`), { timeoutMs: 10_000 });
    expect(result.error).toBeNull();
    expect(result.statusCode).toBe(200);
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(result.body)).toBe(65_536);
    expect(result.durationMs).toBeLessThan(1_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });

  it("does not mark an answer of exactly the limit as cut", async () => {
    const result = await callTarget(agent, get(`${receiver.url}/exact`), { timeoutMs: 2_000, maxBodyBytes: 1024 });
    expect(result.truncated).toBe(false);
    expect(result.body).toHaveLength(1024);
  });

  it("drops a character split by the cut instead of mangling it", async () => {
    const result = await callTarget(agent, get(`${receiver.url}/split`), { timeoutMs: 2_000, maxBodyBytes: 5 });
    expect(result).toMatchObject({ body: "abc", truncated: true });
    const whole = await callTarget(agent, get(`${receiver.url}/split`), { timeoutMs: 2_000 });
    expect(whole.body).toBe("abc上海");
  });

  it("decodes by the declared charset", async () => {
    const result = await callTarget(agent, get(`${receiver.url}/gbk`), { timeoutMs: 2_000 });
    expect(result.body).toBe("成功");
  });

  // undici may open a second socket while the first is still finishing its answer; after that both are reused.
  it("reuses kept-alive connections for calls in sequence", async () => {
    let connections = 0;
    const server = createHttpServer((_req, res) => res.end("ok")).on("connection", () => connections++);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    for (let i = 0; i < 10; i++) expect((await callTarget(agent, get(url), { timeoutMs: 2_000 })).statusCode).toBe(200);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    expect(connections).toBeLessThanOrEqual(2);
  });
});
