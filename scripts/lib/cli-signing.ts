import { eq } from "drizzle-orm";
import { rotateSigningSecret, setCallbackSigning } from "../../lib/clients/signing-secrets";
import type { Db } from "../../lib/db/client";
import { apiClients } from "../../lib/db/schema/api-clients";
import { SetupError } from "./setup-error";

async function clientId(db: Db, name: string): Promise<number> {
  const [client] = await db.select({ id: apiClients.id }).from(apiClients).where(eq(apiClients.name, name)).limit(1);
  if (!client) throw new SetupError(`No API client named "${name}".`);
  return client.id;
}

/** Prints {"name","signingSecret","previousValidUntil"} on stdout, the only time the new secret is seen. */
export async function rotateClientSigning(db: Db, name: string, graceHours: string | undefined) {
  const hours = graceHours === undefined ? 24 : Number(graceHours);
  if (!Number.isFinite(hours) || hours < 0 || hours > 720) throw new SetupError("--grace-hours takes 0 to 720.");
  const r = await rotateSigningSecret(db, { clientId: await clientId(db, name), graceMs: Math.round(hours * 3_600_000), actor: "system" });
  process.stdout.write(`${JSON.stringify({ name: r.name, signingSecret: r.secret, previousValidUntil: r.previousExpiresAt?.toISOString() ?? null })}\n`);
  console.error(r.previousExpiresAt ? `Calls carry both signatures until ${r.previousExpiresAt.toISOString()}.` : "The old secret stopped signing at once.");
}

export async function setClientSigning(db: Db, name: string, on: boolean) {
  const r = await setCallbackSigning(db, { clientId: await clientId(db, name), on, actor: "system" });
  if (r.secret) process.stdout.write(`${JSON.stringify({ name: r.name, signingSecret: r.secret })}\n`);
  console.error(`Calls of API client "${name}" are ${on ? "signed" : "no longer signed"} (within SIGNING_CACHE_MS).`);
}
