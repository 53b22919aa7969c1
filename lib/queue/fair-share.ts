import type { Redis } from "ioredis";
import { redisKey } from "../redis";

/**
 * Fair shares of the delivery queue between API clients, and between the source apps of one client, with the open-
 * source BullMQ (its per-group concurrency is BullMQ Pro's). Every delivery job gets a BullMQ priority that works as
 * a virtual start time: the position of the job in its flow's ready backlog (a flow is one client's one source app),
 * times the number of flows that client has ready. BullMQ runs lower priorities first and equal ones in order, so
 * the queue serves the flows' heads round-robin: client B's first task, submitted behind client A's 20,000, carries
 * priority 1 and runs next, while A's 20,000th carries 20,000. A client with three busy source apps spaces each
 * app's jobs three apart, so together they take one client's share, and one app's backlog cannot starve the others.
 *
 * The ready backlog is counted in Redis: `fair:backlog` (flow → jobs queued ready and not yet started) and
 * `fair:flows` (client → flows with a backlog). A job is counted when it is queued to run now, and uncounted the
 * first time a worker starts it. Counts are a scheduling hint, never a guarantee: if they drift (a worker killed
 * between the two), a flow is served a little early or late, and a count that empties resets the flow.
 */
export const PRIORITY_LIMIT = 2 ** 21 - 1;

export interface Flow {
  clientId: number;
  sourceApp: string | null;
}

export const flowOf = (f: Flow) => `${f.clientId}:${f.sourceApp ?? ""}`;
const keys = () => [redisKey("fair", "backlog"), redisKey("fair", "flows")];

// KEYS: backlog flows. ARGV: triples of flow, client, jobs to count. Returns, per triple, the flow's backlog before
// them and the client's busy flows after.
const countLua = `
local out = {}
for i = 1, #ARGV, 3 do
  local n = tonumber(ARGV[i + 2])
  local before = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
  if before < 0 then before = 0 end
  if n > 0 then
    redis.call('HSET', KEYS[1], ARGV[i], before + n)
    if before == 0 then redis.call('HINCRBY', KEYS[2], ARGV[i + 1], 1) end
  end
  local flows = tonumber(redis.call('HGET', KEYS[2], ARGV[i + 1]) or '1')
  if flows < 1 then flows = 1 end
  table.insert(out, before)
  table.insert(out, flows)
end
return out
`;

// KEYS as above. ARGV: triples of flow, client, jobs started.
const uncountLua = `
for i = 1, #ARGV, 3 do
  local left = redis.call('HINCRBY', KEYS[1], ARGV[i], -tonumber(ARGV[i + 2]))
  if left <= 0 then
    redis.call('HDEL', KEYS[1], ARGV[i])
    if redis.call('HINCRBY', KEYS[2], ARGV[i + 1], -1) <= 0 then redis.call('HDEL', KEYS[2], ARGV[i + 1]) end
  end
end
return 0
`;

type FairRedis = Redis & {
  bidaFairCount(...args: (string | number)[]): Promise<number[]>;
  bidaFairUncount(...args: (string | number)[]): Promise<number>;
};

function withScripts(redis: Redis): FairRedis {
  const r = redis as FairRedis;
  if (typeof r.bidaFairCount !== "function") {
    r.defineCommand("bidaFairCount", { numberOfKeys: 2, lua: countLua });
    r.defineCommand("bidaFairUncount", { numberOfKeys: 2, lua: uncountLua });
  }
  return r;
}

/**
 * Priorities for jobs in the order given, each `{ flow, ready }`: a ready job joins its flow's backlog, a delayed
 * one (a retry due later) is placed by the backlog as it is now but not counted, since it is not ready yet.
 */
export async function fairPriorities(redis: Redis, jobs: Array<{ flow: Flow; ready: boolean }>): Promise<number[]> {
  if (jobs.length === 0) return [];
  const groups = new Map<string, { clientId: number; ready: number; indexes: number[] }>();
  jobs.forEach((j, i) => {
    const key = flowOf(j.flow);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { clientId: j.flow.clientId, ready: 0, indexes: [] }));
    if (j.ready) g.ready++;
    g.indexes.push(i);
  });
  const args = [...groups].flatMap(([flow, g]) => [flow, g.clientId, g.ready]);
  const answer = await withScripts(redis).bidaFairCount(...keys(), ...args);
  const priorities = new Array<number>(jobs.length);
  [...groups.values()].forEach((g, k) => {
    const before = Number(answer[2 * k]);
    const flows = Number(answer[2 * k + 1]);
    let position = before;
    for (const i of g.indexes) {
      priorities[i] = Math.min(PRIORITY_LIMIT, 1 + position * flows);
      if (jobs[i]!.ready) position++;
    }
  });
  return priorities;
}

/** Takes started jobs out of their flows' backlogs (counts per flow). */
export async function uncount(redis: Redis, started: Map<string, { clientId: number; n: number }>): Promise<void> {
  if (started.size === 0) return;
  const args = [...started].flatMap(([flow, s]) => [flow, s.clientId, s.n]);
  await withScripts(redis).bidaFairUncount(...keys(), ...args);
}
