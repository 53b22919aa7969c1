import type { Db } from "../db/client";
import { apiClients } from "../db/schema/api-clients";
import { hashPassword } from "../auth/password";
import { formatApiKey, newCredentials } from "./credentials";
import type { KkbidaCredentials } from "./kkbida-credentials";
import { newSealedSigningSecret } from "./signing-secrets";

/**
 * Creates an API client; the only time its secrets are ever seen is in this return value. Its calls are signed
 * (Standard Webhooks) from the start: `signingSecret` is what its receivers verify with.
 *
 * With `kkbida` (validated by the caller with kkbidaCredentialsSchema), the client takes over a kkbida account:
 * its username is kkbida's and the kkbida protocol checks kkbida's password (bcrypt, like console passwords);
 * the native API key is still generated, `bida_<username>_<secret>`.
 */
interface NewClientInput {
  name: string;
  allowedHosts?: string[] | null;
  allowedCallerCidrs?: string[] | null;
  kkbida?: KkbidaCredentials | null;
}

interface CreatedClient {
  id: number;
  name: string;
  apiKey: string;
  username: string;
  /** The generated kkbida-protocol password; null when the client took over a kkbida password. */
  password: string | null;
  signingSecret: string;
}

export async function createApiClient(db: Db, input: NewClientInput & { kkbida?: undefined }): Promise<CreatedClient & { password: string }>;
export async function createApiClient(db: Db, input: NewClientInput): Promise<CreatedClient>;
export async function createApiClient(db: Db, input: NewClientInput): Promise<CreatedClient> {
  const creds = newCredentials();
  const username = input.kkbida?.username ?? creds.username;
  const apiKey = formatApiKey(username, creds.secret);
  const signing = newSealedSigningSecret();
  const [res] = await db.insert(apiClients).values({
    name: input.name,
    username,
    secretHash: creds.secretHash,
    kkbidaPasswordHash: input.kkbida ? await hashPassword(input.kkbida.password) : null,
    allowedHosts: input.allowedHosts ?? null,
    allowedCallerCidrs: input.allowedCallerCidrs ?? null,
    signCallbacks: true,
    signingSecretEnc: signing.sealed,
  });
  return {
    id: res.insertId,
    name: input.name,
    apiKey,
    username,
    // With kkbida credentials the kkbida protocol takes the chosen password, which is never shown again here.
    password: input.kkbida ? null : creds.secret,
    signingSecret: signing.secret,
  };
}
