import type { Redis } from "ioredis";
import type { AppContext } from "../context";
import type { ApiClient } from "../db/schema/api-clients";
import { ApiError } from "../errors";
import { redisKey } from "../redis";
import { resolveQuotas } from "./client-quotas";
import { quotaCall } from "./fail-open";
import { changeOpenTasks, openTasksKey } from "./open-tasks";

/**
 * One script per submit decides both submit quotas, so a submit costs one Redis round trip for them:
 * - submits per second: a token bucket kept as GCRA's "theoretical arrival time" (one number per client, in µs,
 *   on Redis's clock so every web process agrees). A batch costs its task count; it needs at most a full bucket's
 *   worth at hand and may leave the bucket in debt, so any batch size can pass and the rate still holds over time.
 * - open tasks (not yet final): the client's counter in the `quota:open` hash, raised here by the tasks admitted
 *   and lowered after the commit that finalizes them (lib/quotas/open-tasks.ts).
 * Nothing changes unless both allow the submit.
 * KEYS: bucket, open hash. ARGV: client id, tasks, µs per token (0 = no rate limit), burst, open cap (0 = none).
 * Returns {0} admitted, {1, ms until enough tokens} over the rate, {2, open tasks now} over the open cap.
 */
const admitLua = `
local n = tonumber(ARGV[2])
local interval = tonumber(ARGV[3])
local burst = tonumber(ARGV[4])
local cap = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = now
if interval > 0 then
  tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
  local ready = tat - (burst - math.min(n, burst)) * interval
  if ready > now then return {1, math.ceil((ready - now) / 1000)} end
end
if cap > 0 then
  local open = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
  if open + n > cap then return {2, open} end
end
if interval > 0 then
  local nextTat = tat + n * interval
  redis.call('SET', KEYS[1], string.format('%.0f', nextTat), 'PX', math.ceil((nextTat - now) / 1000) + 1000)
end
redis.call('HINCRBY', KEYS[2], ARGV[1], n)
return {0}
`;

type QuotaRedis = Redis & { bidaAdmitSubmits(...args: (string | number)[]): Promise<number[]> };

function withScript(redis: Redis): QuotaRedis {
  const r = redis as QuotaRedis;
  if (typeof r.bidaAdmitSubmits !== "function") r.defineCommand("bidaAdmitSubmits", { numberOfKeys: 2, lua: admitLua });
  return r;
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
  const interval = q.submitsPerSecond > 0 ? Math.max(1, Math.round(1_000_000 / q.submitsPerSecond)) : 0;
  const answer = await quotaCall(ctx.redis, null, () =>
    withScript(ctx.redis).bidaAdmitSubmits(redisKey("quota", "submit", String(client.id)), openTasksKey(), client.id, count, interval, q.submitBurst, q.openTasks),
  );
  if (answer === null) return admittedUnchecked;
  const [verdict, value] = answer.map(Number);
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
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    void changeOpenTasks(ctx.redis, [{ clientId: client.id, by: -count }]);
  };
  return {
    release,
    undo: (err) => {
      release();
      throw err;
    },
  };
}
