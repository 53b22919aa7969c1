import type { Db } from "../db/client";
import { apiClients } from "../db/schema/api-clients";
import { newCredentials } from "./credentials";

/** Creates an API client; the only time its secret is ever seen is in this return value. */
export async function createApiClient(db: Db, input: { name: string; allowedHosts?: string[] | null; allowedCallerCidrs?: string[] | null }) {
  const creds = newCredentials();
  const [res] = await db.insert(apiClients).values({
    name: input.name,
    username: creds.username,
    secretHash: creds.secretHash,
    allowedHosts: input.allowedHosts ?? null,
    allowedCallerCidrs: input.allowedCallerCidrs ?? null,
  });
  return { id: res.insertId, name: input.name, apiKey: creds.apiKey, username: creds.username, password: creds.secret };
}
