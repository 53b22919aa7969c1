// npm run measure:console -- [baseUrl]: times the console's pages against a running web server (`npm run web`), as a
// signed-in admin, and prints median and p95 per page. Use it after `npm run seed:bulk -- 1000000`.
// The session is minted with AUTH_SECRET for a "perf-admin" account (created if missing), so no login is timed.
import { encode } from "next-auth/jwt";
import { desc, eq } from "drizzle-orm";
import { hashPassword } from "../lib/auth/password";
import { createDb } from "../lib/db/client";
import { tasks } from "../lib/db/schema/tasks";
import { users } from "../lib/db/schema/users";
import { env } from "../lib/env";

const base = (process.argv[2] ?? env.web.publicUrl).replace(/\/+$/, "");
const rounds = Number(process.env.ROUNDS ?? 7);

async function sessionCookie(db: ReturnType<typeof createDb>["db"]): Promise<string> {
  if (!env.auth.secret) throw new Error("AUTH_SECRET must be set (the same as the server's).");
  let [user] = await db.select().from(users).where(eq(users.username, "perf-admin")).limit(1);
  if (!user) {
    await db.insert(users).values({ username: "perf-admin", passwordHash: await hashPassword(crypto.randomUUID()), role: "admin" });
    [user] = await db.select().from(users).where(eq(users.username, "perf-admin")).limit(1);
  }
  const name = base.startsWith("https:") ? "__Secure-authjs.session-token" : "authjs.session-token";
  const token = await encode({
    secret: env.auth.secret,
    salt: name,
    token: { uid: String(user!.id), name: "perf-admin", role: "admin", mustChangePassword: false, loginAt: Date.now() },
  });
  return `${name}=${token}`;
}

async function time(url: string, cookie: string): Promise<{ ms: number; status: number }> {
  const t = performance.now();
  const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
  await res.arrayBuffer();
  return { ms: performance.now() - t, status: res.status };
}

const pct = (list: number[], p: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor((p / 100) * list.length))]!;

async function main() {
  const { db, pool } = createDb({ poolSize: 2 });
  const cookie = await sessionCookie(db);
  const [newest] = await db.select({ id: tasks.id }).from(tasks).orderBy(desc(tasks.id)).limit(1);
  const [failed] = await db.select({ id: tasks.id }).from(tasks).where(eq(tasks.status, "failed")).orderBy(desc(tasks.id)).limit(1);
  const [deep] = await db.select({ id: tasks.id }).from(tasks).orderBy(desc(tasks.id)).limit(1).offset(500_000);
  await pool.end();

  const pages: [string, string][] = [
    ["Overview", "/overview"],
    ["Overview figures (live reload)", "/api/console/overview"],
    ["Tasks, first page", "/tasks"],
    ["Tasks, 500,000 rows deep", `/tasks?after=${deep?.id ?? ""}`],
    ["Tasks, status = failed", "/tasks?status=failed"],
    ["Tasks, source + target app", "/tasks?sourceApp=orders&targetApp=erp"],
    ["Tasks, URL contains", "/tasks?url=svc-3.internal"],
    ["Tasks, has failed attempts", "/tasks?failed=1"],
    ["Tasks, created range (1 day)", `/tasks?from=${new Date(Date.now() - 2 * 86_400_000).toISOString()}&to=${new Date(Date.now() - 86_400_000).toISOString()}`],
    ["Tasks, sorted by updated", "/tasks?sort=updated"],
    ["Task detail", `/tasks/${failed?.id ?? newest?.id}`],
    ["Pending retries", "/pending"],
    ["Audit log", "/audit"],
    ["Users", "/users"],
  ];
  console.log(`${base}, ${rounds} rounds each (the first is a warm-up and not counted)\n`);
  console.log(`${"page".padEnd(34)} ${"median".padStart(8)} ${"p95".padStart(8)}  status`);
  for (const [label, path] of pages) {
    const times: number[] = [];
    let status = 0;
    for (let i = 0; i <= rounds; i++) {
      const r = await time(base + path, cookie);
      status = r.status;
      if (i > 0) times.push(r.ms);
    }
    console.log(`${label.padEnd(34)} ${pct(times, 50).toFixed(0).padStart(6)} ms ${pct(times, 95).toFixed(0).padStart(6)} ms  ${status}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
