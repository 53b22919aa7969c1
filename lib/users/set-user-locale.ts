import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { users } from "../db/schema/users";
import type { Locale } from "../i18n/locales";

/** Saves the console language a user chose; not audited (it changes nothing but their own view). */
export async function setUserLocale(db: Db, input: { id: number; locale: Locale }): Promise<void> {
  await db.update(users).set({ locale: input.locale }).where(eq(users.id, input.id));
}
