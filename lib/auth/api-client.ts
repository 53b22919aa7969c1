import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { ApiError } from "../errors";
import { apiClients, type ApiClient } from "../db/schema/api-clients";
import { parseApiKey, secretMatches } from "../clients/credentials";
import { recordClientUse } from "../clients/record-client-use";
import type { IpMatcher } from "../net/cidr-list";
import { CallerRefusedError, callerMatcher } from "./caller-allowed";
import { kkbidaPasswordMatches } from "./kkbida-password-check";

// A short cache keeps one SELECT off every request; a disabled or deleted client, a changed caller allow-list
// and a rotation without grace take effect within this time on every web process (at once on the one that
// made the change, see forgetApiClient).
const CACHE_TTL_MS = 10_000;
// A secret that does not match a cached row older than this reads the row again, so a key rotated on another
// web process works here within a second rather than after the whole cache time.
const REREAD_AFTER_MS = 1_000;

interface Entry {
  client: ApiClient | null;
  callers: IpMatcher;
  readAt: number;
}

// On globalThis: the web server's direct routes and Next's route handlers (and the console's actions, which
// invalidate it) are separate bundles of this module, and must share one cache.
const globalForAuth = globalThis as unknown as { bidaApiClientCache?: Map<string, Entry> };
const cache = (globalForAuth.bidaApiClientCache ??= new Map());

async function findClient(db: Db, username: string, fresh = false): Promise<Entry> {
  const hit = cache.get(username);
  if (!fresh && hit && Date.now() - hit.readAt < CACHE_TTL_MS) return hit;
  const [client] = await db.select().from(apiClients).where(eq(apiClients.username, username)).limit(1);
  if (cache.size > 10_000) cache.clear();
  const entry: Entry = { client: client ?? null, callers: callerMatcher(client?.name ?? username, client?.allowedCallerCidrs ?? null), readAt: Date.now() };
  cache.set(username, entry);
  return entry;
}

/** Drops a client from this process's cache after a change to it (rotation, allow-list). */
export function forgetApiClient(username: string): void {
  cache.delete(username);
}

/** Which of the client's secrets this is: the current one, or the one before a rotation while its grace lasts. */
function keyUsed(client: ApiClient, secret: string, now: number): "current" | "previous" | null {
  if (secretMatches(secret, client.secretHash)) return "current";
  const graceEnds = client.previousSecretExpiresAt?.getTime() ?? 0;
  if (client.previousSecretHash && graceEnds > now && secretMatches(secret, client.previousSecretHash)) return "previous";
  return null;
}

/**
 * How the secret came: in the native API key, or as kkbida's `password` header. A client given a kkbida password
 * (one a person chose, slow-hashed) answers the kkbida protocol with it instead of its generated secret; its API
 * key is unchanged.
 */
export type SecretSource = "api-key" | "kkbida";

async function secretUsed(client: ApiClient, secret: string, source: SecretSource, now: number): Promise<"current" | "previous" | null> {
  if (source === "kkbida" && client.kkbidaPasswordHash) {
    return (await kkbidaPasswordMatches(client.username, secret, client.kkbidaPasswordHash)) ? "current" : null;
  }
  return keyUsed(client, secret, now);
}

/**
 * Checks a username/secret pair and the caller's address against the client's allow-list; throws 401 for wrong
 * credentials, 403 for a disabled client or a caller outside the list (CallerRefusedError).
 */
export async function authenticateClient(
  db: Db,
  username: string | null,
  secret: string | null,
  caller: string | null,
  source: SecretSource = "api-key",
): Promise<ApiClient> {
  if (!username || !secret) throw new ApiError("unauthorized", "Credentials are missing.");
  let entry = await findClient(db, username);
  const now = Date.now();
  let key = entry.client ? await secretUsed(entry.client, secret, source, now) : null;
  if (!key && now - entry.readAt > REREAD_AFTER_MS) {
    const before = entry.client;
    entry = await findClient(db, username, true);
    const changed = before?.secretHash !== entry.client?.secretHash || before?.kkbidaPasswordHash !== entry.client?.kkbidaPasswordHash || before?.previousSecretHash !== entry.client?.previousSecretHash;
    key = entry.client && changed ? await secretUsed(entry.client, secret, source, now) : null;
  }
  const client = entry.client;
  if (!client || !key) throw new ApiError("unauthorized", "The credentials are not valid.");
  if (client.disabled) throw new ApiError("forbidden", "This API client is disabled.");
  if (!entry.callers(caller)) throw new CallerRefusedError(caller);
  recordClientUse(db, client, key);
  return client;
}

/** Checks `Authorization: Bearer bida_<username>_<secret>`. */
export async function authenticateBearer(db: Db, authorization: string | null, caller: string | null): Promise<ApiClient> {
  // A username taken over from kkbida may hold spaces, so the key runs to the end of the header.
  const m = /^Bearer\s+(\S.*?)\s*$/i.exec(authorization ?? "");
  if (!m) throw new ApiError("unauthorized", "Send the API key as `Authorization: Bearer <apiKey>`.");
  const parsed = parseApiKey(m[1]!);
  if (!parsed) throw new ApiError("unauthorized", "The API key is not valid.");
  return authenticateClient(db, parsed.username, parsed.secret, caller, "api-key");
}
