import { spawnSync } from "node:child_process";
import { Queue } from "bullmq";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClient, type TestClient } from "./support/api";
import { statusCounts } from "./support/db";
import { startWeb, startWorker, waitFor, type Proc } from "./support/processes";
import { holdCalls, startReceiver, type Receiver } from "./support/receiver";
import { startCluster, type TestCluster } from "./support/redis-cluster";
import { newUser, signIn } from "./support/session";
import { freePort } from "./support/free-port";

// Bida on a real Redis Cluster of three masters, each with a replica, started here on loopback ports 7100-7199.
const PREFIX = "{bida-test}";
const base = 7100 + (process.pid % 15) * 6;

let cluster: TestCluster;
let keys: Cluster;
let receiver: Receiver;
let client: TestClient;
let web: Proc;
let webUrl: string;
let worker: Proc;
let clusterEnv: Record<string, string>;
const procs: Proc[] = [];

// Short lock and sweep periods so recovery is observable in seconds rather than the production half-minute.
const fastWorker = { WORKER_LOCK_MS: "3000", SWEEP_INTERVAL_MS: "500", SWEEP_GRACE_MS: "2000" };

async function submit(tasks: Record<string, unknown>[]): Promise<{ status: number; ids: string[] }> {
  const res = await fetch(`${webUrl}/api/v1/tasks/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ tasks }),
  });
  const body = (await res.json().catch(() => null)) as { results?: { id?: string }[] } | null;
  // Acknowledged means a 200 naming the task's id; anything else the caller would send again.
  const ids = res.status === 200 ? (body?.results ?? []).flatMap((r) => (r.id ? [r.id] : [])) : [];
  return { status: res.status, ids };
}

async function waitAllSucceeded(ids: string[], timeoutMs: number) {
  let counts: Record<string, number> = {};
  await waitFor(async () => {
    counts = await statusCounts(ids);
    return (counts.succeeded ?? 0) === ids.length;
  }, timeoutMs, () => `${JSON.stringify(counts)}\n--- worker\n${worker.output().slice(-3000)}`);
  return counts;
}

/** The slot every one of Bida's keys hashes to, and the master serving it now. */
async function bidaShard() {
  const slot = Number(await cluster.node(cluster.ports.find((p) => cluster.alive(p))!).call("CLUSTER", "KEYSLOT", PREFIX));
  return { slot, ...(await cluster.shardOf(slot)) };
}

async function masters(): Promise<number[]> {
  const out: number[] = [];
  for (const port of cluster.ports.filter((p) => cluster.alive(p))) {
    if (((await cluster.node(port).call("ROLE")) as string[])[0] === "master") out.push(port);
  }
  return out;
}

beforeAll(async () => {
  cluster = await startCluster(base);
  keys = new Cluster(cluster.seeds.split(",").map((s) => ({ host: "127.0.0.1", port: Number(s.split(":")[1]) })), { redisOptions: { maxRetriesPerRequest: 3 } });
  keys.on("error", () => undefined);
  receiver = await startReceiver();
  client = await newClient("cluster");
  clusterEnv = { REDIS_CLUSTER_NODES: cluster.seeds, REDIS_PREFIX: PREFIX };
  const port = await freePort();
  webUrl = `http://127.0.0.1:${port}`;
  web = await startWeb(port, clusterEnv);
  procs.push(web);
  // A deferred job whose wake-up was missed retries after HOST_WAIT_MS (30 s by default), as in host-gate.test.ts.
  worker = await startWorker({ ...clusterEnv, ...fastWorker, HOST_MAX_IN_FLIGHT: "3", HOST_WAIT_MS: "1000", WORKER_CONCURRENCY: "50" });
  procs.push(worker);
}, 180_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop("SIGKILL")));
  keys?.disconnect();
  await receiver?.close();
  await cluster?.stop();
});

describe("Bida on a Redis Cluster", () => {
  it("is a real cluster: BullMQ without a hash-tagged prefix fails with CROSSSLOT, and Bida refuses to start that way", async () => {
    const untagged = new Queue("delivery", { connection: keys, prefix: "bida-test-untagged" });
    await expect(untagged.add("x", {})).rejects.toThrow(/CROSSSLOT/);
    await untagged.close();
    // Its single-key writes (the queue's meta) did go through: gone again, for the next test's census.
    for (const port of await masters()) {
      const left = await cluster.node(port).keys("bida-test-untagged:*");
      if (left.length > 0) await cluster.node(port).del(...left);
    }
    const refused = spawnSync(process.execPath, ["dist/worker.mjs"], { env: { ...process.env, ...clusterEnv, REDIS_PREFIX: "bida-test" }, encoding: "utf8", timeout: 30_000 });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/REDIS_PREFIX: on a Redis Cluster it needs a hash tag, e\.g\. \{bida-test\}/);
  }, 60_000);

  it("keeps every key of Bida's and BullMQ's in the prefix's one slot", async () => {
    const ids = (await submit([{ url: receiver.url("/first") }])).ids;
    expect(ids).toHaveLength(1);
    await waitAllSucceeded(ids, 30_000);
    const { master, slot } = await bidaShard();
    const names = (await cluster.node(master).call("CLUSTER", "GETKEYSINSLOT", slot, 1000)) as string[];
    // The worker's heartbeat, the host gate's known hosts and the delivery queue's own keys.
    expect(names).toEqual(expect.arrayContaining([`${PREFIX}:workers`, `${PREFIX}:hosts`, `${PREFIX}:deliver:meta`]));
    const everyKey: string[] = [];
    for (const port of await masters()) everyKey.push(...(await cluster.node(port).keys("*")));
    // Nothing anywhere else: every key on every master is under the tagged prefix, so in the one slot.
    expect(everyKey.length).toBeGreaterThan(3);
    expect(everyKey.filter((k) => !k.startsWith(`${PREFIX}:`))).toEqual([]);
  }, 60_000);

  it("the host gate's cap holds across the cluster: at most 3 calls at once to one host", async () => {
    const held = holdCalls(receiver, "/capped", 200);
    const { ids } = await submit(Array.from({ length: 30 }, () => ({ url: receiver.url("/capped") })));
    expect(ids).toHaveLength(30);
    await waitAllSucceeded(ids, 60_000);
    expect(receiver.requests("/capped")).toHaveLength(30);
    expect(held.most()).toBe(3);
  }, 90_000);

  it("live events published by the worker reach a console's event stream on the web", async () => {
    const user = await newUser("viewer", "cl");
    const session = await signIn(user.username, user.password, {}, webUrl);
    expect(session.ok).toBe(true);
    const abort = new AbortController();
    const res = await fetch(`${webUrl}/api/events`, { headers: { cookie: session.cookie }, signal: abort.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = "";
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    })().catch(() => undefined);
    await waitFor(() => text.includes(": connected"), 10_000);
    // The web subscribes on the first stream: a task submitted before that is done would be missed, so submit
    // until one task's success arrives.
    const sent: string[] = [];
    const succeeded = () =>
      text
        .split("\n")
        .filter((l) => l.startsWith("data: "))
        .flatMap((l) => JSON.parse(l.slice(6)) as { id: string; status: string }[])
        .filter((e) => e.status === "succeeded")
        .map((e) => e.id);
    await waitFor(async () => {
      if (succeeded().some((id) => sent.includes(id))) return true;
      sent.push(...(await submit([{ url: receiver.url("/live") }])).ids);
      return false;
    }, 30_000, () => text);
    abort.abort();
    await reading;
  }, 60_000);

  it("the sweeper takes its redlock on the cluster: while another holds the lock nothing is swept; once free, lost jobs come back", async () => {
    const { ids } = await submit(Array.from({ length: 20 }, () => ({ url: receiver.url("/swept"), runAt: new Date(Date.now() + 1500).toISOString() })));
    expect(ids).toHaveLength(20);
    // Every queued job gone, on every master: only the sweeper (MySQL's record) can bring them back.
    const { master } = await bidaShard();
    await cluster.node(master).flushall();
    const lock = `${PREFIX}:sweeper-lock`;
    expect(await keys.set(lock, "held-by-the-test", "PX", 120_000, "NX")).toBe("OK");
    // Due in 1.5 s, overdue 2 s later: ten sweep intervals past that, the held lock has kept every sweep from running.
    await new Promise((r) => setTimeout(r, 1500 + 2000 + 10 * 500));
    expect(receiver.requests("/swept")).toHaveLength(0);
    expect(await statusCounts(ids)).toEqual({ queued: 20 });
    await keys.del(lock);
    await waitAllSucceeded(ids, 60_000);
    expect(new Set(receiver.requests("/swept").map((r) => r.headers["x-bida-task-id"])).size).toBe(20);
    expect(worker.output()).toMatch(/sweeper queued or made due overdue tasks/);
  }, 90_000);

  it("a master fails (SIGKILL) while tasks flow: its replica takes over, and every acknowledged task is delivered", async () => {
    receiver.on("/burst", (_req, res) => setTimeout(() => res.end("ok"), 20));
    const before = await bidaShard();
    expect(before.replicas).toHaveLength(1);
    const acked: string[] = [];
    let refused = 0;
    const batch = async () => {
      const r = await submit(Array.from({ length: 20 }, () => ({ url: receiver.url("/burst"), maxAttempts: 10, retry: { strategy: "fixed", delayMs: 300 } })));
      acked.push(...r.ids);
      if (r.ids.length === 0) refused++;
    };
    for (let i = 0; i < 5; i++) await batch();
    // Some of the burst is on its way to the receiver when the master holding Bida's slot dies.
    await waitFor(() => receiver.requests("/burst").length > 0, 20_000);
    cluster.kill(before.master);
    // Tasks keep coming while the cluster notices and promotes the replica, and for a while after.
    let promotedAt = -1;
    for (let i = 0; promotedAt < 0 || i < promotedAt + 5; i++) {
      await batch();
      if (promotedAt < 0) {
        const role = (await cluster.node(before.replicas[0]!).call("ROLE").catch(() => ["?"])) as string[];
        if (role[0] === "master") promotedAt = i;
      }
      expect(i).toBeLessThan(400);
    }
    await cluster.waitHealthy();
    expect((await bidaShard()).master).toBe(before.replicas[0]);
    expect(acked.length).toBeGreaterThanOrEqual(100);
    const counts = await waitAllSucceeded(acked, 120_000);
    expect(counts).toEqual({ succeeded: acked.length });
    const delivered = new Set(receiver.requests("/burst").map((r) => r.headers["x-bida-task-id"]));
    expect(acked.filter((id) => !delivered.has(id))).toEqual([]);
    // Refused submits (a 5xx while the slot had no master) were never acknowledged; say how many, for the record.
    console.log(`failover: ${acked.length} tasks acknowledged and delivered, ${refused} batches refused, promoted after ${promotedAt + 1} batches`);
  }, 240_000);
});
