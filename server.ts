// The web process (`npm run web`, and the web half of `npm start`): Next.js serves the console, the auth routes
// and the API, except the task-submit routes, which lib/http/direct-routes.ts hands straight to their route
// handlers. `npm run build` compiles it to dist/server.mjs; run that: `node dist/server.mjs [-p PORT] [-H HOST]`.
import { createServer } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import next from "next";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

const { values } = parseArgs({ options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } } });
const port = values.port ? Number(values.port) : env.web.port;
const hostname = values.hostname ?? env.web.host;
// What the route handlers see as the request's origin; they read paths and queries, never trust it further.
const origin = `http://${hostname ?? "localhost"}:${port}`;

// How long in-flight requests get to finish after SIGTERM before their connections are cut.
const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  // This file runs as dist/server.mjs: the app is one folder up.
  const app = next({ dev: false, dir: path.resolve(import.meta.dirname, ".."), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Imported only now: the route handlers import next/server, which needs the runtime that prepare() sets up.
  const { serveDirect } = await import("@/lib/http/direct-routes");

  const server = createServer((req, res) => {
    if (!serveDirect(req, res, origin)) void handle(req, res);
  });
  server.listen(port, hostname, () => logger.info({ port, hostname: hostname ?? "all interfaces" }, "web listening"));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "web stopping: finishing requests in flight");
    // Open event streams are ended by the task event hub's own SIGTERM/SIGINT handler.
    const deadline = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    deadline.unref();
    server.close(() => {
      void app.close().finally(() => {
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
  logger.fatal({ err }, "web failed to start");
  process.exit(1);
});
