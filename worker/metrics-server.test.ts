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

  it("answers /healthz always and /readyz as its readiness says: 200 when ready, 503 with the reason when not", async () => {
    let state = { ready: true, draining: false };
    const server = startMetricsServer(new Registry(), await freePort(), "127.0.0.1", async () => state);
    try {
      await expect.poll(() => server.address()).not.toBeNull();
      const url = (p: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${p}`;
      expect((await fetch(url("/healthz"))).status).toBe(200);
      expect((await fetch(url("/readyz"))).status).toBe(200);
      state = { ready: false, draining: true };
      const res = await fetch(url("/readyz"));
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ ready: false, draining: true });
      expect((await fetch(url("/healthz"))).status).toBe(200);
      expect((await fetch(url("/nothing"))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
