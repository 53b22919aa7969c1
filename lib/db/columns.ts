import { char, datetime } from "drizzle-orm/mysql-core";
import { sql } from "drizzle-orm";

/** UUIDv7 ids: time-ordered, so the primary key stays append-mostly and lists page by key. */
export const uuidId = (name = "id") => char(name, { length: 36 });

/**
 * Millisecond timestamps. MariaDB's clock fills created_at by default and updated_at on every drizzle update (the
 * hand-written SQL of the hot paths sets CURRENT_TIMESTAMP(3) itself), so web and worker clocks never disagree on
 * a row. The submit path writes both itself, from the web's clock, in its one multi-row INSERT.
 */
export const createdAt = () => datetime("created_at", { fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`);
export const updatedAt = () =>
  datetime("updated_at", { fsp: 3 })
    .notNull()
    .default(sql`CURRENT_TIMESTAMP(3)`)
    .$onUpdate(() => sql`CURRENT_TIMESTAMP(3)`);
export const timestamp3 = (name: string) => datetime(name, { fsp: 3 });
