import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record-audit";
import { openSecret, sealSecret, SecretBoxError } from "../crypto/secret-box";
import { newSigningSecret, signingKey } from "../crypto/standard-webhooks";
import type { Db } from "../db/client";
import { apiClients, type ApiClient } from "../db/schema/api-clients";
import { ApiError } from "../errors";

/** How long a rotated-out secret keeps signing beside the new one by default: a day to deploy the new secret. */
export const defaultSigningGraceMs = 24 * 3_600_000;
/** The longest grace a rotation may give (30 days). */
export const maxSigningGraceMs = 30 * 24 * 3_600_000;

export type SigningState = Pick<ApiClient, "signCallbacks" | "signingSecretEnc" | "previousSigningSecretEnc" | "previousSigningSecretExpiresAt">;

/** A new secret, in clear (shown once) and sealed (stored). */
export function newSealedSigningSecret(): { secret: string; sealed: string } {
  const secret = newSigningSecret();
  return { secret, sealed: sealSecret(secret) };
}

/** A client's opened signing keys: the current one, and the previous one with the end of its grace. */
export interface SigningKeys {
  current: Buffer | null;
  previous: { key: Buffer; until: number } | null;
  /** Why the secrets would not open (a SECRETS_KEY this process lacks): calls must fail, not go out unsigned. */
  error?: string;
}

export function openSigningKeys(state: SigningState): SigningKeys {
  if (!state.signCallbacks || !state.signingSecretEnc) return { current: null, previous: null };
  const until = state.previousSigningSecretExpiresAt?.getTime() ?? 0;
  try {
    return {
      current: signingKey(openSecret(state.signingSecretEnc)),
      previous: state.previousSigningSecretEnc && until > 0 ? { key: signingKey(openSecret(state.previousSigningSecretEnc)), until } : null,
    };
  } catch (err) {
    if (!(err instanceof SecretBoxError)) throw err;
    return { current: null, previous: null, error: `the client's signing secret: ${err.message}` };
  }
}

/** The HMAC keys calls are signed with now: the current secret, then the previous one while its grace lasts. */
export function activeSigningKeys(keys: SigningKeys, now: number = Date.now()): Buffer[] {
  if (!keys.current) return [];
  return keys.previous && keys.previous.until > now ? [keys.current, keys.previous.key] : [keys.current];
}

export async function loadSigningState(db: Db, clientId: number): Promise<SigningState | null> {
  const [row] = await db
    .select({
      signCallbacks: apiClients.signCallbacks,
      signingSecretEnc: apiClients.signingSecretEnc,
      previousSigningSecretEnc: apiClients.previousSigningSecretEnc,
      previousSigningSecretExpiresAt: apiClients.previousSigningSecretExpiresAt,
    })
    .from(apiClients)
    .where(eq(apiClients.id, clientId))
    .limit(1);
  return row ?? null;
}

async function clientById(db: Db, id: number) {
  const [client] = await db.select({ id: apiClients.id, name: apiClients.name, signingSecretEnc: apiClients.signingSecretEnc }).from(apiClients).where(eq(apiClients.id, id)).limit(1);
  if (!client) throw new ApiError("not_found", `No API client with id ${id}.`);
  return client;
}

/**
 * A new signing secret for a client; the one it replaces keeps signing beside it (two signatures per call) for
 * `graceMs`, so receivers can move to the new secret without a moment of refused calls. Signing is turned on.
 * The new secret exists in clear only in the return value.
 */
export async function rotateSigningSecret(db: Db, input: { clientId: number; graceMs?: number; actor: string }): Promise<{ name: string; secret: string; previousExpiresAt: Date | null }> {
  const graceMs = input.graceMs ?? defaultSigningGraceMs;
  if (!Number.isInteger(graceMs) || graceMs < 0 || graceMs > maxSigningGraceMs) {
    throw new ApiError("validation_failed", "The grace period is 0 to 30 days.", [{ path: "graceMs", message: "0 to 30 days" }]);
  }
  const client = await clientById(db, input.clientId);
  const { secret, sealed } = newSealedSigningSecret();
  const previousExpiresAt = client.signingSecretEnc && graceMs > 0 ? new Date(Date.now() + graceMs) : null;
  await db.transaction(async (tx) => {
    await tx
      .update(apiClients)
      .set({
        signCallbacks: true,
        signingSecretEnc: sealed,
        previousSigningSecretEnc: previousExpiresAt ? client.signingSecretEnc : null,
        previousSigningSecretExpiresAt: previousExpiresAt,
      })
      .where(eq(apiClients.id, client.id));
    await recordAudit(tx, { actor: input.actor, action: "client.signing_rotated", objectType: "client", objectId: client.name, details: { previousValidUntil: previousExpiresAt?.toISOString() ?? null } });
  });
  return { name: client.name, secret, previousExpiresAt };
}

/** Turns signing on or off; turning it on for a client without a secret makes one, returned once. */
export async function setCallbackSigning(db: Db, input: { clientId: number; on: boolean; actor: string }): Promise<{ name: string; secret: string | null }> {
  const client = await clientById(db, input.clientId);
  const fresh = input.on && !client.signingSecretEnc ? newSealedSigningSecret() : null;
  await db.transaction(async (tx) => {
    await tx
      .update(apiClients)
      .set({ signCallbacks: input.on, ...(fresh ? { signingSecretEnc: fresh.sealed } : {}) })
      .where(eq(apiClients.id, client.id));
    await recordAudit(tx, { actor: input.actor, action: input.on ? "client.signing_on" : "client.signing_off", objectType: "client", objectId: client.name });
  });
  return { name: client.name, secret: fresh?.secret ?? null };
}
