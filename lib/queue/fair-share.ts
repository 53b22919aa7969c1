import { type RedisClient, redisKey } from "../redis";

/**
 * Fair shares of the delivery queue between API clients, and between the source apps of one client, with the open-
 * source BullMQ (its per-group concurrency is BullMQ Pro's). Every delivery job gets a BullMQ priority that works as
 * a per-flow virtual time (a flow is one client's one source app): a flow's jobs are numbered on from its last
 * number in steps of the number of flows its client has busy, and a flow whose backlog has drained starts again
 * from the front. BullMQ runs lower numbers first and equal ones in arrival order, so
 * - within a flow the order is first come, first served: a flow's new jobs never pass its older ones;
 * - a flow with a small backlog goes before a large one: client B's first task behind client A's 20,000 carries a
 *   number near the front and runs next, while A's 20,000th carries ~20,000;
 * - a client with three busy source apps numbers each app's jobs three apart, so together they get one client's
 *   share, and one app's backlog cannot starve the others.
 * Without a global virtual clock a flow that starts late is placed by its own backlog, not by how long others have
 * waited: it can pass an older flow's tail while its own backlog is smaller (docs/architecture.md, 3a).
 *
 * The counts live in Redis: `fair:backlog` (flow → jobs queued ready and not yet started), `fair:flows` (client →
 * flows with a backlog) and `fair:tags` (flow → its last number). A job is counted when queued to run now and
 * uncounted the first time a worker starts it. Counts are a scheduling hint, never a guarantee: a drift (a worker
 * killed between the two, a job removed before it started) orders a flow slightly early or late, and the sweeper
 * resets them all whenever the queue has nothing waiting.
 */
export const PRIORITY_LIMIT = 2 ** 21 - 1;

export interface Flow {
  clientId: number;
  sourceApp: string | null;
}

export const flowOf = (f: Flow) => `${f.clientId}:${f.sourceApp ?? ""}`;
const keys = () => [redisKey("fair", "backlog"), redisKey("fair", "flows"), redisKey("fair", "tags")];

// KEYS: backlog flows tags. ARGV: triples of flow, client, ready jobs to count. Returns, per triple, the flow's last
// number before them and its client's busy flows; moves the flow's last number past the ready jobs.
const countLua = `
local out = {}
for i = 1, #ARGV, 3 do
  local n = tonumber(ARGV[i + 2])
  local before = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
  local last = tonumber(redis.call('HGET', KEYS[3], ARGV[i]) or '0')
  if before <= 0 then
    before = 0
    last = 0
  end
  if n > 0 then
    redis.call('HSET', KEYS[1], ARGV[i], before + n)
    if before == 0 then redis.call('HINCRBY', KEYS[2], ARGV[i + 1], 1) end
  end
  local flows = tonumber(redis.call('HGET', KEYS[2], ARGV[i + 1]) or '1')
  if flows < 1 then flows = 1 end
  if n > 0 then redis.call('HSET', KEYS[3], ARGV[i], last + n * flows) end
  table.insert(out, last)
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
    redis.call('HDEL', KEYS[3], ARGV[i])
    if redis.call('HINCRBY', KEYS[2], ARGV[i + 1], -1) <= 0 then redis.call('HDEL', KEYS[2], ARGV[i + 1]) end
  end
end
return 0
`;

type FairRedis = RedisClient & {
  bidaFairCount(...args: (string | number)[]): Promise<number[]>;
  bidaFairUncount(...args: (string | number)[]): Promise<number>;
};

function withScripts(redis: RedisClient): FairRedis {
  const r = redis as FairRedis;
  if (typeof r.bidaFairCount !== "function") {
    r.defineCommand("bidaFairCount", { numberOfKeys: 3, lua: countLua });
    r.defineCommand("bidaFairUncount", { numberOfKeys: 3, lua: uncountLua });
  }
  return r;
}

/**
 * Priorities for jobs in the order given, each `{ flow, ready }`: a ready job takes its flow's next number, a
 * delayed one (a retry due later) is placed behind the flow's ready jobs of now but not counted, since it is not
 * ready yet.
 */
export async function fairPriorities(redis: RedisClient, jobs: Array<{ flow: Flow; ready: boolean }>): Promise<number[]> {
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
    let last = Number(answer[2 * k]);
    const flows = Number(answer[2 * k + 1]);
    for (const i of g.indexes) {
      const next = last + flows;
      priorities[i] = Math.min(PRIORITY_LIMIT, Math.max(1, next));
      if (jobs[i]!.ready) last = next;
    }
  });
  return priorities;
}

/** Takes started jobs out of their flows' backlogs (counts per flow). */
export async function uncount(redis: RedisClient, started: Map<string, { clientId: number; n: number }>): Promise<void> {
  if (started.size === 0) return;
  const args = [...started].flatMap(([flow, s]) => [flow, s.clientId, s.n]);
  await withScripts(redis).bidaFairUncount(...keys(), ...args);
}

/** Forgets every count: the sweeper's repair, when the queue has nothing waiting and so nothing to order. */
export async function resetFairShare(redis: RedisClient): Promise<void> {
  await redis.del(...keys());
}
