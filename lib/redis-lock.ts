import { Redlock, type Settings } from "@sesamecare-oss/redlock";
import { Redis, type Cluster } from "ioredis";

/**
 * A redlock instance on the connection's own Redis database. redlock's scripts begin with `SELECT <settings.db>`,
 * and its default is 0: without this, every lock of a Bida on database 4 lived in database 0, shared with any other
 * deployment (or test run) on the same Redis that used the same REDIS_PREFIX.
 */
export function createRedlock(redis: Redis | Cluster, settings: Partial<Settings> = {}): Redlock {
  const db = redis instanceof Redis ? (redis.options.db ?? 0) : 0;
  return new Redlock([redis], { ...settings, db });
}
