import * as zookeeper from "node-zookeeper-client";
import { logger } from "../../logger";
import { javaUrlEncode, providersPath } from "../provider-url";
import type { Registry } from "./registry";

type Client = zookeeper.Client;

const codeOf = (err: unknown) => (err as { code?: number } | null)?.code;

function call<T>(fn: (cb: (err: Error | zookeeper.Exception | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

/**
 * Dubbo's ZooKeeper registry: an ephemeral node `/dubbo/<interface>/providers/<URL.encode(provider URL)>` under
 * persistent parents, so the entry lives as long as this process's session. A session that expires (a long
 * pause, a partition) loses the node: a new session registers it again. A node left by an earlier session that
 * has not expired yet is replaced, or it would vanish when that session ends.
 * `zookeeper://host:port[?backup=host2:port2,host3:port3][&session=60000]`.
 */
export function zookeeperRegistry(address: string): Registry {
  const u = new URL(address);
  const hosts = [u.host, ...(u.searchParams.get("backup") ?? "").split(",").filter(Boolean)].join(",");
  const sessionTimeout = Number(u.searchParams.get("session") ?? 60_000);
  const name = `zookeeper://${hosts}`;
  let client: Client | null = null;
  let node: string | null = null;
  let stopped = false;

  const createNode = async (c: Client, path: string) => {
    await call<string>((cb) => c.mkdirp(providersPath, zookeeper.CreateMode.PERSISTENT, cb));
    try {
      await call<string>((cb) => c.create(path, zookeeper.CreateMode.EPHEMERAL, cb));
    } catch (err) {
      if (codeOf(err) !== zookeeper.Exception.NODE_EXISTS) throw err;
      await call<void>((cb) => c.remove(path, (e) => cb(e, undefined)));
      await call<string>((cb) => c.create(path, zookeeper.CreateMode.EPHEMERAL, cb));
    }
  };

  const connect = (path: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const c = zookeeper.createClient(hosts, { sessionTimeout, spinDelay: 1_000, retries: 3 });
      client = c;
      let first = true;
      c.on("state", (state: zookeeper.State) => {
        if (state === zookeeper.State.SYNC_CONNECTED && first) {
          first = false;
          createNode(c, path).then(resolve, (err: Error) => {
            c.close();
            logger.warn({ registry: name, err: err.message }, "Dubbo registry: could not create the provider node");
            reject(err);
          });
        } else if (state === zookeeper.State.EXPIRED && !stopped) {
          // The ephemeral node went with the session: a new session, and the node again.
          logger.warn({ registry: name }, "Dubbo registry: ZooKeeper session expired; registering again");
          c.close();
          connect(path).catch(() => undefined);
        } else if (state === zookeeper.State.DISCONNECTED && !stopped) {
          logger.warn({ registry: name }, "Dubbo registry: ZooKeeper disconnected; the client reconnects within the session");
        }
      });
      c.connect();
    });

  return {
    name,
    async register(url) {
      node = `${providersPath}/${javaUrlEncode(url)}`;
      await connect(node);
    },
    async unregister() {
      stopped = true;
      const c = client;
      client = null;
      if (!c) return;
      try {
        if (node && c.getState() === zookeeper.State.SYNC_CONNECTED) {
          await call<void>((cb) => c.remove(node!, (e) => cb(e, undefined))).catch((err) => {
            if (codeOf(err) !== zookeeper.Exception.NO_NODE) throw err;
          });
        }
      } finally {
        // Closing the session removes the ephemeral node too, should the remove above not have run.
        c.close();
      }
    },
  };
}
