import type { RedisClient } from "../redis";
import type { Db } from "../db/client";
import { targetHosts } from "../db/schema/target-hosts";
import { env } from "../env";
import { hostKeys, hostStatsKey, knownHostsKey } from "./host-gate";

export type CircuitState = "closed" | "open" | "half-open";

/** One row of the console's hosts page. */
export interface HostView {
  host: string;
  inFlight: number;
  cap: number;
  /** Its own cap, set by an operator; null for HOST_MAX_IN_FLIGHT. */
  ownCap: number | null;
  paused: boolean;
  waiting: number;
  circuit: CircuitState;
  openedAt: string | null;
  probeAt: string | null;
  /** Over the last `minutes` whole minutes and the current one. */
  calls: number;
  successRate: number | null;
  avgLatencyMs: number | null;
  lastCallAt: string | null;
}

const iso = (ms: string | null | undefined) => (ms && Number(ms) > 0 ? new Date(Number(ms)).toISOString() : null);

/** The hosts called in the last day and those an operator has set, with their live state from Redis. */
export async function listHosts(db: Db, redis: RedisClient, opts: { minutes?: number; now?: number } = {}): Promise<HostView[]> {
  const now = opts.now ?? Date.now();
  const minutes = opts.minutes ?? 5;
  const [known, settings] = await Promise.all([
    redis.zrangebyscore(knownHostsKey(), now - 86_400_000, "+inf", "WITHSCORES"),
    db.select().from(targetHosts),
  ]);
  const lastCall = new Map<string, number>();
  for (let i = 0; i < known.length; i += 2) lastCall.set(known[i]!, Number(known[i + 1]));
  const hosts = [...new Set([...lastCall.keys(), ...settings.map((s) => s.host)])].sort();
  const pipeline = redis.pipeline();
  for (const host of hosts) {
    const k = hostKeys(host);
    pipeline.zcount(k.slots, `(${now}`, "+inf");
    pipeline.zcard(k.waiting);
    pipeline.hgetall(k.breaker);
    for (let m = 0; m <= minutes; m++) pipeline.hgetall(hostStatsKey(host, now - m * 60_000));
  }
  const replies = (await pipeline.exec()) ?? [];
  const per = 3 + minutes + 1;
  return hosts.map((host, i) => {
    const at = (j: number) => replies[i * per + j]?.[1];
    const breaker = (at(2) ?? {}) as Record<string, string>;
    let calls = 0;
    let ok = 0;
    let ms = 0;
    for (let m = 0; m <= minutes; m++) {
      const s = (at(3 + m) ?? {}) as Record<string, string>;
      calls += Number(s.calls ?? 0);
      ok += Number(s.ok ?? 0);
      ms += Number(s.ms ?? 0);
    }
    const own = settings.find((s) => s.host === host);
    const circuit = (breaker.state as CircuitState | undefined) ?? "closed";
    return {
      host,
      inFlight: Number(at(0) ?? 0),
      cap: own?.maxInFlight ?? env.hosts.maxInFlight,
      ownCap: own?.maxInFlight ?? null,
      paused: own?.paused ?? false,
      waiting: Number(at(1) ?? 0),
      circuit,
      openedAt: circuit === "closed" ? null : iso(breaker.openedAt),
      probeAt: circuit === "open" ? iso(breaker.probeAt) : null,
      calls,
      successRate: calls > 0 ? ok / calls : null,
      avgLatencyMs: calls > 0 ? Math.round(ms / calls) : null,
      lastCallAt: lastCall.has(host) ? new Date(lastCall.get(host)!).toISOString() : null,
    };
  });
}
