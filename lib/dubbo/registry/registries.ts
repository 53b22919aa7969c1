import { logger } from "../../logger";
import { redisRegistry } from "./redis-registry";
import { splitRegistries, type Registry } from "./registry";
import { zookeeperRegistry } from "./zookeeper-registry";

/** One Registry per DUBBO_REGISTRY entry; throws on a scheme Bida does not speak. */
export function createRegistries(setting: string): Registry[] {
  return splitRegistries(setting).map((address) => {
    const scheme = address.slice(0, address.indexOf("://")).toLowerCase();
    if (scheme === "redis") return redisRegistry(address);
    if (scheme === "zookeeper") return zookeeperRegistry(address);
    throw new Error(`DUBBO_REGISTRY: ${scheme}:// is not supported (use redis:// or zookeeper://)`);
  });
}

/**
 * Registers in each registry. One that does not answer yet is tried again in the background (Redis and ZooKeeper
 * clients reconnect), so a registry outage at start does not keep the provider from serving direct consumers.
 */
export async function registerAll(registries: Registry[], url: string, stopping: () => boolean): Promise<void> {
  await Promise.all(
    registries.map(async (r) => {
      for (let delay = 1_000; !stopping(); delay = Math.min(delay * 2, 30_000)) {
        try {
          await r.register(url);
          logger.info({ registry: r.name }, "registered in Dubbo registry");
          return;
        } catch (err) {
          logger.warn({ registry: r.name, err: (err as Error).message }, `Dubbo registry did not take the provider; trying again in ${delay} ms`);
          await new Promise((res) => setTimeout(res, delay));
        }
      }
    }),
  );
}

export async function unregisterAll(registries: Registry[]): Promise<void> {
  await Promise.all(
    registries.map((r) =>
      r.unregister().then(
        () => logger.info({ registry: r.name }, "unregistered from Dubbo registry"),
        (err: Error) => logger.warn({ registry: r.name, err: err.message }, "could not unregister from Dubbo registry"),
      ),
    ),
  );
}
