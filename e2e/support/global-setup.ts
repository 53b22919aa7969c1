import { mkdirSync, writeFileSync } from "node:fs";
import { eq, like } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import { createApiClient } from "@/lib/clients/create-client";
import { createDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema/users";
import { createRedis, redisKey } from "@/lib/redis";
import { accounts, clientFile, stateDir } from "./accounts";

/**
 * Puts the accounts the flows need into a known state: the seeded admin back at admin/admin with a password
 * change owed, an operator and a viewer, a fresh user for the lockout, no lockout counters; and a fresh API
 * client whose credentials the tests use to submit tasks.
 */
export default async function globalSetup() {
  const { db, pool } = createDb({ poolSize: 2 });
  const redis = createRedis("command");
  try {
    const adminHash = await hashPassword(accounts.admin.password);
    const [admin] = await db.select().from(users).where(eq(users.username, "admin")).limit(1);
    if (admin) {
      await db.update(users).set({ passwordHash: adminHash, mustChangePassword: true, disabled: false, role: "admin" }).where(eq(users.id, admin.id));
    } else {
      await db.insert(users).values({ username: "admin", passwordHash: adminHash, role: "admin", mustChangePassword: true });
    }
    await db.delete(users).where(like(users.username, "e2e-%"));
    for (const [account, role] of [
      [accounts.admin2, "admin"],
      [accounts.operator, "operator"],
      [accounts.viewer, "viewer"],
      [accounts.lockout, "viewer"],
      [accounts.lockoutUnlock, "viewer"],
    ] as const) {
      await db.insert(users).values({ username: account.username, passwordHash: await hashPassword(account.password), role, mustChangePassword: false });
    }
    const keys = await redis.keys(redisKey("login", "*"));
    if (keys.length) await redis.del(...keys);

    const client = await createApiClient(db, { name: `e2e-${Date.now()}` });
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(clientFile, JSON.stringify(client));
  } finally {
    await pool.end();
    redis.disconnect();
  }
}
