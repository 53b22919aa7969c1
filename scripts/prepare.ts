// `npm start` and `npm test` run this before anything else: services up, database migrated, first accounts seeded.
// Usage: tsx scripts/prepare.ts [--reset]   (--reset: drop the test database and test Redis keys first)
import { env } from "../lib/env";
import { createDb } from "../lib/db/client";
import { ensureServices } from "./lib/ensure-services";
import { databaseName, prepareDatabase, resetTestState } from "./lib/prepare-database";
import { box } from "./lib/print-box";
import { seedAdmin, seedDemoClient, type NewApiClient } from "./lib/seed";
import { SetupError } from "./lib/setup-error";

async function main() {
  const reset = process.argv.includes("--reset");
  // A Redis Cluster is not pinged here: the web's /api/health and the worker's readiness report it.
  await ensureServices({ databaseUrl: env.db.url, redisUrl: env.redis.cluster ? undefined : env.redis.url });
  if (reset) {
    if (env.nodeEnv !== "test") throw new SetupError("--reset is only for the test database (NODE_ENV=test).");
    if (env.redis.cluster) throw new SetupError("--reset clears a standalone test Redis only; unset REDIS_CLUSTER_NODES.");
    await resetTestState(env.db.url, env.redis.url, env.redis.prefix);
  }
  await prepareDatabase(env.db.url);
  console.log(`Database "${databaseName(env.db.url)}" is migrated.`);

  const { db, pool } = createDb({ url: env.db.url, poolSize: 2 });
  try {
    const adminSeeded = await seedAdmin(db, env.auth.adminPassword);
    const demo = await seedDemoClient(db);
    if (demo) console.log(demoBox(demo));
    if (adminSeeded?.generated) console.log(adminBox(adminSeeded.password));
    else if (adminSeeded) {
      console.log(`Console: ${env.web.publicUrl} — sign in as "admin" with the ADMIN_PASSWORD you set; you will be asked to choose a new password.`);
    }
  } finally {
    await pool.end();
  }
}

function adminBox(password: string): string {
  return box([
    `Console: ${env.web.publicUrl}`,
    `Sign in as "admin" with the one-time password ${password}`,
    "It is shown only now; at the first sign-in you choose your own.",
    "Lost it? npm run cli -- user reset-password admin",
  ]);
}

function demoBox(client: NewApiClient): string {
  return box([
    `Created the API client "${client.name}". Its secrets are shown only now: keep them.`,
    "",
    `Native API      Authorization: Bearer ${client.apiKey}`,
    `kkbida protocol username: ${client.username}`,
    `                password: ${client.password}`,
    `Callbacks signed with (Standard Webhooks) ${client.signingSecret}`,
    "",
    "More clients: npm run cli -- client create <name>",
  ]);
}

main().catch((err: unknown) => {
  console.error(err instanceof SetupError ? err.message : err);
  process.exit(1);
});
