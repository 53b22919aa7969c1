import { env } from "../env";
import { type RedisClient, redisKey } from "../redis";

/**
 * The per-host gate every call passes, shared by all workers through Redis: at most `cap` calls in flight per host
 * (HOST_MAX_IN_FLIGHT, or the host's own setting), a circuit breaker, and an operator's pause. Each decision is one
 * Lua script, so two workers can never both take the last slot or both make the trial call of a half-open circuit.
 *
 * Per host, under `<prefix>:host:<scheme://host:port>:`:
 * - `slots`    sorted set: a token per call in flight, scored by when it lapses (renewed while the call runs), so a
 *              killed worker's calls stop counting within WORKER_LOCK_MS;
 * - `waiting`  sorted set: the jobs deferred at the gate, oldest first — a freed slot or a closed circuit promotes them;
 * - `breaker`  hash: state (closed | open | half-open), consecutive host failures, openedAt, probeAt, interval;
 * - `faults`   set: the tasks those failures came from (a circuit opens only across BREAKER_MIN_TASKS tasks);
 * - `settings` hash: cap and paused, as the console sets them (MySQL keeps them too; lib/hosts/host-settings.ts).
 */
export type GateDecision =
  | { granted: true; probe: boolean }
  /** `until`: when the circuit may be tried again (open), or 0 (cap, paused: a promotion wakes the job). */
  | { granted: false; reason: "cap" | "open" | "paused"; until: number };

export type CircuitEvent = "opened" | "reopened" | "closed";

export interface ReleaseResult {
  /**
   * Deferred jobs to wake: those that may go now (a slot came free, the circuit closed), or, when the circuit just
   * opened or reopened, the oldest waiter, to be woken at probeAt for the next trial.
   */
  promote: string[];
  event: CircuitEvent | null;
  /** With opened/reopened: when the trial call is due. */
  probeAt: number;
}

export const hostKeys = (host: string) => {
  const base = redisKey("host", host);
  return { slots: `${base}:slots`, waiting: `${base}:waiting`, breaker: `${base}:breaker`, faults: `${base}:faults`, settings: `${base}:settings` };
};
/** Calls to a host in one minute: `calls`, `ok` (accepted by the task), `ms` (summed duration); kept an hour. */
export const hostStatsKey = (host: string, at: number) => `${redisKey("host", host)}:stats:${Math.floor(at / 60_000)}`;
/** Every host called lately, scored by the last call: the console's hosts page lists these. */
export const knownHostsKey = () => redisKey("hosts");
const keysOf = (host: string) => {
  const k = hostKeys(host);
  return [k.slots, k.waiting, k.breaker, k.faults, k.settings];
};

// KEYS: slots waiting breaker faults settings. ARGV: token, now, default cap, lapse time, job id, wait.
// Behind an open circuit only the oldest waiter wakes for the trial; the others sleep a wait longer, or until the
// circuit closes and promotes them, so a dead host's backlog does not churn through the queue every interval.
const acquireLua = `
local now = tonumber(ARGV[2])
local function wait(reason, untilMs)
  redis.call('ZADD', KEYS[2], 'NX', now, ARGV[5])
  if untilMs > 0 and redis.call('ZRANK', KEYS[2], ARGV[5]) > 0 then untilMs = untilMs + tonumber(ARGV[6]) end
  return {reason, untilMs}
end
local settings = redis.call('HMGET', KEYS[5], 'paused', 'cap')
if settings[1] == '1' then return wait('paused', 0) end
local state = redis.call('HGET', KEYS[3], 'state')
local probe = 0
if state == 'open' then
  local probeAt = tonumber(redis.call('HGET', KEYS[3], 'probeAt') or '0')
  if now < probeAt then return wait('open', probeAt) end
  probe = 1
elseif state == 'half-open' then
  -- The trial is alive while its slot is: its worker renews the slot for as long as the call runs.
  local trial = redis.call('HGET', KEYS[3], 'probeToken')
  local lapse = trial and redis.call('ZSCORE', KEYS[1], trial)
  if lapse and tonumber(lapse) > now then return wait('open', tonumber(lapse)) end
  -- The trial call's worker died: this call is the trial now.
  probe = 1
end
if probe == 0 then
  -- Lapsed slots (a killed worker's) are dropped only when they could be what fills the cap: one command less
  -- on every call to a host with room.
  local cap = tonumber(settings[2] or ARGV[3])
  if redis.call('ZCARD', KEYS[1]) >= cap then
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
    if redis.call('ZCARD', KEYS[1]) >= cap then return wait('cap', 0) end
  end
else
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  redis.call('HSET', KEYS[3], 'state', 'half-open', 'probeToken', ARGV[1], 'probeUntil', ARGV[4])
end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[5])
return {'ok', probe}
`;

// KEYS as above, then the host's stats of this minute and the set of known hosts. ARGV: token, now, verdict (host |
// up | none), task id, failures to open, tasks to open, first interval, longest interval, default cap, whether the
// task accepted the answer (1 | 0), the call's duration in ms, the host.
const releaseLua = `
local now = tonumber(ARGV[2])
redis.call('ZREM', KEYS[1], ARGV[1])
if ARGV[3] ~= 'none' then
  -- The minute's hash gets its expiry with its first call, not with every call.
  if redis.call('HINCRBY', KEYS[6], 'calls', 1) == 1 then redis.call('PEXPIRE', KEYS[6], 3600000) end
  if ARGV[10] == '1' then redis.call('HINCRBY', KEYS[6], 'ok', 1) end
  redis.call('HINCRBY', KEYS[6], 'ms', tonumber(ARGV[11]))
end
redis.call('ZADD', KEYS[7], now, ARGV[12])
-- One read of the breaker for every branch below.
local breaker = redis.call('HMGET', KEYS[3], 'state', 'probeToken', 'failures', 'interval')
local state = breaker[1] or 'closed'
local isProbe = breaker[2] == ARGV[1]
local event = ''
local probeAt = 0
if ARGV[3] == 'host' then
  if state == 'half-open' and isProbe then
    local interval = math.min(tonumber(breaker[4] or ARGV[7]) * 2, tonumber(ARGV[8]))
    probeAt = now + interval
    redis.call('HSET', KEYS[3], 'state', 'open', 'interval', interval, 'probeAt', probeAt, 'probeToken', '', 'probeUntil', 0)
    event = 'reopened'
  elseif state == 'closed' then
    local failures = redis.call('HINCRBY', KEYS[3], 'failures', 1)
    redis.call('SADD', KEYS[4], ARGV[4])
    if failures >= tonumber(ARGV[5]) and redis.call('SCARD', KEYS[4]) >= tonumber(ARGV[6]) then
      probeAt = now + tonumber(ARGV[7])
      redis.call('HSET', KEYS[3], 'state', 'open', 'openedAt', now, 'interval', ARGV[7], 'probeAt', probeAt, 'failures', 0, 'probeToken', '', 'probeUntil', 0)
      redis.call('DEL', KEYS[4])
      event = 'opened'
    end
  end
elseif ARGV[3] == 'up' then
  -- The host answered: it is up, whatever the task thought of the answer.
  if state ~= 'closed' then
    redis.call('HSET', KEYS[3], 'state', 'closed', 'failures', 0, 'probeToken', '', 'probeUntil', 0, 'interval', ARGV[7])
    redis.call('DEL', KEYS[4])
    event = 'closed'
    state = 'closed'
  elseif breaker[3] and breaker[3] ~= '0' then
    redis.call('HSET', KEYS[3], 'failures', 0)
    redis.call('DEL', KEYS[4])
  end
end
local promote = {}
if event == 'opened' or event == 'reopened' then
  -- The oldest waiters make the next trial: the first of them still waiting is woken for probeAt, so trials pass
  -- from task to task (a few, in case the oldest ended meanwhile).
  promote = redis.call('ZRANGE', KEYS[2], 0, 4)
elseif state == 'closed' and redis.call('ZCARD', KEYS[2]) > 0 then
  -- Only a host with waiters has anyone to wake: most releases stop at the ZCARD above.
  local settings = redis.call('HMGET', KEYS[5], 'paused', 'cap')
  if settings[1] ~= '1' then
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
    local free = tonumber(settings[2] or ARGV[9]) - redis.call('ZCARD', KEYS[1])
    if free > 0 then
      promote = redis.call('ZRANGE', KEYS[2], 0, free - 1)
      -- By rank, not unpack(): Lua's unpack fails past a few thousand members.
      if #promote > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, #promote - 1) end
    end
  end
end
return {event, probeAt, promote}
`;

// KEYS: slots. ARGV: lapse time, token… — renews the calls still running.
const renewLua = `
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', ARGV[1], ARGV[i]) end
return 0
`;

type GateRedis = RedisClient & {
  bidaHostAcquire(...args: (string | number)[]): Promise<[string, number]>;
  bidaHostRelease(...args: (string | number)[]): Promise<[string, number, string[]]>;
  bidaHostRenew(...args: (string | number)[]): Promise<number>;
};

function withScripts(redis: RedisClient): GateRedis {
  const r = redis as GateRedis;
  if (typeof r.bidaHostAcquire !== "function") {
    r.defineCommand("bidaHostAcquire", { numberOfKeys: 5, lua: acquireLua });
    r.defineCommand("bidaHostRelease", { numberOfKeys: 7, lua: releaseLua });
    r.defineCommand("bidaHostRenew", { numberOfKeys: 1, lua: renewLua });
  }
  return r;
}

export interface HostGate {
  acquire(host: string, token: string, jobId: string): Promise<GateDecision>;
  /**
   * The call is over: frees its slot, tells the breaker whether the host failed (`host`), answered (`up`), or
   * neither, and counts the call in the host's per-minute stats (lib/hosts/host-stats.ts).
   */
  release(host: string, token: string, verdict: "host" | "up" | "none", taskId: string, call?: { ok: boolean; durationMs: number }): Promise<ReleaseResult>;
  /** Pushes the lapse time of the given calls forward (the worker does this while they run). */
  renew(host: string, tokens: string[]): Promise<void>;
  /** Whether a call could pass now: circuit closed, not paused, a slot free. Read-only, for a wake that was missed. */
  hasRoom(host: string): Promise<boolean>;
}

export function createHostGate(redis: RedisClient, opts = env.hosts): HostGate {
  const r = withScripts(redis);
  return {
    async acquire(host, token, jobId) {
      const now = Date.now();
      const [answer, extra] = await r.bidaHostAcquire(...keysOf(host), token, now, opts.maxInFlight, now + opts.slotLapseMs, jobId, opts.waitMs);
      if (answer === "ok") return { granted: true, probe: Number(extra) === 1 };
      return { granted: false, reason: answer as "cap" | "open" | "paused", until: Number(extra) };
    },
    async release(host, token, verdict, taskId, call) {
      const b = opts.breaker;
      const now = Date.now();
      const [event, probeAt, promote] = await r.bidaHostRelease(
        ...keysOf(host),
        hostStatsKey(host, now),
        knownHostsKey(),
        token,
        now,
        verdict,
        taskId,
        b.failures,
        b.minTasks,
        b.probeMs,
        b.probeMaxMs,
        opts.maxInFlight,
        call?.ok ? 1 : 0,
        Math.round(call?.durationMs ?? 0),
        host,
      );
      return { event: (event || null) as CircuitEvent | null, probeAt: Number(probeAt), promote };
    },
    async hasRoom(host) {
      const k = hostKeys(host);
      const now = Date.now();
      const replies = (await r.pipeline().zcount(k.slots, `(${now}`, "+inf").hget(k.settings, "cap").hget(k.settings, "paused").hget(k.breaker, "state").exec()) ?? [];
      const [inFlight, cap, paused, state] = replies.map(([err, v]) => (err ? null : v));
      return (state ?? "closed") === "closed" && paused !== "1" && Number(inFlight ?? Infinity) < Number(cap ?? opts.maxInFlight);
    },
    async renew(host, tokens) {
      if (tokens.length === 0) return;
      await r.bidaHostRenew(hostKeys(host).slots, Date.now() + opts.slotLapseMs, ...tokens);
    },
  };
}
