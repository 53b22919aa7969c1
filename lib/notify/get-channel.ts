import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { alertChannels, type AlertChannel } from "../db/schema/alert-channels";
import { ApiError } from "../errors";

export async function findChannel(db: Db, id: number): Promise<AlertChannel | null> {
  const [row] = await db.select().from(alertChannels).where(eq(alertChannels.id, id)).limit(1);
  return row ?? null;
}

export async function getChannel(db: Db, { id }: { id: number }): Promise<AlertChannel> {
  const channel = await findChannel(db, id);
  if (!channel) throw new ApiError("not_found", `No alert channel with id ${id}.`);
  return channel;
}

/** A channel id from a URL; anything but a positive integer names no channel (404). */
export function parseChannelId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError("not_found", `No alert channel with id ${raw}.`);
  return id;
}
