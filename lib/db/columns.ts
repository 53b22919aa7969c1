import { char, datetime } from "drizzle-orm/mysql-core";
import { sql } from "drizzle-orm";

/** UUIDv7 ids: time-ordered, so the primary key stays append-mostly and lists page by key. */
export const uuidId = (name = "id") => char(name, { length: 36 });

/** Millisecond timestamps; MariaDB fills them so web and worker clocks never disagree on a row. */
export const createdAt = () => datetime("created_at", { fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`);
export const updatedAt = () =>
  datetime("updated_at", { fsp: 3 })
    .notNull()
    .default(sql`CURRENT_TIMESTAMP(3)`)
    .$onUpdate(() => new Date());
export const timestamp3 = (name: string) => datetime(name, { fsp: 3 });
