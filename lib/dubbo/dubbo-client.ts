import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { apiClients, type ApiClient } from "../db/schema/api-clients";
import { callerMatcher } from "../auth/caller-allowed";
import type { IpMatcher } from "../net/cidr-list";

// As lib/auth/api-client.ts: a disabled client or a changed caller allow-list takes effect within this time.
const CACHE_TTL_MS = 10_000;

interface Entry {
  client: ApiClient | null;
  callers: IpMatcher;
  readAt: number;
}

let cached: { name: string; entry: Entry } | null = null;

/**
 * The API client Dubbo calls become tasks of (DUBBO_CLIENT), with its caller allow-list. Dubbo carries no
 * credentials, so the client is named by configuration; its quotas, hosts and callers apply as on HTTP.
 */
export async function dubboClient(db: Db, name: string): Promise<Entry> {
  if (cached && cached.name === name && Date.now() - cached.entry.readAt < CACHE_TTL_MS) return cached.entry;
  const [client] = await db.select().from(apiClients).where(eq(apiClients.name, name)).limit(1);
  const entry: Entry = { client: client ?? null, callers: callerMatcher(name, client?.allowedCallerCidrs ?? null), readAt: Date.now() };
  cached = { name, entry };
  return entry;
}
