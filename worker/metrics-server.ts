import http from "node:http";
import type { Registry } from "prom-client";
import { logger } from "@/lib/logger";

/** Serves the worker's metrics for Prometheus; a port already taken (a second worker on the host) only warns. */
export function startMetricsServer(registry: Registry, port: number) {
  if (port === 0) return { close: async () => undefined };
  const server = http.createServer(async (req, res) => {
    if (req.url !== "/metrics") return res.writeHead(404).end();
    res.writeHead(200, { "content-type": registry.contentType }).end(await registry.metrics());
  });
  server.on("error", (err) => logger.warn({ err: err.message, port }, "worker metrics server not started"));
  server.listen(port, "0.0.0.0");
  return { close: () => new Promise<void>((r) => server.close(() => r())) };
}
