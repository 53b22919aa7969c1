import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { apiClients, type ApiClient } from "../db/schema/api-clients";
import { recordAudit } from "../audit/record-audit";
import { logger } from "../logger";
import { noteOutage } from "../outage-log";

// Authentication runs on every submit; a write per request would put a row lock on the client in every one.
const WRITE_EVERY_MS = 60_000;

// On globalThis: the web server's direct routes and Next's route handlers are two bundles of this module.
const globalForUse = globalThis as unknown as { bidaClientUse?: Map<string, number> };

/**
 * Notes that a client's key was used: `last_used_at` at most once a minute per client (per process, and the
 * UPDATE's own guard across processes), and an audit entry at most once a minute while the key from before a
 * rotation is still in use, so operators see which client has not switched yet. Never delays the request.
 */
export function recordClientUse(db: Db, client: ApiClient, key: "current" | "previous"): void {
  const seen = (globalForUse.bidaClientUse ??= new Map());
  const now = Date.now();
  const mark = `${client.id}:${key}`;
  const last = seen.get(mark);
  if (last !== undefined && now - last < WRITE_EVERY_MS) return;
  if (seen.size > 20_000) seen.clear();
  seen.set(mark, now);
  // On failure the mark stays: the next try is a minute later, not on every request while MySQL is down.
  void write(db, client, key).catch((err: unknown) => {
    if (!noteOutage(err, "client-use marks skipped")) logger.warn({ client: client.name, code: (err as { code?: string }).code, err: (err as Error).message }, "could not record API client use");
  });
}

async function write(db: Db, client: ApiClient, key: "current" | "previous") {
  if (key === "previous") {
    await recordAudit(db, {
      actor: `client:${client.name}`,
      action: "client.previous_key_used",
      objectType: "client",
      objectId: client.name,
      details: { previousKeyExpiresAt: client.previousSecretExpiresAt?.toISOString() ?? null },
    });
  }
  await db
    .update(apiClients)
    // updated_at keeps its value: being used is not a change to the client.
    .set({ lastUsedAt: sql`CURRENT_TIMESTAMP(3)`, updatedAt: sql`${apiClients.updatedAt}` })
    .where(and(eq(apiClients.id, client.id), or(isNull(apiClients.lastUsedAt), lt(apiClients.lastUsedAt, sql`CURRENT_TIMESTAMP(3) - INTERVAL 60 SECOND`))));
}
