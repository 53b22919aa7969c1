// Runs before the e2e stack starts (chained in front of the receiver in playwright.config.ts): the web server and
// the worker need a migrated database, and a bare `npx playwright test` may meet an empty one. Under
// `npm test` the database is already prepared, and this finds nothing to do.
import { ensureDatabase, runMigrations } from "@/lib/db/migrate";
import { env } from "@/lib/env";

ensureDatabase(env.db.url)
  .then(() => runMigrations(env.db.url))
  .then(
    () => process.exit(0),
    (err: unknown) => {
      console.error("e2e: preparing the database failed:", err);
      process.exit(1);
    },
  );
