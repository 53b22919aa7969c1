import { type RedisClient, redisKey } from "../redis";

/**
 * Attempts per minute across one client's tasks, as GCRA (a token bucket kept as one number, the "theoretical
 * arrival time", per client, in µs on Redis's clock so every worker agrees). The bucket refills at the quota's rate
 * and holds ten seconds' worth, so a client at rest can start a short burst but a 100,000-task batch is spread out.
 *
 * An attempt over the quota is not refused but *booked*: the script moves the client's clock on by one attempt
 * either way, and tells the over-quota attempt when its turn comes. The worker defers it to exactly then
 * (waiting_reason 'quota'), and when it comes back it goes without asking again (it holds that turn). So a backlog
 * of N tasks over the quota costs N deferrals in all, not N per wake-up, and the tasks keep the order they asked in.
 */
export const attemptQuotaKey = (clientId: number) => redisKey("quota", "attempts", String(clientId));

/** Ten seconds' worth of attempts may start at once, at least one. */
const BURST_SECONDS = 10;

export function attemptBucket(perMinute: number): { intervalUs: number; toleranceUs: number } {
  const intervalUs = Math.max(1, Math.round(60_000_000 / perMinute));
  const capacity = Math.max(1, Math.ceil((perMinute * BURST_SECONDS) / 60));
  return { intervalUs, toleranceUs: (capacity - 1) * intervalUs };
}

// KEYS: one bucket per ask (a client may appear several times, taken in order). ARGV: pairs of µs per attempt and
// tolerance. Returns, per ask, 0 (go now) or the ms until its booked turn.
const takeLua = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local out = {}
for i = 1, #KEYS do
  local interval = tonumber(ARGV[2 * i - 1])
  local tolerance = tonumber(ARGV[2 * i])
  local tat = math.max(tonumber(redis.call('GET', KEYS[i]) or '0'), now)
  local nextTat = tat + interval
  redis.call('SET', KEYS[i], string.format('%.0f', nextTat), 'PX', math.ceil((nextTat - now) / 1000) + 1000)
  local turn = tat - tolerance
  if turn <= now then out[i] = 0 else out[i] = math.ceil((turn - now) / 1000) end
end
return out
`;

// KEYS: the bucket. ARGV: µs per attempt. An attempt that was let through but not made gives its turn back.
const giveBackLua = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat <= now then return 0 end
local back = math.max(now, tat - tonumber(ARGV[1]))
redis.call('SET', KEYS[1], string.format('%.0f', back), 'PX', math.ceil((back - now) / 1000) + 1000)
return 1
`;

type QuotaRedis = RedisClient & {
  bidaTakeAttempts(...args: (string | number)[]): Promise<number[]>;
  bidaGiveBackAttempt(...args: (string | number)[]): Promise<number>;
};

function withScripts(redis: RedisClient): QuotaRedis {
  const r = redis as QuotaRedis;
  if (typeof r.bidaTakeAttempts !== "function") {
    r.defineCommand("bidaTakeAttempts", { lua: takeLua });
    r.defineCommand("bidaGiveBackAttempt", { numberOfKeys: 1, lua: giveBackLua });
  }
  return r;
}

export interface AttemptAsk {
  clientId: number;
  perMinute: number;
}

/** One script for all the asks: per ask, 0 to go now or the ms until its booked turn. */
export async function takeAttempts(redis: RedisClient, asks: AttemptAsk[]): Promise<number[]> {
  if (asks.length === 0) return [];
  const args = asks.flatMap((a) => {
    const b = attemptBucket(a.perMinute);
    return [b.intervalUs, b.toleranceUs];
  });
  // Without numberOfKeys in the definition, ioredis takes the key count as the first argument.
  const answer = await withScripts(redis).bidaTakeAttempts(asks.length, ...asks.map((a) => attemptQuotaKey(a.clientId)), ...args);
  return answer.map(Number);
}

export async function giveBackAttempt(redis: RedisClient, ask: AttemptAsk): Promise<void> {
  await withScripts(redis).bidaGiveBackAttempt(attemptQuotaKey(ask.clientId), attemptBucket(ask.perMinute).intervalUs);
}
