import { asc } from "drizzle-orm";
import type { Db } from "../db/client";
import { alertChannels, type AlertChannel } from "../db/schema/alert-channels";

/** All channels by name; there are a handful, not thousands, so no paging. */
export async function listChannels(db: Db): Promise<AlertChannel[]> {
  return db.select().from(alertChannels).orderBy(asc(alertChannels.name));
}
