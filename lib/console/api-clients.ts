import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { ApiError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { createApiClient } from "../clients/create-client";
import { apiClients } from "../db/schema/api-clients";
import type { KkbidaCredentials } from "../clients/kkbida-credentials";

/** API clients without their secret hashes; there are few, so no paging. */
export async function listApiClients(db: Db) {
  return db
    .select({
      id: apiClients.id,
      name: apiClients.name,
      username: apiClients.username,
      allowedHosts: apiClients.allowedHosts,
      quotas: apiClients.quotas,
      disabled: apiClients.disabled,
      createdAt: apiClients.createdAt,
      allowedCallerCidrs: apiClients.allowedCallerCidrs,
      lastUsedAt: apiClients.lastUsedAt,
      secretRotatedAt: apiClients.secretRotatedAt,
      previousSecretExpiresAt: apiClients.previousSecretExpiresAt,
      signCallbacks: apiClients.signCallbacks,
      previousSigningSecretExpiresAt: apiClients.previousSigningSecretExpiresAt,
    })
    .from(apiClients)
    .orderBy(asc(apiClients.name));
}

const isDuplicate = (err: unknown) =>
  (err as { code?: string }).code === "ER_DUP_ENTRY" || (err as { cause?: { code?: string } }).cause?.code === "ER_DUP_ENTRY";

/** Creates a client from the console; its credentials exist only in the answer. */
const duplicateOf = (err: unknown) => String((err as { message?: string }).message ?? "") + String((err as { cause?: { message?: string } }).cause?.message ?? "");

export async function createApiClientAudited(db: Db, input: { name: string; allowedHosts: string[] | null; kkbida?: KkbidaCredentials | null; actor: string }) {
  try {
    const created = await createApiClient(db, { name: input.name, allowedHosts: input.allowedHosts, kkbida: input.kkbida ?? null });
    const details = { ...(input.allowedHosts ? { allowedHosts: input.allowedHosts } : {}), ...(input.kkbida ? { kkbidaUsername: input.kkbida.username } : {}) };
    await recordAudit(db, { actor: input.actor, action: "client.create", objectType: "client", objectId: input.name, details: Object.keys(details).length ? details : null });
    return created;
  } catch (err) {
    if (isDuplicate(err) && duplicateOf(err).includes("api_clients_username_uq")) {
      throw new ApiError("conflict", `Another API client already has the username "${input.kkbida?.username}".`, [{ path: "kkbidaUsername", message: "already taken" }]);
    }
    if (isDuplicate(err)) throw new ApiError("conflict", `An API client named "${input.name}" already exists.`, [{ path: "name", message: "already taken" }]);
    throw err;
  }
}

/** A disabled client's key stops working at once; its tasks keep running. */
export async function setApiClientDisabled(db: Db, input: { id: number; disabled: boolean; actor: string }) {
  const [client] = await db.select().from(apiClients).where(eq(apiClients.id, input.id)).limit(1);
  if (!client) throw new ApiError("not_found", `No API client with id ${input.id}.`);
  await db.transaction(async (tx) => {
    await tx.update(apiClients).set({ disabled: input.disabled }).where(eq(apiClients.id, client.id));
    await recordAudit(tx, { actor: input.actor, action: input.disabled ? "client.disable" : "client.enable", objectType: "client", objectId: client.name });
  });
  return client;
}
