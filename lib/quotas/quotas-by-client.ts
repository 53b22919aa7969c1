import type { Db } from "../db/client";
import { apiClients } from "../db/schema/api-clients";
import { logger } from "../logger";
import { resolveQuotas, type Quotas } from "./client-quotas";

/** A change made in the console reaches the workers within this time. */
const REFRESH_MS = 10_000;
const UNKNOWN_RELOAD_MS = 1_000;

/**
 * Every client's quotas, as the worker needs them for each attempt: one small SELECT of all clients (there are
 * few) every REFRESH_MS, never one per attempt. While MySQL cannot be read, the last copy (or the defaults) stands.
 */
export function createQuotasByClient(db: Db) {
  let byId = new Map<number, Quotas>();
  let loadedAt = 0;
  let loading: Promise<void> | null = null;
  const defaults = resolveQuotas(null);

  const load = () =>
    (loading ??= db
      .select({ id: apiClients.id, quotas: apiClients.quotas })
      .from(apiClients)
      .then((rows) => {
        byId = new Map(rows.map((r) => [r.id, resolveQuotas(r.quotas)]));
      })
      .catch((err: Error) => logger.warn({ err: err.message }, "could not load client quotas; using the last known"))
      .finally(() => {
        loadedAt = Date.now();
        loading = null;
      }));

  // Ids a load did not find, and when: asked again at most once a second, so a stray id cannot load per attempt.
  const missing = new Map<number, number>();
  return async (clientId: number): Promise<Quotas> => {
    // A client created since the last load (its task exists, so it does too) is read at once, not after REFRESH_MS.
    const missed = missing.get(clientId);
    if (loadedAt === 0 || (!byId.has(clientId) && (missed === undefined || Date.now() - missed > UNKNOWN_RELOAD_MS))) {
      await load();
      if (!byId.has(clientId)) missing.set(clientId, Date.now());
      else missing.delete(clientId);
    } else if (Date.now() - loadedAt > REFRESH_MS) void load();
    return byId.get(clientId) ?? defaults;
  };
}
