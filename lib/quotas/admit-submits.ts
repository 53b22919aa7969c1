import type { AppContext } from "../context";
import type { ApiClient } from "../db/schema/api-clients";
import { ApiError } from "../errors";
import { type RedisClient, redisKey } from "../redis";
import { resolveQuotas } from "./client-quotas";
import { quotaCall } from "./fail-open";
import { changeOpenTasks, openTasksKey } from "./open-tasks";
import { SubmitLeases } from "./submit-leases";
import { createTurnBatcher } from "./turn-batcher";

/**
 * One script decides both submit quotas, for every submit that reached this point in the same turn of the event
 * loop, so a submit costs at most one Redis round trip for them and under load a share of one:
 * - submits per second: a token bucket kept as GCRA's "theoretical arrival time" (one number per client, in µs,
 *   on Redis's clock so every web process agrees). A batch costs its task count; it needs at most a full bucket's
 *   worth at hand and may leave the bucket in debt, so any batch size can pass and the rate still holds over time.
 * - open tasks (not yet final): the client's counter in the `quota:open` hash, raised here by the tasks admitted
 *   and lowered after the commit that finalizes them (lib/quotas/open-tasks.ts).
 * Nothing changes for a submit unless both allow it. An ask may want `extra` tokens beyond its own for this
 * process's lease (submit-leases.ts): granted as far as the bucket and the cap have room after the ask itself, taken
 * from the bucket and counted as open like the ask's own.
 * KEYS: the open hash, then one bucket per submit. ARGV: per submit, client id, tasks, µs per token (0 = no rate
 * limit), burst, open cap (0 = none), extra wanted. Returns per submit a triple: 0,0,extra granted admitted; 1, ms
 * until enough tokens (over the rate); 2, open tasks now (over the open cap).
 */
const admitLua = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local out = {}
for i = 2, #KEYS do
  local a = (i - 2) * 6
  local n = tonumber(ARGV[a + 2])
  local interval = tonumber(ARGV[a + 3])
  local burst = tonumber(ARGV[a + 4])
  local cap = tonumber(ARGV[a + 5])
  local extra = tonumber(ARGV[a + 6])
  local verdict, value = 0, 0
  local tat = now
  if interval > 0 then
    tat = math.max(tonumber(redis.call('GET', KEYS[i]) or '0'), now)
    local ready = tat - (burst - math.min(n, burst)) * interval
    if ready > now then
      verdict, value = 1, math.ceil((ready - now) / 1000)
    else
      -- whole tokens left once this ask has taken its own
      extra = math.min(extra, math.floor((now - ready) / interval))
    end
  end
  if verdict == 0 and cap > 0 then
    local open = tonumber(redis.call('HGET', KEYS[1], ARGV[a + 1]) or '0')
    if open + n > cap then verdict, value = 2, open else extra = math.min(extra, cap - open - n) end
  end
  if verdict == 0 then
    if interval > 0 then
      local nextTat = tat + (n + extra) * interval
      redis.call('SET', KEYS[i], string.format('%.0f', nextTat), 'PX', math.ceil((nextTat - now) / 1000) + 1000)
    end
    redis.call('HINCRBY', KEYS[1], ARGV[a + 1], n + extra)
  else
    extra = 0
  end
  table.insert(out, verdict)
  table.insert(out, value)
  table.insert(out, extra)
end
return out
`;

/**
 * A lease's unspent part, back: its open slots uncounted, its tokens returned to the bucket (never past now: the
 * bucket cannot hold more than a full burst). KEYS: the open hash, the bucket. ARGV: client id, unused, µs per token.
 */
const giveBackLua = `
redis.call('HINCRBY', KEYS[1], ARGV[1], -tonumber(ARGV[2]))
local interval = tonumber(ARGV[3])
if interval > 0 then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
  local tat = tonumber(redis.call('GET', KEYS[2]) or '0')
  if tat > now then
    local back = math.max(now, tat - tonumber(ARGV[2]) * interval)
    redis.call('SET', KEYS[2], string.format('%.0f', back), 'PX', math.ceil((back - now) / 1000) + 1000)
  end
end
return 1
`;

type QuotaRedis = RedisClient & {
  bidaAdmitSubmits(...args: (string | number)[]): Promise<number[]>;
  bidaGiveBackLease(open: string, bucket: string, clientId: number, unused: number, interval: number): Promise<number>;
};

function withScript(redis: RedisClient): QuotaRedis {
  const r = redis as QuotaRedis;
  // No fixed key count: ioredis then takes it as the first argument.
  if (typeof r.bidaAdmitSubmits !== "function") {
    r.defineCommand("bidaAdmitSubmits", { lua: admitLua });
    r.defineCommand("bidaGiveBackLease", { lua: giveBackLua, numberOfKeys: 2 });
  }
  return r;
}

interface Ask {
  clientId: number;
  count: number;
  interval: number;
  burst: number;
  cap: number;
  /** Tokens wanted beyond `count`, for this process's lease. */
  extra: number;
}

/** Most submits one script decides; more go in the next. */
const MAX_ASKS = 500;
const batchers = new WeakMap<RedisClient, (a: Ask) => Promise<[number, number, number] | null>>();
const leasesByRedis = new WeakMap<RedisClient, SubmitLeases>();
const bucketKey = (clientId: number) => redisKey("quota", "submit", String(clientId));

function leasesOf(redis: RedisClient): SubmitLeases {
  let leases = leasesByRedis.get(redis);
  if (!leases) {
    // Best effort, like every count change: a lost give-back leaves slots counted until the sweeper's recount.
    leases = new SubmitLeases((clientId, unused, interval) => {
      if (redis.status !== "ready") return;
      withScript(redis).bidaGiveBackLease(openTasksKey(), bucketKey(clientId), clientId, unused, interval).catch(() => undefined);
    });
    leasesByRedis.set(redis, leases);
  }
  return leases;
}

/**
 * The ask goes into the script that runs once this turn of the event loop is done (turn-batcher.ts): one request
 * alone waits for nothing, and requests read in the same turn share the round trip. null means Redis could not be
 * asked and the submit goes unchecked.
 */
function ask(redis: RedisClient, a: Ask): Promise<[number, number, number] | null> {
  let batcher = batchers.get(redis);
  if (!batcher) {
    batcher = createTurnBatcher<Ask, [number, number, number] | null>(async (asks) => {
      const keys = asks.map((x) => bucketKey(x.clientId));
      const args = asks.flatMap((x) => [x.clientId, x.count, x.interval, x.burst, x.cap, x.extra]);
      const answer = await quotaCall(redis, null, () => withScript(redis).bidaAdmitSubmits(keys.length + 1, openTasksKey(), ...keys, ...args));
      return asks.map((_, i) => (answer ? [Number(answer[3 * i]), Number(answer[3 * i + 1]), Number(answer[3 * i + 2])] : null));
    }, MAX_ASKS);
    batchers.set(redis, batcher);
  }
  return batcher(a);
}

/** Room comes as the client's tasks finish, which cannot be foreseen: a hint, not a promise. */
const OPEN_TASKS_RETRY_S = 5;

export interface Admission {
  /** The admitted tasks were not created after all (the insert failed, an idempotent repeat): uncount them. */
  release(): void;
  /** release(), then rethrows: for `.catch()` on the insert. */
  undo(err: unknown): never;
}

const rethrow = (err: unknown): never => {
  throw err;
};
const admittedUnchecked: Admission = { release: () => undefined, undo: rethrow };

/** The client as the quotas read it; one without stored quotas (or without the field loaded) gets the defaults. */
export type QuotaClient = Pick<ApiClient, "id"> & { quotas?: ApiClient["quotas"] };

/**
 * Admits `count` new tasks of the client against its submit quotas, or throws a 429 in the one error shape with
 * Retry-After (`rate_limited` over the submit rate, `quota_exceeded` over the open-task cap). With Redis unreachable
 * the submit is admitted unchecked (lib/quotas/fail-open.ts).
 */
export async function admitSubmits(ctx: Pick<AppContext, "redis">, client: QuotaClient, count: number): Promise<Admission> {
  if (count <= 0) return admittedUnchecked;
  const q = resolveQuotas(client.quotas);
  // Nothing to decide for a client without a submit rate or an open-task cap: no round trip. Its open-task count is
  // then not kept up by submits; the sweeper's recount sets it right within QUOTA_RECONCILE_MS of a cap being set.
  if (q.submitsPerSecond === 0 && q.openTasks === 0) return admittedUnchecked;
  const leases = leasesOf(ctx.redis);
  if (leases.take(client.id, count)) return countedAdmission(ctx, client.id, count);
  const interval = q.submitsPerSecond > 0 ? Math.max(1, Math.round(1_000_000 / q.submitsPerSecond)) : 0;
  const extra = leases.want(client.id, count, q);
  const answer = await ask(ctx.redis, { clientId: client.id, count, interval, burst: q.submitBurst, cap: q.openTasks, extra });
  if (extra > 0) leases.granted(client.id, answer?.[2] ?? 0, interval);
  if (answer === null) return admittedUnchecked;
  const [verdict, value] = answer;
  if (verdict === 1) {
    const err = new ApiError("rate_limited", `This API client may submit ${q.submitsPerSecond} tasks per second (bursts of ${q.submitBurst}); try again shortly.`);
    err.headers = { "retry-after": String(Math.max(1, Math.ceil(value! / 1000))) };
    throw err;
  }
  if (verdict === 2) {
    const err = new ApiError("quota_exceeded", `This API client may have ${q.openTasks} tasks not yet final; it has ${value}. Submit more as they finish.`, [
      { path: "tasks", message: `${count} more would exceed the open-task quota` },
    ]);
    err.headers = { "retry-after": String(OPEN_TASKS_RETRY_S) };
    throw err;
  }
  return countedAdmission(ctx, client.id, count);
}

/** Admitted and counted as open in Redis: a release uncounts it. */
function countedAdmission(ctx: Pick<AppContext, "redis">, clientId: number, count: number): Admission {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    void changeOpenTasks(ctx.redis, [{ clientId, by: -count }]);
  };
  return {
    release,
    undo: (err) => {
      release();
      throw err;
    },
  };
}
