import { recordAudit } from "../audit/record-audit";
import type { Db } from "../db/client";
import { alertChannels, type AlertChannel } from "../db/schema/alert-channels";
import { ApiError } from "../errors";
import type { CreateChannelInput } from "./channel-input";
import { assertChannelTargetAllowed, assertTemplateUsable, isDuplicateName } from "./check-channel";
import { getChannel } from "./get-channel";

// `locale` may be left out by callers that build the input themselves (tests, the importer): English.
export async function createChannel(db: Db, input: Omit<CreateChannelInput, "locale"> & { locale?: CreateChannelInput["locale"]; actor: string }): Promise<AlertChannel> {
  const { actor, ...fields } = input;
  const values = { ...fields, locale: fields.locale ?? "en", secret: fields.secret || null, template: fields.template?.trim() ? fields.template : null, filters: fields.filters ?? null };
  assertTemplateUsable(values);
  assertChannelTargetAllowed(values.url);
  let id: number;
  try {
    id = await db.transaction(async (tx) => {
      const [res] = await tx.insert(alertChannels).values(values);
      const newId = Number(res.insertId);
      await recordAudit(tx, {
        actor,
        action: "channel.create",
        objectType: "alert_channel",
        objectId: String(newId),
        details: { name: values.name, kind: values.kind, events: values.events, enabled: values.enabled },
      });
      return newId;
    });
  } catch (err) {
    if (isDuplicateName(err)) throw new ApiError("conflict", `A channel named "${values.name}" already exists.`);
    throw err;
  }
  return getChannel(db, { id });
}
