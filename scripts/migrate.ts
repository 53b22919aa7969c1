// npm run db:migrate: create the database if needed and apply the committed migrations in drizzle/.
import { env } from "../lib/env";
import { databaseName, prepareDatabase } from "./lib/prepare-database";
import { redactUrl } from "./lib/setup-error";

prepareDatabase(env.db.url).then(
  () => console.log(`Database "${databaseName(env.db.url)}" is migrated.`),
  (err: unknown) => {
    console.error(`Migrating ${redactUrl(env.db.url)} failed:`, err);
    process.exit(1);
  },
);
