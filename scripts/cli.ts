// Admin tasks without the console: npm run cli -- <command>. Results on stdout, messages and errors on stderr.
import { parseArgs } from "node:util";
import { createDb } from "../lib/db/client";
import { env } from "../lib/env";
import { createClient, listClients, setClientDisabled } from "./lib/cli-clients";
import { clientQuotas, quotaOptions } from "./lib/cli-quotas";
import { checkRole, createUser, resetUserPassword } from "./lib/cli-users";
import { redactUrl, SetupError } from "./lib/setup-error";

const usage = `Usage: npm run cli -- <command>

  client create <name> [--hosts a.com,*.b.com]   new API client; prints {"id","name","apiKey","username","password"}
  client list [--json]                           API clients, without secrets
  client disable <name> | client enable <name>   stop or allow a client's calls
  client quotas <name> [--submits-per-second N] [--submit-burst N] [--open-tasks N]
                [--attempts-per-minute N] [--batch-bytes N]
                                                 show a client's quotas, or set them (0 = no limit,
                                                 "default" = the environment's); prints {"own","enforced"}
  user create <name> --role viewer|operator|admin
                                                 new console user; prints a one-time password
  user reset-password <name>                     new one-time password (and re-enables the user)

Database: ${redactUrl(env.db.url)} (DATABASE_URL).`;

class UsageError extends Error {}

const commands = ["client create", "client list", "client disable", "client enable", "client quotas", "user create", "user reset-password"];

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      hosts: { type: "string" },
      role: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      ...Object.fromEntries(Object.keys(quotaOptions).map((o) => [o, { type: "string" as const }])),
    },
  });
  if (values.help || positionals.length === 0) throw new UsageError();
  const [noun, verb, name, ...extra] = positionals;
  const command = `${noun} ${verb ?? ""}`.trim();
  if (!commands.includes(command)) throw new UsageError(`Unknown command "${command}".`);
  const needsName = command !== "client list";
  if ((needsName && !name) || extra.length > 0 || (!needsName && name)) throw new UsageError(`Wrong arguments for "${command}".`);

  const { db, pool } = createDb({ poolSize: 1 });
  try {
    switch (command) {
      case "client create":
        return await createClient(db, name!, values.hosts);
      case "client list":
        return await listClients(db, values.json ?? false);
      case "client disable":
      case "client enable":
        return await setClientDisabled(db, name!, verb === "disable");
      case "client quotas":
        return await clientQuotas(db, name!, values as Record<string, string | undefined>);
      case "user create":
        return await createUser(db, name!, checkRole(values.role));
      case "user reset-password":
        return await resetUserPassword(db, name!);
    }
  } finally {
    await pool.end();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const badArgs = (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
  if (err instanceof UsageError || badArgs) {
    if ((err as Error).message) console.error(`${(err as Error).message}\n`);
    console.error(usage);
    process.exit(2);
  }
  console.error(err instanceof SetupError ? err.message : err);
  process.exit(1);
});
