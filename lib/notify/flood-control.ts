import type { Redis } from "ioredis";
import { env } from "../env";
import { redisKey } from "../redis";
import { foldEntrySchema, type FoldEntry } from "../queue/alert";

/**
 * At most one message per channel per window, agreed between every worker through Redis: a message may go out
 * only by taking the channel's window key (SET NX PX); an alert that finds the window taken is pushed onto the
 * channel's fold list, and the summary job sent at the window's end takes the next window and the whole list.
 * Each step is one Lua script, so no alert falls between a check and a push.
 */

// The hash tag keeps a channel's two keys in one slot on Redis Cluster, which a script touching both needs.
const windowKey = (channelId: number) => redisKey("alert", `{${channelId}}`, "window");
const foldKey = (channelId: number) => redisKey("alert", `{${channelId}}`, "fold");
// Folded alerts whose summary never ran (every worker gone) are dropped after a day rather than kept forever.
const foldTtlMs = 24 * 3600 * 1000;

const claimOrFoldScript = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1, ARGV[1], 0} end
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return {0, redis.call('GET', KEYS[1]) or '', redis.call('PTTL', KEYS[1])}`;

const takeFoldedScript = `
if redis.call('LLEN', KEYS[2]) == 0 then return {0} end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1, redis.call('PTTL', KEYS[1])} end
local items = redis.call('LRANGE', KEYS[2], 0, -1)
redis.call('DEL', KEYS[2])
return {2, items}`;

const windowStateScript = `return {redis.call('GET', KEYS[1]) or '', redis.call('PTTL', KEYS[1])}`;

export type Claim = { granted: true } | { granted: false; window: string; waitMs: number };

/** Takes the channel's window for this alert, or folds the alert into the window's summary. */
export async function claimOrFold(redis: Redis, channelId: number, token: string, entry: FoldEntry, windowMs = env.alerts.windowMs): Promise<Claim> {
  const [granted, window, pttl] = (await redis.eval(
    claimOrFoldScript,
    2,
    windowKey(channelId),
    foldKey(channelId),
    token,
    String(windowMs),
    JSON.stringify(entry),
    String(foldTtlMs),
  )) as [number, string, number];
  return granted === 1 ? { granted: true } : { granted: false, window: window || "open", waitMs: Math.max(0, pttl) };
}

/** The window a folded alert waits for (to schedule its summary again after a failed enqueue). */
export async function currentWindow(redis: Redis, channelId: number): Promise<{ window: string; waitMs: number }> {
  const [window, pttl] = (await redis.eval(windowStateScript, 1, windowKey(channelId))) as [string, number];
  return { window: window || `open-${Date.now()}`, waitMs: Math.max(0, pttl) };
}

export type Take = { state: "empty" } | { state: "busy"; waitMs: number } | { state: "taken"; entries: FoldEntry[] };

/** For the summary job: takes the next window and every folded alert, or says how long the window is still held. */
export async function takeFolded(redis: Redis, channelId: number, token: string, windowMs = env.alerts.windowMs): Promise<Take> {
  const res = (await redis.eval(takeFoldedScript, 2, windowKey(channelId), foldKey(channelId), token, String(windowMs))) as [number, unknown];
  if (res[0] === 0) return { state: "empty" };
  if (res[0] === 1) return { state: "busy", waitMs: Math.max(0, Number(res[1])) };
  const entries = (res[1] as string[]).flatMap((raw) => {
    const parsed = foldEntrySchema.safeParse(JSON.parse(raw));
    return parsed.success ? [parsed.data] : [];
  });
  return { state: "taken", entries };
}
