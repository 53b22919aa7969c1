import { defineConfig } from "@playwright/test";

// Ports of the stack this suite starts for itself: the web server (server.ts), and a local HTTP receiver for tasks to call.
const webPort = Number(process.env.E2E_WEB_PORT ?? 3470);
const receiverPort = Number(process.env.E2E_RECEIVER_PORT ?? 3471);
const baseURL = `http://127.0.0.1:${webPort}`;

// The database, Redis and prefix come from the caller (scripts/test.mjs sets the test ones); these defaults
// only make a bare `npx playwright test` safe: its own database and prefix, never the `npm start` data.
const stackEnv: Record<string, string> = {
  ...(process.env as Record<string, string>),
  DATABASE_URL: process.env.DATABASE_URL ?? "mysql://root@127.0.0.1:3306/bida_e2e",
  REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379/12",
  REDIS_PREFIX: process.env.REDIS_PREFIX ?? "bida-e2e",
  AUTH_SECRET: process.env.AUTH_SECRET ?? "bida-e2e-secret-not-for-production-0123456789",
  // The seeded admin's known first password (e2e/support/accounts.ts); a bare start prints a random one instead.
  ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? "admin",
  AUTH_TRUST_HOST: "true",
  NODE_ENV: "production",
  PORT: String(webPort),
  PUBLIC_URL: baseURL,
  LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
  E2E_WEB_PORT: String(webPort),
  E2E_RECEIVER_PORT: String(receiverPort),
  NEXT_TELEMETRY_DISABLED: "1",
  // The e2e receiver and fake alert platforms listen on 127.0.0.1, denied as targets by default.
  OUTBOUND_ALLOW_LOOPBACK: "true",
};
// The tests and the global setup read the same settings as the stack.
Object.assign(process.env, stackEnv);

// Retention runs every 5 s here, so e2e/retention.spec.ts sees a run delete what it seeds.
const retentionEnv = { RETENTION_INTERVAL_MS: "5000" };

export default defineConfig({
  testDir: "e2e",
  // One shared database, worker and set of accounts: the flows run one after another.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  globalSetup: "./e2e/support/global-setup.ts",
  use: {
    baseURL,
    viewport: { width: 1440, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's chromium; its flags keep it from calling out on a closed network.
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: [
    {
      // Started first (the servers start in this order): the database is migrated before web and worker start.
      name: "receiver",
      command: "node_modules/.bin/tsx e2e/support/prepare-db.ts && node_modules/.bin/tsx e2e/support/receiver.ts",
      url: `http://127.0.0.1:${receiverPort}/health`,
      env: stackEnv,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      name: "web",
      // The web server `npm start` runs: server.ts over the built app.
      command: `node dist/server.mjs -p ${webPort} -H 127.0.0.1`,
      url: `${baseURL}/api/health`,
      env: stackEnv,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      name: "worker",
      command: "node dist/worker.mjs",
      // pino logs JSON lines; this one is printed once the queues are being consumed.
      wait: { stdout: /worker started/ },
      // The flows send failing and healthy calls to one shared receiver: a breaker opened by one flow's failures must
      // not hold back another's calls (the breaker has its own integration tests, with hosts of their own).
      env: { ...stackEnv, LOG_LEVEL: "info", BREAKER_FAILURES: "1000000", HOST_MAX_IN_FLIGHT: "1000", ...retentionEnv },
      stdout: "pipe",
      reuseExistingServer: false,
      timeout: 60_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
  ],
});
