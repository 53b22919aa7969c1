import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { kkbidaImports } from "../../db/schema/kkbida-imports";
import { createChannel } from "../../notify/create-channel";
import { channelKindFor } from "./channel-kind";
import type { KkbidaWebhookRow } from "./kkbida-source";
import type { Tally } from "./tally";

/**
 * Each web_hook row as an alert channel: kkbida called every webhook when a task used up its attempts, so the
 * channel sends task.exhausted for every task, with kkbida's template as it was (its placeholders are Bida's too).
 * The channel and its kkbida_imports row are one transaction.
 */
export async function importWebhooks(db: Db, rows: KkbidaWebhookRow[], opts: { source: string; dryRun: boolean; tally: Tally }) {
  const { tally } = opts;
  for (const row of rows) {
    const kkbidaId = String(row.id);
    const [done] = await db
      .select({ id: kkbidaImports.id })
      .from(kkbidaImports)
      .where(and(eq(kkbidaImports.source, opts.source), eq(kkbidaImports.kind, "webhook"), eq(kkbidaImports.kkbidaId, kkbidaId)))
      .limit(1);
    if (done) {
      tally.skip("webhook", "already imported");
      continue;
    }
    if (!row.url || !/^https?:\/\//i.test(row.url) || !URL.canParse(row.url)) {
      tally.skip("webhook", "url is not an http(s) URL");
      continue;
    }
    const method = (row.requestMethod ?? "POST").toUpperCase();
    if (method !== "POST") tally.note(`web_hook ${row.id} used ${method}; Bida's channels always POST`);
    const kind = channelKindFor(row.url);
    const input = {
      name: `kkbida ${row.id}${row.memo ? ` ${row.memo}` : ""}`.slice(0, 128),
      kind,
      url: row.url,
      secret: null,
      format: "text" as const,
      template: row.content?.trim() ? row.content : null,
      events: ["task.exhausted" as const],
      failingAfter: 3,
      enabled: true,
      filters: null,
      actor: "system",
    };
    if (opts.dryRun) {
      tally.add("webhook", kind);
      continue;
    }
    try {
      await db.transaction(async (tx) => {
        // createChannel's own transaction becomes a savepoint inside this one; it uses only select/insert/transaction.
        const channel = await createChannel(tx as unknown as Db, input);
        await tx.insert(kkbidaImports).values({ source: opts.source, kind: "webhook", kkbidaId, bidaId: String(channel.id) });
      });
      tally.add("webhook", kind);
    } catch (err) {
      tally.skip("webhook", `not valid as a channel: ${(err as Error).message}`);
    }
  }
}
