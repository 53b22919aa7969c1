import { defineConfig } from "vitest/config";
import path from "node:path";

// Unit tests sit beside the code they test; they may start local HTTP servers but need no MySQL or Redis.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "worker/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/*.int.test.ts"],
    environment: "node",
    // The unit tests' receivers listen on 127.0.0.1, denied as targets by default; policy tests pass their own switches.
    env: { OUTBOUND_ALLOW_LOOPBACK: "true" },
  },
});
