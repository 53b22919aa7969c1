import net from "node:net";
import os from "node:os";
import { closeAppContext, createAppContext } from "@/lib/context";
import { invokeCallBackService } from "@/lib/dubbo/call-back-service";
import { providerUrl } from "@/lib/dubbo/provider-url";
import { createRegistries, registerAll, unregisterAll } from "@/lib/dubbo/registry/registries";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { serveConnection, type Connection } from "./connection";

/** The address consumers are told: DUBBO_PUBLISH_HOST, else DUBBO_HOST when it is one address, else this machine's first IPv4. */
function publishHost(): string {
  const d = env.dubbo;
  if (d.publishHost) return d.publishHost;
  if (d.host && d.host !== "0.0.0.0" && d.host !== "::") return d.host;
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return "127.0.0.1";
}

/**
 * Bida's Dubbo provider: kkbida's CallBackService on DUBBO_PORT, registered in DUBBO_REGISTRY. Its own process
 * (npm start runs it beside web and worker when DUBBO_PORT is set): see docs/operations/dubbo.md for why.
 */
async function main() {
  const d = env.dubbo;
  if (!d.port || !d.client) throw new Error("DUBBO_PORT and DUBBO_CLIENT must be set to run the Dubbo provider");
  const ctx = createAppContext();
  const options = { clientName: d.client, retryWindowMs: d.retryWindowMs };
  const connections = new Set<Connection>();
  const server = net.createServer((socket) => {
    const c = serveConnection(socket, (inv, remote) => invokeCallBackService(ctx, options, inv, remote), d.maxPayload);
    connections.add(c);
    socket.on("close", () => connections.delete(c));
  });
  server.maxConnections = d.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(d.port, d.host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  const url = providerUrl({ host: publishHost(), port, application: d.application, anyhost: !d.host || d.host === "0.0.0.0" || d.host === "::" });
  const registries = createRegistries(d.registry);
  let stopping = false;
  void registerAll(registries, url, () => stopping);
  logger.info({ port, url, registries: registries.map((r) => r.name), client: d.client }, "dubbo provider started");

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "dubbo provider stopping: unregistering, then finishing the calls in flight");
    // Consumers learn first (registry notifications, the read-only event), so no new call is sent here.
    await unregisterAll(registries);
    for (const c of connections) c.sayReadOnly();
    server.close();
    const deadline = Date.now() + env.worker.shutdownGraceMs;
    while ([...connections].some((c) => c.inFlight() > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const c of connections) c.end();
    await closeAppContext(ctx);
    logger.info("dubbo provider stopped");
    process.exit(0);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stop(signal));
}

main().catch((err: unknown) => {
  logger.fatal({ err }, "dubbo provider failed to start");
  process.exit(1);
});
