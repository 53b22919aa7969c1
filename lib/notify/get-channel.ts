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
