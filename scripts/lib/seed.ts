import { randomBytes } from "node:crypto";
import { hashPassword } from "../../lib/auth/password";
import { createApiClient } from "../../lib/clients/create-client";
import type { Db } from "../../lib/db/client";
import { apiClients } from "../../lib/db/schema/api-clients";
import { users } from "../../lib/db/schema/users";

export const DEMO_CLIENT_NAME = "demo";

// Two prepares racing (say, npm start beside a test setup) both see an empty table; the unique index decides.
const isDuplicate = (err: unknown) => (err as { cause?: { code?: string }; code?: string }).cause?.code === "ER_DUP_ENTRY" ||
  (err as { code?: string }).code === "ER_DUP_ENTRY";

/**
 * Seeds the first console account when there is none; it must choose a new password at first login. The password
 * is ADMIN_PASSWORD when set, else a random one the caller prints once (a well-known admin/admin is the first thing
 * anyone tries). Returns the password used, or null when nothing was seeded.
 */
export async function seedAdmin(db: Db, password: string | undefined): Promise<{ password: string; generated: boolean } | null> {
  const existing = await db.select({ id: users.id }).from(users).limit(1);
  if (existing.length > 0) return null;
  const chosen = password ?? randomBytes(12).toString("base64url");
  try {
    await db.insert(users).values({
      username: "admin",
      passwordHash: await hashPassword(chosen),
      role: "admin",
      mustChangePassword: true,
    });
    return { password: chosen, generated: password === undefined };
  } catch (err) {
    if (isDuplicate(err)) return null;
    throw err;
  }
}

export type NewApiClient = Awaited<ReturnType<typeof createApiClient>>;

/** Creates the "demo" API client when there are no clients; its secret exists only in the return value. */
export async function seedDemoClient(db: Db): Promise<NewApiClient | null> {
  const existing = await db.select({ id: apiClients.id }).from(apiClients).limit(1);
  if (existing.length > 0) return null;
  try {
    return await createApiClient(db, { name: DEMO_CLIENT_NAME });
  } catch (err) {
    if (isDuplicate(err)) return null;
    throw err;
  }
}
