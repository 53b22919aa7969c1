import { env } from "../env";
import { type RedisClient, redisKey } from "../redis";
import { foldEntrySchema, type FoldEntry } from "../queue/alert-queue";

/**
 * At most one message per channel per window, agreed between every worker through Redis: a message may go out
 * only by taking the channel's window key (SET NX PX); an alert that finds the window taken (or a summary
 * still owed) is pushed onto the channel's fold list, and the summary job sent at the window's end takes the
 * next window and the whole list.
 * Each step is one Lua script, so no alert falls between a check and a push.
 */

// The hash tag keeps a channel's two keys in one slot on Redis Cluster, which a script touching both needs.
const windowKey = (channelId: number) => redisKey("alert", `{${channelId}}`, "window");
const foldKey = (channelId: number) => redisKey("alert", `{${channelId}}`, "fold");
// Folded alerts whose summary never ran (every worker gone) are dropped after a day rather than kept forever.
const foldTtlMs = 24 * 3600 * 1000;

// Folded alerts waiting for their summary go first: a new alert does not take a free window from them.
const claimScript = `
if redis.call('LLEN', KEYS[2]) == 0 and redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;

const foldScript = `
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return {redis.call('GET', KEYS[1]) or '', redis.call('PTTL', KEYS[1])}`;

const takeFoldedScript = `
if redis.call('LLEN', KEYS[2]) == 0 then return {0} end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1, redis.call('PTTL', KEYS[1])} end
local items = redis.call('LRANGE', KEYS[2], 0, -1)
redis.call('DEL', KEYS[2])
return {2, items}`;

const holdWindowScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/** Takes the channel's window for one message; false when it is held or folded alerts are waiting. */
export async function claimWindow(redis: RedisClient, channelId: number, token: string, windowMs = env.alerts.windowMs): Promise<boolean> {
  return (await redis.eval(claimScript, 2, windowKey(channelId), foldKey(channelId), token, String(windowMs))) === 1;
}

/**
 * Adds an alert to the channel's next summary; returns the window that summary must wait for ("open" when
 * none is held: it may go at once).
 */
export async function foldAlert(redis: RedisClient, channelId: number, entry: FoldEntry): Promise<{ window: string; waitMs: number }> {
  const [window, pttl] = (await redis.eval(foldScript, 2, windowKey(channelId), foldKey(channelId), JSON.stringify(entry), String(foldTtlMs))) as [string, number];
  return { window: window || "open", waitMs: Math.max(0, pttl) };
}

/**
 * Restarts the window when its message has actually gone out: the platform sees at least a window between
 * two messages even when a send was slow to start (the window was claimed before the task was loaded).
 * A window that has meanwhile passed to another message is left alone.
 */
export async function holdWindow(redis: RedisClient, channelId: number, token: string, windowMs = env.alerts.windowMs): Promise<void> {
  await redis.eval(holdWindowScript, 1, windowKey(channelId), token, String(windowMs));
}

export type Take = { state: "empty" } | { state: "busy"; waitMs: number } | { state: "taken"; entries: FoldEntry[] };

/** For the summary job: takes the next window and every folded alert, or says how long the window is still held. */
export async function takeFolded(redis: RedisClient, channelId: number, token: string, windowMs = env.alerts.windowMs): Promise<Take> {
  const res = (await redis.eval(takeFoldedScript, 2, windowKey(channelId), foldKey(channelId), token, String(windowMs))) as [number, unknown];
  if (res[0] === 0) return { state: "empty" };
  if (res[0] === 1) return { state: "busy", waitMs: Math.max(0, Number(res[1])) };
  // A job retried after a Redis hiccup may have pushed its entry twice: count each alert once.
  const byAlert = new Map<number, FoldEntry>();
  for (const raw of res[1] as string[]) {
    const parsed = foldEntrySchema.safeParse(JSON.parse(raw));
    if (parsed.success) byAlert.set(parsed.data.alertId, parsed.data);
  }
  return { state: "taken", entries: [...byAlert.values()] };
}
