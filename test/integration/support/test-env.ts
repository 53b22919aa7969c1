/** The integration suite's own database and Redis namespace, so it never touches a running Bida's data. */
export const testEnv: Record<string, string> = {
  DATABASE_URL: process.env.DATABASE_URL?.includes("_test") ? process.env.DATABASE_URL : "mysql://root@127.0.0.1:3306/bida_test",
  // A Redis database of its own: the suite FLUSHDBs it to prove the sweeper recovers from lost queues.
  REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/1",
  REDIS_PREFIX: process.env.REDIS_PREFIX?.includes("test") ? process.env.REDIS_PREFIX : "bida-test",
  // The standalone Redis above even where .env names a cluster; redis-cluster.test.ts passes its own cluster.
  REDIS_CLUSTER_NODES: "",
  AUTH_SECRET: process.env.AUTH_SECRET ?? "integration-test-secret-not-for-production",
  // A known first password for the seeded admin (a bare start prints a random one-time password instead).
  ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? "admin",
  AUTH_TRUST_HOST: "true",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  NODE_ENV: "production",
  // Many workers start during the suite; the one test of worker metrics picks its own port.
  WORKER_METRICS_PORT: "0",
  // The receivers listen on 127.0.0.1, which the outbound policy denies by default; outbound-loopback.test.ts
  // turns this off for its own web and worker, to check the refusal.
  OUTBOUND_ALLOW_LOOPBACK: "true",
};

// Test files import lib/ modules directly (for seeding and assertions): point lib/env.ts at the test stores.
Object.assign(process.env, testEnv);
