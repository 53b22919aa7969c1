import { activeSigningKeys, loadSigningState, openSigningKeys, type SigningKeys } from "@/lib/clients/signing-secrets";
import type { Db } from "@/lib/db/client";

interface Entry {
  keys: SigningKeys | null;
  loadedAt: number;
  pending: Promise<SigningKeys | null> | null;
}

const none: SigningKeys = { current: null, previous: null };

/**
 * The signing keys of a task's client, as the delivery needs them on every call. A client's row is read and its
 * secrets opened once per `ttlMs` (one small query per client, not per call; concurrent calls share it), so a
 * rotation or a switch reaches calls within `ttlMs`. When a refresh fails, the keys last read keep serving; with
 * none, the error fails the job (BullMQ retries it): a call must not go out unsigned because the database was away.
 */
export function createSigningKeys(db: Db, ttlMs: number) {
  const cache = new Map<number, Entry>();

  function load(e: Entry, clientId: number): Promise<SigningKeys | null> {
    e.pending ??= loadSigningState(db, clientId)
      .then((state) => {
        e.keys = state ? openSigningKeys(state) : none;
        e.loadedAt = Date.now();
        return e.keys;
      })
      .catch((err: unknown) => {
        if (e.keys) return e.keys;
        throw err;
      })
      .finally(() => {
        e.pending = null;
      });
    return e.pending;
  }

  return async (clientId: number): Promise<{ keys: Buffer[]; error?: string }> => {
    let entry = cache.get(clientId);
    if (!entry) {
      entry = { keys: null, loadedAt: -Infinity, pending: null };
      cache.set(clientId, entry);
    }
    const fresh = Date.now() - entry.loadedAt < ttlMs;
    const keys = fresh ? entry.keys : await load(entry, clientId);
    return { keys: activeSigningKeys(keys ?? none), error: keys?.error };
  };
}
