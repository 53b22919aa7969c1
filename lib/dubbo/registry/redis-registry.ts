import { Redis } from "ioredis";
import { logger } from "../../logger";
import { providersPath } from "../provider-url";
import type { Registry } from "./registry";

/**
 * Dubbo 2.6's Redis registry: the provider URL is a field of the hash `/dubbo/<interface>/providers`, its value
 * the time (ms) it expires; the provider renews it every half period and publishes `register` / `unregister` on
 * the key, which consumers PSUBSCRIBE to. The period is the URL's `session` (Dubbo's default 60 s).
 * `redis://[:password@]host:port[/db][?session=60000]`; Dubbo itself always uses database 0.
 */
export function redisRegistry(address: string): Registry {
  const u = new URL(address);
  const periodMs = Number(u.searchParams.get("session") ?? 60_000);
  const db = Number(u.searchParams.get("db") ?? (u.pathname.replace(/^\//, "") || 0));
  const name = `redis://${u.host}/${db}`;
  const redis = new Redis({
    host: u.hostname,
    port: Number(u.port || 6379),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    db,
    maxRetriesPerRequest: 2,
    connectTimeout: 3_000,
  });
  let lastWarned = 0;
  redis.on("error", (err: Error) => {
    if (Date.now() - lastWarned < 30_000) return;
    lastWarned = Date.now();
    logger.warn({ registry: name, err: err.message }, "Dubbo registry: Redis connection error; reconnecting");
  });
  let url: string | null = null;
  let timer: NodeJS.Timeout | null = null;

  const publish = async () => {
    if (!url) return;
    // A field that was not there (first time, or Redis lost it) is announced, as Dubbo's renewal does.
    const added = await redis.hset(providersPath, url, String(Date.now() + periodMs));
    if (added === 1) await redis.publish(providersPath, "register");
  };

  return {
    name,
    async register(providerUrl) {
      url = providerUrl;
      if (timer) clearInterval(timer);
      timer = setInterval(() => {
        publish().catch((err: Error) => logger.warn({ registry: name, err: err.message }, "Dubbo registry: renewal failed; next try in half a period"));
      }, periodMs / 2);
      await publish();
    },
    async unregister() {
      if (timer) clearInterval(timer);
      timer = null;
      try {
        if (url) {
          await redis.hdel(providersPath, url);
          await redis.publish(providersPath, "unregister");
        }
      } finally {
        url = null;
        redis.disconnect();
      }
    },
  };
}
