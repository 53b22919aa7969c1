import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { ApiError, parseOrThrow } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { apiClients, type ClientQuotas } from "../db/schema/api-clients";
import { clientQuotasSchema, compactQuotas } from "../quotas/client-quotas";

/**
 * Stores a client's own quotas (fields left null take the environment's defaults) and audits the change. The web's
 * client cache and the workers' quota copies pick it up within 10 s.
 */
export async function setApiClientQuotas(db: Db, input: { id: number; quotas: ClientQuotas; actor: string }) {
  const quotas = compactQuotas(parseOrThrow(clientQuotasSchema, input.quotas));
  const [client] = await db.select({ id: apiClients.id, name: apiClients.name }).from(apiClients).where(eq(apiClients.id, input.id)).limit(1);
  if (!client) throw new ApiError("not_found", `No API client with id ${input.id}.`);
  await db.transaction(async (tx) => {
    await tx.update(apiClients).set({ quotas }).where(eq(apiClients.id, client.id));
    await recordAudit(tx, { actor: input.actor, action: "client.quotas", objectType: "client", objectId: client.name, details: { quotas } });
  });
  return { ...client, quotas };
}
