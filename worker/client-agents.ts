import { eq } from "drizzle-orm";
import type { Dispatcher } from "undici";
import type { Db } from "@/lib/db/client";
import { apiClients } from "@/lib/db/schema/api-clients";
import type { ClientNetwork } from "@/lib/clients/outbound-settings";
import { createClientDispatcher, hasOwnNetwork, type ClientDispatcherOptions } from "@/lib/delivery/client-dispatcher";
import { logger } from "@/lib/logger";
import { noteOutage } from "@/lib/outage-log";

export interface ClientAgentsOptions extends ClientDispatcherOptions {
  /** The process's pool, for every client without settings of its own (most): keep-alive shared across them. */
  shared: Dispatcher;
  /** Reads a client's network settings; null when the client is gone. */
  load: (clientId: number) => Promise<ClientNetwork | null>;
  /** Most clients with an agent of their own at once; the least recently used is closed first. */
  max: number;
  /** How long a client's settings are trusted before they are read again: an edit reaches calls within this. */
  ttlMs?: number;
}

interface Entry {
  expires: number;
  fingerprint: string;
  /** Null: the client uses the shared pool. */
  agent: Dispatcher | null;
}

export interface ClientAgents {
  /** The dispatcher for this client's calls; throws when its settings cannot be read or opened. */
  forClient: (clientId: number) => Promise<Dispatcher>;
  close: () => Promise<void>;
}

/**
 * One agent per client with outbound settings (allowed target CIDRs, CA bundle, mTLS, proxy), since those live
 * in the connector; every other client shares the process's pool. Bounded: past `max` agents the least recently
 * used one closes (its calls in flight finish first) and is built again when that client calls next.
 */
export function createClientAgents(opts: ClientAgentsOptions): ClientAgents {
  const ttlMs = opts.ttlMs ?? 5_000;
  const entries = new Map<number, Entry>(); // insertion order = recency: a hit moves to the end
  const loading = new Map<number, Promise<Dispatcher>>();

  const retire = (agent: Dispatcher | null) => {
    if (agent) agent.close().catch((err: Error) => logger.warn({ err: err.message }, "closing a client's agent failed"));
  };

  async function refresh(clientId: number, stale: Entry | undefined): Promise<Dispatcher> {
    let network: ClientNetwork;
    try {
      network = (await opts.load(clientId)) ?? { allowedTargetCidrs: null, outbound: null };
    } catch (err) {
      // MySQL is briefly away: the settings read last are still the client's best-known ones.
      if (!stale) throw err;
      if (!noteOutage(err, "client settings reads skipped")) logger.warn({ err: (err as Error).message, clientId }, "client outbound settings not re-read; using the last ones");
      return stale.agent ?? opts.shared;
    }
    const fingerprint = JSON.stringify(network);
    let agent = stale?.fingerprint === fingerprint ? stale.agent : null;
    try {
      if (!agent && hasOwnNetwork(network)) agent = createClientDispatcher(network, opts);
    } finally {
      if (stale?.agent && stale.agent !== agent) retire(stale.agent);
      entries.delete(clientId);
    }
    entries.set(clientId, { expires: Date.now() + ttlMs, fingerprint, agent });
    evict();
    return agent ?? opts.shared;
  }

  function evict() {
    let own = 0;
    for (const e of entries.values()) if (e.agent) own++;
    for (const [id, e] of entries) {
      // Entries without an agent cost a few bytes each; still bounded, so a stream of client ids cannot grow it.
      if (own <= opts.max && entries.size <= 10_000) break;
      if (e.agent) own--;
      retire(e.agent);
      entries.delete(id);
    }
  }

  return {
    async forClient(clientId) {
      const hit = entries.get(clientId);
      if (hit && hit.expires > Date.now()) {
        entries.delete(clientId);
        entries.set(clientId, hit);
        return hit.agent ?? opts.shared;
      }
      let pending = loading.get(clientId);
      if (!pending) {
        pending = refresh(clientId, hit).finally(() => loading.delete(clientId));
        loading.set(clientId, pending);
      }
      return pending;
    },
    async close() {
      const agents = [...entries.values()].flatMap((e) => (e.agent ? [e.agent] : []));
      entries.clear();
      await Promise.allSettled(agents.map((a) => a.close()));
    },
  };
}

/** Reads a client's target CIDRs and outbound options (the worker's loader). */
export function loadClientNetwork(db: Db) {
  return async (clientId: number): Promise<ClientNetwork | null> => {
    const [row] = await db
      .select({ allowedTargetCidrs: apiClients.allowedTargetCidrs, outbound: apiClients.outbound })
      .from(apiClients)
      .where(eq(apiClients.id, clientId))
      .limit(1);
    return row ?? null;
  };
}
