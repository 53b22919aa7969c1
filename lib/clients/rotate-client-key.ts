import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { ApiError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { forgetApiClient } from "../auth/api-client";
import { apiClients } from "../db/schema/api-clients";
import { formatApiKey, hashSecret, newCredentials } from "./credentials";
import { MAX_GRACE_S } from "./grace-period";

/**
 * Gives a client a new secret — a new native API key and kkbida password; the username stays — while the old
 * one keeps working for `graceSeconds` (0: it stops at once). Only one old secret is kept: rotating again
 * during a grace period ends the earlier one's grace. The new secret exists only in the return value.
 */
export async function rotateClientKey(db: Db, input: { id: number; graceSeconds: number; actor: string }) {
  if (!Number.isInteger(input.graceSeconds) || input.graceSeconds < 0 || input.graceSeconds > MAX_GRACE_S) {
    throw new ApiError("validation_failed", "The grace period is not valid.", [{ path: "grace", message: "0 to 30 days" }]);
  }
  const secret = newCredentials().secret;
  const result = await db.transaction(async (tx) => {
    const [client] = await tx.select().from(apiClients).where(eq(apiClients.id, input.id)).for("update").limit(1);
    if (!client) throw new ApiError("not_found", `No API client with id ${input.id}.`);
    const now = new Date();
    const expires = input.graceSeconds > 0 ? new Date(now.getTime() + input.graceSeconds * 1000) : null;
    await tx
      .update(apiClients)
      .set({
        secretHash: hashSecret(secret),
        previousSecretHash: expires ? client.secretHash : null,
        previousSecretExpiresAt: expires,
        secretRotatedAt: now,
      })
      .where(eq(apiClients.id, client.id));
    await recordAudit(tx, {
      actor: input.actor,
      action: "client.rotate_key",
      objectType: "client",
      objectId: client.name,
      details: { graceSeconds: input.graceSeconds, previousKeyExpiresAt: expires?.toISOString() ?? null },
    });
    return { client, expires };
  });
  forgetApiClient(result.client.username);
  const { client, expires } = result;
  return {
    id: client.id,
    name: client.name,
    apiKey: formatApiKey(client.username, secret),
    username: client.username,
    password: secret,
    previousKeyExpiresAt: expires?.toISOString() ?? null,
  };
}

/** Ends a rotation's grace period now: the old key stops working (within the auth cache time elsewhere). */
export async function revokePreviousClientKey(db: Db, input: { id: number; actor: string }) {
  const [client] = await db.select().from(apiClients).where(eq(apiClients.id, input.id)).limit(1);
  if (!client) throw new ApiError("not_found", `No API client with id ${input.id}.`);
  await db.transaction(async (tx) => {
    await tx.update(apiClients).set({ previousSecretHash: null, previousSecretExpiresAt: null }).where(eq(apiClients.id, client.id));
    await recordAudit(tx, { actor: input.actor, action: "client.revoke_previous_key", objectType: "client", objectId: client.name });
  });
  forgetApiClient(client.username);
  return client;
}
