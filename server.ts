// The web process (`npm run web`, and the web half of `npm start`): Next.js serves the console, the auth routes
// and the API, except the task-submit routes, which server/direct-routes.ts hands straight to their route
// handlers. `npm run build` compiles it to dist/server.mjs; run that: `node dist/server.mjs [-p PORT] [-H HOST]`.
// Everything of the app is imported only after Next has loaded the .env files and prepared its runtime, so the
// settings and the route handlers see what they would see under `next start`.
import { createServer, type ServerResponse } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import next from "next";

// This file runs as dist/server.mjs: the app is one folder up.
const dir = path.resolve(import.meta.dirname, "..");
// How long in-flight requests get to finish after SIGTERM before their connections are cut.
const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  nextEnv.loadEnvConfig(dir);
  const { env } = await import("@/lib/env");
  const { logger } = await import("@/lib/logger");
  // Before Next loads: the tracing SDK (only when an OTLP endpoint is set) must be registered before any span starts.
  const tracing = await (await import("@/lib/tracing/start-tracing")).startTracing("bida-web");
  const { values } = parseArgs({ options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } } });
  const port = values.port ? Number(values.port) : env.web.port;
  const hostname = values.hostname ?? env.web.host;

  const app = next({ dev: false, dir, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Imported only now: the route handlers import next/server, which needs the runtime that prepare() sets up.
  const { serveDirect } = await import("./server/direct-routes");
  const stampCaller = (await import("./server/stamp-caller")).createCallerStamp();

  let stopping = false;
  const failed = (res: ServerResponse, err: unknown) => {
    logger.error({ err }, "request failed outside any route handler");
    if (res.headersSent) res.destroy();
    else res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("Internal error.");
  };
  const server = createServer((req, res) => {
    // While stopping, every answer closes its connection, so keep-alive clients cannot hold the server open.
    if (stopping) res.shouldKeepAlive = false;
    // Route handlers do not see the socket: the caller's address goes to them in a header only this server sets.
    stampCaller(req);
    if (!serveDirect(req, res)) handle(req, res).catch((err: unknown) => failed(res, err));
  });
  server.listen(port, hostname, () => logger.info({ port, hostname }, "web listening"));

  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "web stopping: finishing requests in flight");
    // Open event streams are ended by the task event hub's own SIGTERM/SIGINT handler.
    setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    server.close(() => {
      void Promise.allSettled([app.close(), tracing?.shutdown()]).finally(() => {
        logger.info("web stopped");
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err) => {
  console.error("web failed to start:", err);
  process.exit(1);
});
