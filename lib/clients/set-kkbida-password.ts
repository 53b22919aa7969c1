import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { ApiError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { forgetApiClient } from "../auth/api-client";
import { hashPassword } from "../auth/password";
import { apiClients } from "../db/schema/api-clients";
import { kkbidaPasswordSchema } from "./kkbida-credentials";

/**
 * Sets (or with null, removes) the kkbida password a client's kkbida-protocol callers send. Takes effect at once
 * on this process, within the client cache time (10 s) on others: a remembered verified pair only counts while
 * the stored hash is the one it was checked against.
 */
export async function setKkbidaPassword(db: Db, input: { id: number; password: string | null; actor: string }) {
  const parsed = input.password === null ? null : kkbidaPasswordSchema.safeParse(input.password);
  if (parsed && !parsed.success) {
    throw new ApiError("validation_failed", "The kkbida password is not valid.", parsed.error.issues.map((i) => ({ path: "kkbidaPassword", message: i.message })));
  }
  const hash = parsed ? await hashPassword(parsed.data) : null;
  const [client] = await db.select().from(apiClients).where(eq(apiClients.id, input.id)).limit(1);
  if (!client) throw new ApiError("not_found", `No API client with id ${input.id}.`);
  await db.transaction(async (tx) => {
    await tx.update(apiClients).set({ kkbidaPasswordHash: hash }).where(eq(apiClients.id, client.id));
    await recordAudit(tx, { actor: input.actor, action: hash ? "client.set_kkbida_password" : "client.clear_kkbida_password", objectType: "client", objectId: client.name });
  });
  forgetApiClient(client.username);
  return client;
}
