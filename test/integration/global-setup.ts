import type { TestProject } from "vitest/node";
import { testEnv } from "./support/test-env";
import { ensureDatabase, runMigrations } from "@/lib/db/migrate";
import { freePort } from "./support/free-port";
import { startWeb, type Proc } from "./support/processes";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let web: Proc | null = null;

/** One web server (server.ts over the built app) for the whole suite; workers are started by each test file as it needs. */
export async function setup(project: TestProject) {
  await ensureDatabase(testEnv.DATABASE_URL!);
  await runMigrations(testEnv.DATABASE_URL!);
  const port = await freePort();
  web = await startWeb(port);
  project.provide("baseUrl", `http://127.0.0.1:${port}`);
}

export async function teardown() {
  await web?.stop();
}
