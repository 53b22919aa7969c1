import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClient, type TestClient } from "./support/api";
import { startWeb, startWorker, waitFor, type Proc } from "./support/processes";
import { testEnv } from "./support/test-env";

/**
 * A plain TCP forwarder to the real MariaDB (or Redis): the web and worker reach it only through this, so closing it
 * (and every connection through it) makes the service unreachable for them, and opening it again brings it back.
 */
async function forwarderTo(url: string) {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      if (server?.listening) return resolve();
      server = createServer((inbound) => {
        const outbound = connect(Number(target.port || (target.protocol === "redis:" ? 6379 : 3306)), target.hostname);
        for (const s of [inbound, outbound]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => s.destroy());
        }
        inbound.pipe(outbound).pipe(inbound);
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  await open();
  return {
    url: () => (target.protocol === "redis:" ? `redis://127.0.0.1:${port}${target.pathname}` : `mysql://${target.username || "root"}@127.0.0.1:${port}${target.pathname}`),
    async cut() {
      await new Promise<void>((r) => {
        server!.close(() => r());
        for (const s of sockets) s.destroy();
      });
    },
    open,
  };
}

const lines = (output: string) =>
  output
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown; stack?: string });

let client: TestClient;
let forwarder: Awaited<ReturnType<typeof forwarderTo>>;
let redisForwarder: Awaited<ReturnType<typeof forwarderTo>>;
const procs: Proc[] = [];

beforeAll(async () => {
  client = await newClient("outage");
  forwarder = await forwarderTo(testEnv.DATABASE_URL!);
  redisForwarder = await forwarderTo(testEnv.REDIS_URL!);
});
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop("SIGKILL")));
  await forwarder.open().catch(() => undefined);
  await redisForwarder.open().catch(() => undefined);
});

describe("a MySQL outage is logged once when it starts, counted while it lasts, and once when it ends", () => {
  it("web and worker each write one start line, count lines, and one end line — not one per request or job", async () => {
    const port = 3900 + (process.pid % 90);
    const env = { DATABASE_URL: forwarder.url(), LOG_LEVEL: "info", OUTAGE_REPORT_MS: "1000", REDIS_PREFIX: `bida-test-outage-${process.pid}` };
    const web = await startWeb(port, env);
    procs.push(web);
    const worker = await startWorker({ ...env, SWEEP_INTERVAL_MS: "300" });
    procs.push(worker);
    const base = `http://127.0.0.1:${port}`;

    await forwarder.cut();
    const outageStarted = Date.now();
    let refused = 0;
    // About four seconds of traffic: the native API through Next and the direct submit route, 503 each.
    while (Date.now() - outageStarted < 4_000) {
      const answers = await Promise.all([
        fetch(`${base}/api/v1/tasks`, { headers: { authorization: `Bearer ${client.apiKey}` } }),
        fetch(`${base}/api/v1/tasks`, {
          method: "POST",
          headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ url: "http://127.0.0.1:9/x" }),
        }),
      ]);
      for (const a of answers) expect(a.status).toBe(503);
      refused += answers.length;
      await new Promise((r) => setTimeout(r, 50));
    }
    await forwarder.open();
    await waitFor(() => web.output().includes("MySQL reachable again"), 20_000, web.output);
    await waitFor(() => worker.output().includes("MySQL reachable again"), 20_000, worker.output);
    expect(refused).toBeGreaterThan(20);

    const webLines = lines(web.output());
    const started = webLines.filter((l) => l.msg.startsWith("MySQL unreachable ("));
    const counts = webLines.filter((l) => /^MySQL unreachable for \d+ s, [\d,]+ requests refused/.test(l.msg));
    const ended = webLines.filter((l) => l.msg.startsWith("MySQL reachable again"));
    expect(started, web.output()).toHaveLength(1);
    // The driver's reason, not drizzle's wrapping of the probe's query.
    expect(started[0]!.msg).toMatch(/^MySQL unreachable \((connect ECONNREFUSED|Connection lost|read ECONNRESET|.*closed)/);
    expect(counts.length, web.output()).toBeGreaterThanOrEqual(1);
    expect(ended).toHaveLength(1);
    console.log(`web's outage lines:\n${[...started, ...counts, ...ended].map((l) => l.msg).join("\n")}`);
    // Every refused request is in the total, none on a line of its own.
    const total = /([\d,]+) requests refused in all/.exec(ended[0]!.msg);
    expect(Number(total?.[1]?.replaceAll(",", ""))).toBe(refused);
    expect(webLines.filter((l) => l.msg === "request failed" || l.msg === "direct route failed")).toEqual([]);
    expect(webLines.length).toBeLessThan(refused / 2);

    const workerLines = lines(worker.output());
    expect(workerLines.filter((l) => l.msg.startsWith("MySQL unreachable ("))).toHaveLength(1);
    expect(workerLines.filter((l) => l.msg.startsWith("MySQL reachable again"))).toHaveLength(1);
    expect(workerLines.filter((l) => l.msg.startsWith("sweep failed"))).toEqual([]);

    // Served again after it: the web answers from MySQL once more.
    expect((await fetch(`${base}/api/v1/tasks`, { headers: { authorization: `Bearer ${client.apiKey}` } })).status).toBe(200);
  });

  it("a Redis outage on the web: submits still accepted, and one start, count and end line instead of one per submit", async () => {
    const port = 3990 + (process.pid % 9);
    const env = { REDIS_URL: redisForwarder.url(), LOG_LEVEL: "info", OUTAGE_REPORT_MS: "1000", REDIS_PREFIX: `bida-test-outage-redis-${process.pid}` };
    const web = await startWeb(port, env);
    procs.push(web);
    const base = `http://127.0.0.1:${port}`;

    await redisForwarder.cut();
    const outageStarted = Date.now();
    let accepted = 0;
    while (Date.now() - outageStarted < 4_000) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          fetch(`${base}/api/v1/tasks`, {
            method: "POST",
            headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json" },
            body: JSON.stringify({ url: "http://127.0.0.1:9/while-redis-down" }),
          }),
        ),
      );
      // Committed in MySQL; the sweeper queues them once Redis is back.
      for (const a of answers) expect(a.status).toBe(201);
      accepted += answers.length;
    }
    await redisForwarder.open();
    await waitFor(() => web.output().includes("Redis reachable again"), 20_000, web.output);

    const webLines = lines(web.output());
    expect(webLines.filter((l) => l.msg.startsWith("Redis unreachable (")), web.output()).toHaveLength(1);
    expect(webLines.filter((l) => l.msg.startsWith("Redis reachable again"))).toHaveLength(1);
    // Concurrent submits share commits (and so after-commit steps): the total counts steps, not requests.
    const total = /([\d,]+) after-commit steps deferred to the sweeper in all/.exec(webLines.find((l) => l.msg.startsWith("Redis reachable again"))!.msg);
    expect(Number(total?.[1]?.replaceAll(",", "")), web.output()).toBeGreaterThan(0);
    expect(webLines.filter((l) => l.msg.startsWith("after-commit step failed") || l.msg === "queue error")).toEqual([]);
    // Nothing printed around the log either (BullMQ writes each connection error to stderr unless listened to).
    expect(web.output()).not.toMatch(/^Error: connect ECONNREFUSED/m);
    expect(webLines.length).toBeLessThan(accepted / 2);
  });
});
