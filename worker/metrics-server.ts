import http from "node:http";
import type { Registry } from "prom-client";
import { logger } from "@/lib/logger";

/** Whether the worker can take jobs now, and if not, why (for /readyz). */
export type Readiness = () => Promise<{ ready: boolean; [detail: string]: unknown }>;

const json = (res: http.ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));

/**
 * Serves the worker's metrics for Prometheus, and /healthz (the process answers: restart it when not) and /readyz
 * (it takes jobs: MySQL and Redis answer, its queues run, it is not draining) for an outer supervisor; a port
 * already taken (a second worker on the host) only warns. Loopback by default (WORKER_METRICS_HOST): the metrics
 * name hosts and clients, for a scraper, not for anyone.
 */
export function startMetricsServer(registry: Registry, port: number, host = "127.0.0.1", readiness?: Readiness) {
  if (port === 0) return { close: async () => undefined, address: () => null };
  const server = http.createServer(async (req, res) => {
    const path = req.url?.split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return res.writeHead(405).end();
    if (path === "/metrics") return res.writeHead(200, { "content-type": registry.contentType }).end(await registry.metrics());
    if (path === "/healthz") return json(res, 200, { ok: true });
    if (path === "/readyz") {
      const state = readiness ? await readiness().catch((err: Error) => ({ ready: false, error: err.message })) : { ready: true };
      return json(res, state.ready ? 200 : 503, state);
    }
    res.writeHead(404).end();
  });
  server.on("error", (err) => logger.warn({ err: err.message, port, host }, "worker metrics server not started"));
  server.listen(port, host);
  return { close: () => new Promise<void>((r) => server.close(() => r())), address: () => server.address() };
}
