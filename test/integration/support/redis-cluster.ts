import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { keepOutput, waitFor } from "./processes";

/**
 * A real Redis Cluster for a test: Debian's redis-server started `masters * 2` times on loopback ports (a replica
 * for every master, so a master can fail over), joined by redis-cli --cluster create. Nothing here is Bida's code:
 * the test talks to the cluster through redis-server's own tools and plain ioredis node connections.
 */
export interface TestCluster {
  ports: number[];
  /** REDIS_CLUSTER_NODES for Bida's processes. */
  seeds: string;
  /** A plain connection to one node (not a cluster client): for CLUSTER, ROLE and key commands on that node. */
  node(port: number): Redis;
  /** The master serving `slot` and its replicas, as the cluster sees it now. */
  shardOf(slot: number): Promise<{ master: number; replicas: number[] }>;
  /** SIGKILL of one node's redis-server. */
  kill(port: number): void;
  alive(port: number): boolean;
  /** Every node still running answers cluster_state:ok. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Ports `base … base + 2 * masters - 1`; the caller keeps them inside its own range. */
export async function startCluster(base: number, masters = 3): Promise<TestCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bida-redis-cluster-"));
  const ports = Array.from({ length: masters * 2 }, (_, i) => base + i);
  const procs = new Map<number, { child: ChildProcess; output: () => string }>();
  const clients = new Map<number, Redis>();
  const node = (port: number) => {
    let c = clients.get(port);
    if (!c) {
      c = new Redis({ host: "127.0.0.1", port, lazyConnect: false, maxRetriesPerRequest: 1, retryStrategy: () => 200 });
      c.on("error", () => undefined);
      clients.set(port, c);
    }
    return c;
  };

  const stop = async () => {
    for (const c of clients.values()) c.disconnect();
    for (const p of procs.values()) {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    }
    await Promise.all([...procs.values()].map((p) => (p.child.exitCode === null && p.child.signalCode === null ? new Promise((r) => p.child.once("exit", r)) : null)));
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    for (const port of ports) {
      // Nothing on disk but the cluster's own node file; a short node timeout makes a failover take seconds.
      const args = [
        "--port", String(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-announce-ip", "127.0.0.1",
        "--cluster-config-file", path.join(dir, `nodes-${port}.conf`), "--dir", dir, "--cluster-node-timeout", "2000",
        "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning",
      ];
      const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
      procs.set(port, { child, output: keepOutput(child) });
    }
    const logs = () => [...procs].map(([port, p]) => `--- ${port}\n${p.output().slice(-1000)}`).join("\n");
    await waitFor(async () => (await Promise.all(ports.map((p) => node(p).ping()))).every((r) => r === "PONG"), 15_000, logs);
    const created = spawnSync("redis-cli", ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "1", "--cluster-yes"], { encoding: "utf8", timeout: 60_000 });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}\n${created.stderr}`);

    const shardOf = async (slot: number) => {
      // CLUSTER SLOTS: [start, end, [ip, port, id], …replicas]
      for (const port of ports) {
        if (!alive(port)) continue;
        const ranges = (await node(port).call("CLUSTER", "SLOTS")) as [number, number, ...[string, number, string][]][];
        const range = ranges.find(([start, end]) => start <= slot && slot <= end);
        if (!range) continue;
        const [, , master, ...replicas] = range;
        return { master: Number(master[1]), replicas: replicas.map((r) => Number(r[1])) };
      }
      throw new Error(`no node serves slot ${slot}`);
    };
    const alive = (port: number) => {
      const c = procs.get(port)!.child;
      return c.exitCode === null && c.signalCode === null;
    };
    const waitHealthy = async (timeoutMs = 30_000) => {
      await waitFor(
        async () => {
          for (const port of ports.filter(alive)) {
            const info = String(await node(port).call("CLUSTER", "INFO"));
            if (!info.includes("cluster_state:ok")) return false;
            // A replica that has not synced yet could not take over: wait for every link.
            const repl = await node(port).info("replication");
            if (repl.includes("role:slave") && !repl.includes("master_link_status:up")) return false;
          }
          return true;
        },
        timeoutMs,
        logs,
      );
    };
    await waitHealthy();
    return {
      ports,
      seeds: ports.map((p) => `127.0.0.1:${p}`).join(","),
      node,
      shardOf,
      kill: (port) => procs.get(port)!.child.kill("SIGKILL"),
      alive,
      waitHealthy,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
