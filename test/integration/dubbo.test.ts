import { Redis } from "ioredis";
import * as zookeeper from "node-zookeeper-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClient, type TestClient } from "./support/api";
import { compileConsumer } from "./support/java-consumer";
import { startDubbo, startWorker, type Proc } from "./support/processes";
import { startReceiver, type Receiver } from "./support/receiver";
import { testEnv } from "./support/test-env";
import { waitForFinal } from "./support/wait";
import { startZooKeeper } from "./support/zookeeper";
import { createApiClient } from "@/lib/clients/create-client";
import { testDb } from "./support/db";

// kkbida's Dubbo consumers, played by a Java client (test/integration/dubbo-consumer): Caucho Hessian 2 from
// Debian, its own Dubbo frame, discovery through the Redis registry and through a real ZooKeeper.
const SERVICE = "cn.keking.callcenter.sdk.service.CallBackService";
const PROVIDERS = `/dubbo/${SERVICE}/providers`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const dubboPort = 20900 + (process.pid % 50);
const zkPort = 21810 + (process.pid % 10);
const redisUrl = testEnv.REDIS_URL!;
const redisDb = Number(new URL(redisUrl).pathname.slice(1) || 0);
const redisAddress = `${new URL(redisUrl).host}/${redisDb}`;

let receiver: Receiver;
let worker: Proc;
let dubbo: Proc;
let zk: Awaited<ReturnType<typeof startZooKeeper>>;
let client: TestClient;
let consumer: Awaited<ReturnType<typeof compileConsumer>>;
let redis: Redis;
let subscriber: Redis;
const messages: string[] = [];

beforeAll(async () => {
  receiver = await startReceiver();
  for (const p of ["/get-redis", "/get-zk", "/after-redis", "/get-direct"]) receiver.on(p, (_req, res) => res.end('{"msg":"成功"}'));
  for (let n = 0; n < 50; n++) receiver.on(`/many-redis/${n}`, (_req, res) => res.end("成功"));
  receiver.on("/post-redis", (_req, res) => res.end("处理成功"));
  [consumer, zk, worker, client] = await Promise.all([compileConsumer(), startZooKeeper(zkPort), startWorker(), newClient("dubbo")]);
  redis = new Redis(redisUrl);
  subscriber = new Redis(redisUrl);
  await redis.del(PROVIDERS);
  await subscriber.subscribe(PROVIDERS);
  subscriber.on("message", (_channel, message: string) => messages.push(message));
  dubbo = await startDubbo(
    { DUBBO_PORT: String(dubboPort), DUBBO_HOST: "127.0.0.1", DUBBO_CLIENT: client.name, DUBBO_REGISTRY: `${redisUrl},zookeeper://127.0.0.1:${zkPort}` },
    2,
  );
}, 180_000);

afterAll(async () => {
  await dubbo?.stop();
  await Promise.allSettled([worker?.stop(), zk?.stop(), receiver?.close()]);
  subscriber?.disconnect();
  redis?.disconnect();
});

describe("Dubbo provider (kkbida's CallBackService)", () => {
  it("registers in the Redis registry as Dubbo 2.6 does: the URL as a hash field, an expiry it renews, a register message", async () => {
    const fields = await redis.hgetall(PROVIDERS);
    const [url, expires] = Object.entries(fields)[0]!;
    expect(Object.keys(fields)).toHaveLength(1);
    expect(url).toMatch(new RegExp(`^dubbo://127\\.0\\.0\\.1:${dubboPort}/${SERVICE.replace(/\./g, "\\.")}\\?`));
    const params = new URLSearchParams(url.split("?")[1]);
    expect(params.get("interface")).toBe(SERVICE);
    expect(params.get("version")).toBe("1.0");
    expect(params.get("side")).toBe("provider");
    expect(params.get("methods")!.split(",").sort()).toEqual(["call", "doCall"]);
    // Dubbo writes the parameters sorted: a consumer's URL equality depends on it.
    expect([...params.keys()]).toEqual([...params.keys()].sort());
    expect(Number(expires)).toBeGreaterThan(Date.now());
    expect(Number(expires)).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(messages).toContain("register");
  });

  it("serves a Java consumer that found it in Redis: GET and POST tasks with nested params and Chinese text, a retried call, refusals, an unknown method, a bad body, 50 calls at once and heartbeats", async () => {
    const out = await consumer(["redis", redisAddress, receiver.url(""), "redis", "all"]);
    expect(out.all("error"), out.stdout).toEqual([]);
    expect(out.one("heartbeat")).toBe("ok");
    const getId = out.one("get")!;
    const postId = out.one("post")!;
    expect(getId).toMatch(UUID);
    expect(postId).toMatch(UUID);
    // The retried call (same consumer, same task) answers the first task's id: no second task.
    expect(out.one("retry")).toBe(postId);

    // kkbida's checks for `call`, thrown as its own exception class with its message.
    expect(out.one("invalid")).toMatch(/^EXC cn\.keking\.callcenter\.sdk\.exception\.CallBackException 任务添加失败，url为空或url格式不正确，最大重试次数不能为空且不能大于100/);
    expect(out.one("invalid-docall")).toMatch(/^EXC cn\.keking\.callcenter\.sdk\.exception\.CallBackException 任务添加失败，/);
    // Unknown method: SERVICE_ERROR (70); the same connection then serves a good call.
    expect(out.one("unknown-method")).toMatch(/^ERR 70 .*callLater/);
    const afterId = out.one("after-unknown")!;
    expect(afterId).toMatch(UUID);
    // An undecodable body: BAD_REQUEST (40), and the connection still answers.
    expect(out.one("bad-body")).toMatch(/^ERR 40 /);
    expect(out.one("after-bad-body")).toBe("ok");

    // 50 calls in flight on one connection: each answered with its own id, each a task of its own.
    const many = out.all("concurrent").map((l) => l.split(" "));
    expect(many).toHaveLength(50);
    expect(new Set(many.map(([, id]) => id)).size).toBe(50);
    for (const [, id] of many) expect(id).toMatch(UUID);
    expect(out.one("done")).toBe("");

    const get = await waitForFinal(getId);
    expect(get.status).toBe("succeeded");
    expect(get.clientId).toBe(client.id);
    expect(get.protocol).toBe("kkbida");
    expect(get.sourceApp).toBe("订单系统");
    const [got] = receiver.requests("/get-redis");
    expect(got!.method).toBe("GET");
    const query = new URL(got!.url, "http://x").searchParams;
    expect(query.get("city")).toBe("上海");

    expect((await waitForFinal(postId)).status).toBe("succeeded");
    const posts = receiver.requests("/post-redis");
    expect(posts).toHaveLength(1);
    expect(JSON.parse(posts[0]!.body)).toEqual({ city: "上海", tags: ["快递", "加急"], buyer: { 名字: "张三", count: 3 } });
    expect((await waitForFinal(afterId)).status).toBe("succeeded");

    // Each answer's id is the task of that very request: task n called /many-redis/n.
    for (const [n, id] of many) {
      const row = await waitForFinal(id!);
      expect(row.url).toBe(receiver.url(`/many-redis/${n}`));
      expect(row.status).toBe("succeeded");
    }
    expect(receiver.requests().filter((r) => r.path.startsWith("/many-redis/"))).toHaveLength(50);
  }, 120_000);

  it("serves a Java consumer that found it in ZooKeeper (the ephemeral node Dubbo's ZookeeperRegistry writes)", async () => {
    const out = await consumer(["zookeeper", `127.0.0.1:${zkPort}`, receiver.url(""), "zk"]);
    expect(out.one("zookeeper-children")).toBe("1");
    expect(out.one("provider")).toMatch(new RegExp(`^dubbo://127\\.0\\.0\\.1:${dubboPort}/`));
    expect(out.one("heartbeat")).toBe("ok");
    const id = out.one("get")!;
    expect(id).toMatch(UUID);
    expect((await waitForFinal(id)).status).toBe("succeeded");
    expect(receiver.requests("/get-zk")).toHaveLength(1);
  });

  it("applies the client's caller allow-list to the consumer's address: a refused caller gets a CallBackException", async () => {
    const { db } = testDb;
    const restricted = await createApiClient(db, { name: `dubbo-restricted-${process.pid}-${Date.now()}`, allowedCallerCidrs: ["10.0.0.0/8"] });
    const port = dubboPort + 50;
    const other = await startDubbo({ DUBBO_PORT: String(port), DUBBO_HOST: "127.0.0.1", DUBBO_CLIENT: restricted.name, DUBBO_REGISTRY: "" });
    try {
      const out = await consumer(["direct", `127.0.0.1:${port}`, receiver.url(""), "direct"]);
      expect(out.one("get")).toMatch(/^EXC cn\.keking\.callcenter\.sdk\.exception\.CallBackException 任务添加失败，Calls from 127\.0\.0\.1 are not allowed/);
      expect(receiver.requests("/get-direct")).toHaveLength(0);
    } finally {
      await other.stop();
    }
  });

  it("unregisters on shutdown: the Redis field removed with an unregister message, the ZooKeeper node gone", async () => {
    expect(await dubbo.stop()).toBe(0);
    expect(await redis.hlen(PROVIDERS)).toBe(0);
    expect(messages).toContain("unregister");
    const zkClient = zookeeper.createClient(`127.0.0.1:${zkPort}`);
    await new Promise<void>((resolve) => {
      zkClient.once("connected", () => resolve());
      zkClient.connect();
    });
    try {
      const children = await new Promise<string[]>((resolve, reject) => zkClient.getChildren(PROVIDERS, (err, c) => (err ? reject(err) : resolve(c))));
      expect(children).toEqual([]);
    } finally {
      zkClient.close();
    }
  });
});
