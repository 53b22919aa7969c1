// Admin tasks without the console: npm run cli -- <command>. Results on stdout, messages and errors on stderr.
import { parseArgs } from "node:util";
import { createDb } from "../lib/db/client";
import { env } from "../lib/env";
import { createClient, listClients, setClientDisabled } from "./lib/cli-clients";
import { parseCallersOption, revokePreviousKey, rotateKey, setCallers } from "./lib/cli-client-access";
import { rotateClientSigning, setClientSigning } from "./lib/cli-signing";
import { resealSecrets } from "./lib/cli-secrets";
import { clientQuotas, quotaOptions } from "./lib/cli-quotas";
import { checkRole, createUser, resetUserPassword } from "./lib/cli-users";
import { outboundOptions, setClientOutbound } from "./lib/cli-outbound";
import { kkbidaCredentialsOption, setKkbidaPasswordCommand } from "./lib/cli-kkbida-credentials";
import { importKkbida } from "./lib/cli-import-kkbida";
import { redactUrl, SetupError } from "./lib/setup-error";

const usage = `Usage: npm run cli -- <command>

  client create <name> [--hosts a.com,*.b.com] [--callers 10.0.0.0/8,2001:db8::/32]
                [--kkbida-username admin --kkbida-password <password>|-]
                                                 new API client; prints {"id","name","apiKey","username","password","signingSecret"}.
                                                 With kkbida credentials (kkbida's callcenter.system.username/password;
                                                 - reads the password from stdin) its kkbida clients keep their settings
  client set-kkbida-password <name> --kkbida-password <password>|-
                                                 change the password the client's kkbida-protocol callers send
  client list [--json]                           API clients, without secrets
  client disable <name> | client enable <name>   stop or allow a client's calls
  client set-callers <name> --callers <cidr,...>|any
                                                 caller addresses allowed to use the client's key (any: all)
  client rotate-key <name> [--grace 24h]         new key and kkbida password (not a kkbida password set with
                                                 --kkbida-password: that one stays), printed once as JSON; the old
                                                 one keeps working for the grace period (0, 90s, 15m, 24h, 7d)
  client revoke-previous-key <name>              end the grace period: the old key stops now
  client outbound <name> [--target-cidrs 10.1.0.0/16,2001:db8::/32] [--ca-file ca.pem] [--cert-file c.pem --key-file c.key]
                  [--proxy http://proxy:3128] [--no-proxy a.com,.b.com]
                                                 how the worker reaches its targets; "" clears one; prints the settings
  client rotate-signing <name> [--grace-hours 24]
                                                 new callback-signing secret, printed once; the old one keeps
                                                 signing beside it for the grace period (0-720 hours)
  client signing-on <name> | client signing-off <name>
                                                 sign the client's calls (Standard Webhooks) or stop
  secrets reseal                                 after a SECRETS_KEY rotation: re-seal every stored secret with the
                                                 current key, so the old one can leave SECRETS_KEY_PREVIOUS
  client quotas <name> [--submits-per-second N] [--submit-burst N] [--open-tasks N]
                [--attempts-per-minute N] [--batch-bytes N]
                                                 show a client's quotas, or set them (0 = no limit,
                                                 "default" = the environment's); prints {"own","enforced"}
  import kkbida --from mysql://user:pw@host:3306/callcenterdb [--properties application.properties]
                [--client kkbida] [--timezone Asia/Shanghai] [--pending-only] [--dry-run] [--kkbida-stopped]
                                                 bring kkbida's tasks (with their history), webhooks (as alert
                                                 channels) and client settings over; a second run adds nothing.
                                                 Open tasks are resumed only with --kkbida-stopped
  user create <name> --role viewer|operator|admin
                                                 new console user; prints a one-time password
  user reset-password <name>                     new one-time password (and re-enables the user)

Database: ${redactUrl(env.db.url)} (DATABASE_URL).`;

class UsageError extends Error {}

const commands = ["client create", "client list", "client disable", "client enable", "client outbound", "user create", "user reset-password"];
commands.push("client set-callers", "client rotate-key", "client revoke-previous-key");
commands.push("client rotate-signing", "client signing-on", "client signing-off", "secrets reseal");
commands.push("client quotas", "client set-kkbida-password", "import kkbida");

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      ...outboundOptions,
      hosts: { type: "string" },
      callers: { type: "string" },
      grace: { type: "string" },
      "grace-hours": { type: "string" },
      role: { type: "string" },
      "kkbida-username": { type: "string" },
      "kkbida-password": { type: "string" },
      from: { type: "string" },
      properties: { type: "string" },
      "dry-run": { type: "boolean" },
      "pending-only": { type: "boolean" },
      timezone: { type: "string" },
      "kkbida-stopped": { type: "boolean" },
      client: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      ...Object.fromEntries(Object.keys(quotaOptions).map((o) => [o, { type: "string" as const }])),
    },
  });
  if (values.help || positionals.length === 0) throw new UsageError();
  const [noun, verb, name, ...extra] = positionals;
  const command = `${noun} ${verb ?? ""}`.trim();
  if (!commands.includes(command)) throw new UsageError(`Unknown command "${command}".`);
  const needsName = command !== "client list" && command !== "secrets reseal" && command !== "import kkbida";
  if ((needsName && !name) || extra.length > 0 || (!needsName && name)) throw new UsageError(`Wrong arguments for "${command}".`);

  // The import opens its own context (MySQL, Redis, the delivery queue) to queue the tasks it resumes.
  if (command === "import kkbida") return importKkbida(values);
  const { db, pool } = createDb({ poolSize: 1 });
  try {
    switch (command) {
      case "client create":
        return await createClient(db, name!, values.hosts, parseCallersOption(values.callers), await kkbidaCredentialsOption(values["kkbida-username"], values["kkbida-password"]));
      case "client set-kkbida-password":
        return await setKkbidaPasswordCommand(db, name!, values["kkbida-password"]);
      case "client list":
        return await listClients(db, values.json ?? false);
      case "client outbound":
        return await setClientOutbound(db, name!, values);
      case "client disable":
      case "client enable":
        return await setClientDisabled(db, name!, verb === "disable");
      case "client set-callers":
        return await setCallers(db, name!, values.callers);
      case "client rotate-key":
        return await rotateKey(db, name!, values.grace);
      case "client revoke-previous-key":
        return await revokePreviousKey(db, name!);
      case "client rotate-signing":
        return await rotateClientSigning(db, name!, values["grace-hours"]);
      case "client signing-on":
      case "client signing-off":
        return await setClientSigning(db, name!, verb === "signing-on");
      case "secrets reseal":
        return await resealSecrets(db);
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
