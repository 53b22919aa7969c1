import { and, asc, eq, gt, isNotNull } from "drizzle-orm";
import { isSealed, openSecret, sealedWithCurrentKey, sealSecret } from "../../lib/crypto/secret-box";
import type { Db } from "../../lib/db/client";
import { apiClients } from "../../lib/db/schema/api-clients";
import { tasks } from "../../lib/db/schema/tasks";
import { isSecretName } from "../../lib/notify/mask";

/** A sealed value under the current key: one sealed with an older key re-sealed, a plain one (from before) sealed. */
const current = (value: string) => (isSealed(value) ? (sealedWithCurrentKey(value) ? value : sealSecret(openSecret(value))) : sealSecret(value));

/**
 * After a SECRETS_KEY rotation: re-seals every stored secret with the current key (clients' signing secrets and
 * TLS keys, task credential headers, including those stored in clear before sealing existed), so the old key can
 * then be dropped from SECRETS_KEY_PREVIOUS. Safe to run again, and while Bida runs.
 */
export async function resealSecrets(db: Db) {
  let clients = 0;
  for (const c of await db.select().from(apiClients)) {
    const next = {
      signingSecretEnc: c.signingSecretEnc && current(c.signingSecretEnc),
      previousSigningSecretEnc: c.previousSigningSecretEnc && current(c.previousSigningSecretEnc),
      outbound: c.outbound?.clientKeyEnc ? { ...c.outbound, clientKeyEnc: current(c.outbound.clientKeyEnc) } : c.outbound,
    };
    if (next.signingSecretEnc === c.signingSecretEnc && next.previousSigningSecretEnc === c.previousSigningSecretEnc && next.outbound === c.outbound) continue;
    await db.update(apiClients).set(next).where(eq(apiClients.id, c.id));
    clients++;
  }

  let taskRows = 0;
  let after = "";
  for (;;) {
    const page = await db
      .select({ id: tasks.id, headers: tasks.headers })
      .from(tasks)
      .where(and(isNotNull(tasks.headers), gt(tasks.id, after)))
      .orderBy(asc(tasks.id))
      .limit(1000);
    if (page.length === 0) break;
    for (const t of page) {
      let changed = false;
      const headers = Object.fromEntries(
        Object.entries(t.headers ?? {}).map(([k, v]) => {
          if (!isSecretName(k)) return [k, v];
          const sealed = current(v);
          changed ||= sealed !== v;
          return [k, sealed];
        }),
      );
      if (!changed) continue;
      await db.update(tasks).set({ headers }).where(eq(tasks.id, t.id));
      taskRows++;
    }
    after = page.at(-1)!.id;
  }
  console.error(`Re-sealed the secrets of ${clients} API client(s) and ${taskRows} task(s) with the current SECRETS_KEY.`);
}
