import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../db/client";
import { alertChannels, type AlertChannel } from "../db/schema/alert-channels";
import { ApiError, parseOrThrow } from "../errors";
import { channelUrlSchema, type UpdateChannelInput } from "./channel-input";
import { assertChannelTargetAllowed, assertTemplateUsable, isDuplicateName } from "./check-channel";
import { getChannel } from "./get-channel";
import { maskUrl } from "./mask";

export async function updateChannel(db: Db, input: UpdateChannelInput & { id: number; actor: string }): Promise<AlertChannel> {
  const { id, actor, url, secret, template, ...rest } = input;
  const current = await getChannel(db, { id });
  const changes: Partial<typeof alertChannels.$inferInsert> = { ...rest };
  // The console only ever saw the masked URL: getting it back unchanged means "keep the stored one".
  if (url !== undefined && url !== "" && url !== maskUrl(current.url)) changes.url = parseOrThrow(channelUrlSchema, url);
  if (changes.url !== undefined) assertChannelTargetAllowed(changes.url);
  if (secret !== undefined) changes.secret = secret || null;
  if (template !== undefined) changes.template = template?.trim() ? template : null;
  if (rest.filters !== undefined) changes.filters = rest.filters ?? null;
  if (Object.keys(changes).length === 0) return current;
  assertTemplateUsable({ kind: current.kind, format: changes.format ?? current.format, template: changes.template !== undefined ? changes.template : current.template });

  try {
    await db.transaction(async (tx) => {
      await tx.update(alertChannels).set(changes).where(eq(alertChannels.id, id));
      // Which fields changed, never their secret values.
      const changed = Object.keys(changes).map((k) => (k === "secret" ? (changes.secret ? "secret" : "secret (removed)") : k));
      await recordAudit(tx, { actor, action: "channel.update", objectType: "alert_channel", objectId: String(id), details: { name: current.name, changed } });
    });
  } catch (err) {
    if (isDuplicateName(err)) throw new ApiError("conflict", `A channel named "${changes.name}" already exists.`);
    throw err;
  }
  return getChannel(db, { id });
}
