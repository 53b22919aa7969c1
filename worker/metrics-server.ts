import http from "node:http";
import type { Registry } from "prom-client";
import { logger } from "@/lib/logger";

/**
 * Serves the worker's metrics for Prometheus; a port already taken (a second worker on the host) only warns.
 * Loopback by default (WORKER_METRICS_HOST): the metrics name hosts and clients, for a scraper, not for anyone.
 */
export function startMetricsServer(registry: Registry, port: number, host = "127.0.0.1") {
  if (port === 0) return { close: async () => undefined, address: () => null };
  const server = http.createServer(async (req, res) => {
    if (req.url !== "/metrics") return res.writeHead(404).end();
    res.writeHead(200, { "content-type": registry.contentType }).end(await registry.metrics());
  });
  server.on("error", (err) => logger.warn({ err: err.message, port, host }, "worker metrics server not started"));
  server.listen(port, host);
  return { close: () => new Promise<void>((r) => server.close(() => r())), address: () => server.address() };
}
