import type { RedisClient } from "../redis";
import { hostKeys, knownHostsKey } from "../hosts/host-gate";

/** At most this many hosts, the most recently called first: a gauge per host must not grow without bound. */
export const MAX_METRIC_HOSTS = 200;

/** The circuit's state as a number: 0 closed, 1 open, 2 half-open (its trial call is out). */
export const circuitStateValue = { closed: 0, open: 1, "half-open": 2 } as const;

export interface HostGauge {
  host: string;
  inFlight: number;
  waiting: number;
  circuit: number;
}

/**
 * Each recently called host's live gate state from Redis (lib/hosts/host-gate.ts): calls in flight (tokens not
 * lapsed), jobs waiting at the gate, circuit state. One pipeline for all hosts.
 */
export async function readHostGauges(redis: RedisClient, now = Date.now()): Promise<HostGauge[]> {
  const hosts = await redis.zrevrangebyscore(knownHostsKey(), "+inf", now - 86_400_000, "LIMIT", 0, MAX_METRIC_HOSTS);
  if (hosts.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const host of hosts) {
    const k = hostKeys(host);
    pipeline.zcount(k.slots, `(${now}`, "+inf");
    pipeline.zcard(k.waiting);
    pipeline.hget(k.breaker, "state");
  }
  const replies = (await pipeline.exec()) ?? [];
  return hosts.map((host, i) => {
    const at = (j: number) => {
      const [err, value] = replies[i * 3 + j] ?? [];
      if (err) throw err;
      return value;
    };
    const state = (at(2) as string | null) ?? "closed";
    return { host, inFlight: Number(at(0) ?? 0), waiting: Number(at(1) ?? 0), circuit: circuitStateValue[state as keyof typeof circuitStateValue] ?? 0 };
  });
}
