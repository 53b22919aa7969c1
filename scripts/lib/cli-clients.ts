import { asc, eq } from "drizzle-orm";
import { createApiClient } from "../../lib/clients/create-client";
import type { Db } from "../../lib/db/client";
import { apiClients } from "../../lib/db/schema/api-clients";
import type { KkbidaCredentials } from "../../lib/clients/kkbida-credentials";
import { usernameTaken } from "./cli-kkbida-credentials";
import { SetupError } from "./setup-error";

const hostRule = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** `a.com,*.b.com` → ["a.com", "*.b.com"]; the same rules lib/tasks/host-allowed.ts applies. */
export function parseHosts(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  const hosts = value.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
  const bad = hosts.filter((h) => !hostRule.test(h));
  if (hosts.length === 0 || bad.length > 0) {
    throw new SetupError(`--hosts takes host names or *.suffix rules, comma-separated; not valid: ${bad.join(", ") || "(empty)"}`);
  }
  return hosts;
}

export function checkClientName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 128) throw new SetupError("A client name has 1 to 128 characters.");
  return trimmed;
}

async function findClient(db: Db, name: string) {
  const [client] = await db.select().from(apiClients).where(eq(apiClients.name, name)).limit(1);
  if (!client) throw new SetupError(`No API client named "${name}".`);
  return client;
}

export async function createClient(db: Db, name: string, hosts: string | undefined, allowedCallerCidrs: string[] | null = null, kkbida: KkbidaCredentials | null = null) {
  const clientName = checkClientName(name);
  const allowedHosts = parseHosts(hosts);
  const [taken] = await db.select({ id: apiClients.id }).from(apiClients).where(eq(apiClients.name, clientName)).limit(1);
  if (taken) throw new SetupError(`An API client named "${clientName}" already exists.`);
  if (kkbida && (await usernameTaken(db, kkbida.username))) throw new SetupError(`Another API client already has the username "${kkbida.username}".`);
  const created = await createApiClient(db, { name: clientName, allowedHosts, allowedCallerCidrs, kkbida });
  // Only the JSON object on stdout, so scripts can read it: npm run -s cli -- client create x | jq .apiKey
  process.stdout.write(`${JSON.stringify(created)}\n`);
}

export async function listClients(db: Db, json: boolean) {
  const rows = await db
    .select({
      id: apiClients.id,
      name: apiClients.name,
      username: apiClients.username,
      allowedHosts: apiClients.allowedHosts,
      disabled: apiClients.disabled,
      createdAt: apiClients.createdAt,
      allowedCallerCidrs: apiClients.allowedCallerCidrs,
      lastUsedAt: apiClients.lastUsedAt,
      secretRotatedAt: apiClients.secretRotatedAt,
      previousSecretExpiresAt: apiClients.previousSecretExpiresAt,
      signCallbacks: apiClients.signCallbacks,
    })
    .from(apiClients)
    .orderBy(asc(apiClients.id));
  if (json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  if (rows.length === 0) {
    console.log("No API clients. Create one with: npm run cli -- client create <name>");
    return;
  }
  console.table(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      username: r.username,
      hosts: r.allowedHosts?.join(",") ?? "any",
      disabled: r.disabled,
      signed: r.signCallbacks,
      created: r.createdAt.toISOString(),
      callers: r.allowedCallerCidrs?.join(",") ?? "any",
      "last used": r.lastUsedAt?.toISOString() ?? "never",
      "old key until": r.previousSecretExpiresAt && r.previousSecretExpiresAt > new Date() ? r.previousSecretExpiresAt.toISOString() : "-",
    })),
  );
}

export async function setClientDisabled(db: Db, name: string, disabled: boolean) {
  const client = await findClient(db, name);
  await db.update(apiClients).set({ disabled }).where(eq(apiClients.id, client.id));
  console.error(`API client "${name}" is now ${disabled ? "disabled" : "enabled"}.`);
}
