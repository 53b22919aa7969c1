import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { startMetricsServer } from "./metrics-server";

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

describe("the worker's metrics server", () => {
  it("listens on loopback only unless told otherwise", async () => {
    const server = startMetricsServer(new Registry(), await freePort());
    try {
      await expect.poll(() => server.address()).not.toBeNull();
      expect((server.address() as AddressInfo).address).toBe("127.0.0.1");
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("listens where WORKER_METRICS_HOST says", async () => {
    const server = startMetricsServer(new Registry(), await freePort(), "::1");
    try {
      await expect.poll(() => server.address()).not.toBeNull();
      expect((server.address() as AddressInfo).address).toBe("::1");
    } finally {
      await server.close();
    }
  });
});
