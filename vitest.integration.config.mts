import { defineConfig } from "vitest/config";
import path from "node:path";

// Integration tests run against real MariaDB, Redis, the web server (dist/server.mjs), worker processes and local HTTP receivers.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["test/integration/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/integration/global-setup.ts"],
    setupFiles: ["test/integration/support/test-env.ts"],
    // Files share one web server, worker pool and database, so they run one at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
