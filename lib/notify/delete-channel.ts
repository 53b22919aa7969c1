import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../db/client";
import { alertChannels } from "../db/schema/alert-channels";
import { getChannel } from "./get-channel";

/** Removes a channel; its alert log stays (the log shows the channel id). Alerts still queued for it are dropped by the worker. */
export async function deleteChannel(db: Db, input: { id: number; actor: string }): Promise<void> {
  const channel = await getChannel(db, { id: input.id });
  await db.transaction(async (tx) => {
    await tx.delete(alertChannels).where(eq(alertChannels.id, channel.id));
    await recordAudit(tx, { actor: input.actor, action: "channel.delete", objectType: "alert_channel", objectId: String(channel.id), details: { name: channel.name, kind: channel.kind } });
  });
}
