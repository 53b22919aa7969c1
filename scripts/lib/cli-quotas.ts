import { eq } from "drizzle-orm";
import { z } from "zod";
import { setApiClientQuotas } from "../../lib/console/client-quotas";
import type { Db } from "../../lib/db/client";
import { apiClients, type ClientQuotas } from "../../lib/db/schema/api-clients";
import { toApiError } from "../../lib/errors";
import { quotaFields, quotaText, resolveQuotas } from "../../lib/quotas/client-quotas";
import { SetupError } from "./setup-error";

/** The cli's option for each quota: --submits-per-second, --submit-burst, --open-tasks, --attempts-per-minute, --batch-bytes. */
export const quotaOptions = Object.fromEntries(quotaFields.map((f) => [f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), f])) as Record<string, (typeof quotaFields)[number]>;

/**
 * `client quotas <name>`: prints the client's own quotas and the ones enforced (its own, else the defaults); with
 * options, sets those first ("default" clears one, 0 lifts the limit), audited as the console's change is.
 */
export async function clientQuotas(db: Db, name: string, values: Record<string, string | undefined>) {
  const [client] = await db.select({ id: apiClients.id, quotas: apiClients.quotas }).from(apiClients).where(eq(apiClients.name, name)).limit(1);
  if (!client) throw new SetupError(`No API client named "${name}".`);
  let own: ClientQuotas | null = client.quotas;
  const given = Object.entries(quotaOptions).filter(([opt]) => values[opt] !== undefined);
  if (given.length > 0) {
    const next: ClientQuotas = { ...own };
    for (const [opt, field] of given) {
      const parsed = quotaText.safeParse(values[opt]);
      if (!parsed.success) throw new SetupError(`--${opt}: ${z.prettifyError(parsed.error)}`);
      next[field] = parsed.data;
    }
    try {
      own = (await setApiClientQuotas(db, { id: client.id, quotas: next, actor: "system" })).quotas;
    } catch (err) {
      const e = toApiError(err);
      throw new SetupError(`${e.message} ${e.details.map((d) => `${d.path ?? ""}: ${d.message}`).join("; ")}`.trim());
    }
    console.error(`Quotas of "${name}" saved; they apply within 10 seconds.`);
  }
  process.stdout.write(`${JSON.stringify({ own: own ?? {}, enforced: resolveQuotas(own) })}\n`);
}
