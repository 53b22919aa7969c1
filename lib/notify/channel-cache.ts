import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { alertChannels, type AlertChannel } from "../db/schema/alert-channels";
import { env } from "../env";

interface Entry {
  at: number;
  channels: Promise<AlertChannel[]>;
}

// Per database handle, so tests with their own pools do not share a copy.
const cache = new WeakMap<Db, Entry>();
// The last list MySQL gave, for the self-alerts sent while MySQL is the outage.
const lastKnown = new WeakMap<Db, AlertChannel[]>();

/**
 * The enabled channels, re-read at most every ALERT_CHANNEL_CACHE_MS: the alert hook runs after every group
 * commit, thousands of times a second under load, and must not cost a query each time. A change made in the
 * console reaches the workers within that time.
 */
export function enabledChannels(db: Db, maxAgeMs = env.alerts.channelCacheMs): Promise<AlertChannel[]> {
  const now = Date.now();
  const hit = cache.get(db);
  if (hit && now - hit.at < maxAgeMs) return hit.channels;
  // A real promise: awaiting a drizzle query builder twice would run the query twice.
  const channels = (async () => db.select().from(alertChannels).where(eq(alertChannels.enabled, true)))();
  const entry = { at: now, channels };
  cache.set(db, entry);
  channels.then((list) => lastKnown.set(db, list)).catch(() => undefined);
  // A failed read is not cached: the next call tries again.
  channels.catch(() => {
    if (cache.get(db) === entry) cache.delete(db);
  });
  return channels;
}

/** The enabled channels, or while MySQL cannot be read the last list it gave (null: none read yet). */
export async function enabledChannelsOrLastKnown(db: Db, maxAgeMs = env.alerts.channelCacheMs): Promise<AlertChannel[] | null> {
  try {
    return await enabledChannels(db, maxAgeMs);
  } catch {
    return lastKnown.get(db) ?? null;
  }
}
