import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { eq } from "drizzle-orm";
import mysql from "mysql2/promise";
import { afterAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { createDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema/users";
import { keepOutput } from "./support/processes";

// The first start (scripts/prepare.ts) against databases of this file's own, as `npm start` runs it.
const repoRoot = path.resolve(import.meta.dirname, "../..");
const databases = [`bida_seed_random_${process.pid}_test`, `bida_seed_chosen_${process.pid}_test`];
const url = (db: string) => `mysql://root@127.0.0.1:3306/${db}`;

afterAll(async () => {
  const conn = await mysql.createConnection({ host: "127.0.0.1", port: 3306, user: "root" });
  for (const db of databases) await conn.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await conn.end();
});

async function prepare(database: string, adminPassword?: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url(database), NODE_ENV: "production" };
  delete env.ADMIN_PASSWORD;
  if (adminPassword !== undefined) env.ADMIN_PASSWORD = adminPassword;
  const child = spawn(process.execPath, [path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"), "scripts/prepare.ts"], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  const output = keepOutput(child);
  const [code] = (await once(child, "exit")) as [number | null];
  expect(code, output()).toBe(0);
  return output();
}

async function adminRow(database: string) {
  const { db, pool } = createDb({ url: url(database), poolSize: 1 });
  try {
    const [row] = await db.select().from(users).where(eq(users.username, "admin"));
    return row!;
  } finally {
    await pool.end();
  }
}

describe("the seeded console account", () => {
  it("gets a random one-time password, printed once, that must be changed; admin/admin does not sign in", async () => {
    const out = await prepare(databases[0]!);
    const m = /Sign in as "admin" with the one-time password (\S+)/.exec(out);
    expect(m, out).not.toBeNull();
    const password = m![1]!;
    expect(password.length).toBeGreaterThanOrEqual(16);
    const row = await adminRow(databases[0]!);
    expect(row.role).toBe("admin");
    expect(row.mustChangePassword).toBe(true);
    expect(await verifyPassword(password, row.passwordHash)).toBe(true);
    expect(await verifyPassword("admin", row.passwordHash)).toBe(false);

    const again = await prepare(databases[0]!);
    expect(again).not.toContain(password);
    expect(again).not.toContain("one-time password");
    expect((await adminRow(databases[0]!)).passwordHash).toBe(row.passwordHash);
  });

  it("uses ADMIN_PASSWORD when set, without printing it", async () => {
    const chosen = "a-chosen-first-password-42";
    const out = await prepare(databases[1]!, chosen);
    expect(out).toContain("the ADMIN_PASSWORD you set");
    expect(out).not.toContain(chosen);
    const row = await adminRow(databases[1]!);
    expect(row.mustChangePassword).toBe(true);
    expect(await verifyPassword(chosen, row.passwordHash)).toBe(true);
  });
});
