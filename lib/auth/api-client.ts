import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { ApiError } from "../errors";
import { apiClients, type ApiClient } from "../db/schema/api-clients";
import { parseApiKey, secretMatches } from "../clients/credentials";

// A short cache keeps one SELECT off every request; a disabled or deleted client takes effect within this time.
const CACHE_TTL_MS = 10_000;
const cache = new Map<string, { client: ApiClient | null; expires: number }>();

async function findClient(db: Db, username: string): Promise<ApiClient | null> {
  const hit = cache.get(username);
  if (hit && hit.expires > Date.now()) return hit.client;
  const [client] = await db.select().from(apiClients).where(eq(apiClients.username, username)).limit(1);
  if (cache.size > 10_000) cache.clear();
  cache.set(username, { client: client ?? null, expires: Date.now() + CACHE_TTL_MS });
  return client ?? null;
}

/** Checks a username/secret pair (the kkbida headers); throws 401 for wrong credentials, 403 for a disabled client. */
export async function authenticateClient(db: Db, username: string | null, secret: string | null): Promise<ApiClient> {
  if (!username || !secret) throw new ApiError("unauthorized", "Credentials are missing.");
  const client = await findClient(db, username);
  if (!client || !secretMatches(secret, client.secretHash)) throw new ApiError("unauthorized", "The credentials are not valid.");
  if (client.disabled) throw new ApiError("forbidden", "This API client is disabled.");
  return client;
}

/** Checks `Authorization: Bearer bida_<username>_<secret>`. */
export async function authenticateBearer(db: Db, authorization: string | null): Promise<ApiClient> {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!m) throw new ApiError("unauthorized", "Send the API key as `Authorization: Bearer <apiKey>`.");
  const parsed = parseApiKey(m[1]!);
  if (!parsed) throw new ApiError("unauthorized", "The API key is not valid.");
  return authenticateClient(db, parsed.username, parsed.secret);
}
