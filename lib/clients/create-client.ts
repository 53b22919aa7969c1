import type { Db } from "../db/client";
import { apiClients } from "../db/schema/api-clients";
import { newCredentials } from "./credentials";
import { newSealedSigningSecret } from "./signing-secrets";

/**
 * Creates an API client; the only time its secrets are ever seen is in this return value. Its calls are signed
 * (Standard Webhooks) from the start: `signingSecret` is what its receivers verify with.
 */
export async function createApiClient(db: Db, input: { name: string; allowedHosts?: string[] | null; allowedCallerCidrs?: string[] | null }) {
  const creds = newCredentials();
  const signing = newSealedSigningSecret();
  const [res] = await db.insert(apiClients).values({
    name: input.name,
    username: creds.username,
    secretHash: creds.secretHash,
    allowedHosts: input.allowedHosts ?? null,
    allowedCallerCidrs: input.allowedCallerCidrs ?? null,
    signCallbacks: true,
    signingSecretEnc: signing.sealed,
  });
  return { id: res.insertId, name: input.name, apiKey: creds.apiKey, username: creds.username, password: creds.secret, signingSecret: signing.secret };
}
