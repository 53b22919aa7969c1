import { type RedisClient, redisKey } from "../../redis";
import { withTimeout } from "../../with-timeout";
import type { ConditionState } from "./decide";

const stateKey = () => redisKey("self-alerts", "state");

export interface StateStore {
  load(): Promise<Map<string, ConditionState>>;
  save(states: Map<string, ConditionState>): Promise<void>;
  /** Forgets conditions that are over and told (a host whose circuit closed), so the hash does not grow forever. */
  forget(names: string[]): Promise<void>;
}

/**
 * Condition states live in one Redis hash, so a worker that takes the checker's lock after another (or after a
 * restart) knows what the channels were told and sends each start and end once. This worker also keeps its own
 * copy: while Redis is down (the outage being reported) the copy is all there is, and when Redis is back the newer
 * of the two wins, field by field.
 */
export function createStateStore(redis: RedisClient, timeoutMs: number): StateStore {
  const local = new Map<string, ConditionState>();
  return {
    async load() {
      const merged = new Map(local);
      const stored = await withTimeout(redis.hgetall(stateKey()), timeoutMs, "self-alert state").catch(() => ({}) as Record<string, string>);
      for (const [name, raw] of Object.entries(stored)) {
        let state: ConditionState;
        try {
          state = JSON.parse(raw) as ConditionState;
        } catch {
          continue;
        }
        const mine = merged.get(name);
        if (!mine || state.updatedAt > mine.updatedAt) merged.set(name, state);
      }
      return merged;
    },
    async save(states) {
      if (states.size === 0) return;
      for (const [name, state] of states) local.set(name, state);
      const fields = [...states].flatMap(([name, state]) => [name, JSON.stringify(state)]);
      await withTimeout(redis.hset(stateKey(), ...fields), timeoutMs, "self-alert state").catch(() => undefined);
    },
    async forget(names) {
      if (names.length === 0) return;
      for (const name of names) local.delete(name);
      await withTimeout(redis.hdel(stateKey(), ...names), timeoutMs, "self-alert state").catch(() => undefined);
    },
  };
}
