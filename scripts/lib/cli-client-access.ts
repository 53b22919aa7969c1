import { eq } from "drizzle-orm";
import type { Db } from "../../lib/db/client";
import { apiClients } from "../../lib/db/schema/api-clients";
import { ApiError } from "../../lib/errors";
import { parseGracePeriod } from "../../lib/clients/grace-period";
import { revokePreviousClientKey, rotateClientKey } from "../../lib/clients/rotate-client-key";
import { parseCallerCidrs, setClientCallers } from "../../lib/clients/set-client-callers";
import { SetupError } from "./setup-error";

// The audit names a console user or "system"; the cli has no user of its own.
const CLI_ACTOR = "system";

async function clientId(db: Db, name: string): Promise<number> {
  const [client] = await db.select({ id: apiClients.id }).from(apiClients).where(eq(apiClients.name, name)).limit(1);
  if (!client) throw new SetupError(`No API client named "${name}".`);
  return client.id;
}

/** `--callers 10.0.0.0/8,2001:db8::/32`; `any` (or nothing) admits every caller. */
export function parseCallersOption(value: string | undefined): string[] | null {
  if (value === undefined || value.trim().toLowerCase() === "any") return null;
  try {
    return parseCallerCidrs(value);
  } catch (err) {
    if (err instanceof ApiError) throw new SetupError(`--callers: ${err.details.map((d) => d.message).join("; ")}`);
    throw err;
  }
}

export async function setCallers(db: Db, name: string, callers: string | undefined) {
  if (callers === undefined) throw new SetupError("Give the allow-list as --callers <cidr,...>, or --callers any.");
  const cidrs = parseCallersOption(callers);
  await setClientCallers(db, { id: await clientId(db, name), cidrs, actor: CLI_ACTOR });
  console.error(`API client "${name}" now accepts calls from ${cidrs ? cidrs.join(", ") : "any address"} (effective within 10 s).`);
}

/** Prints the new credentials as one JSON object on stdout, like `client create`. */
export async function rotateKey(db: Db, name: string, grace: string | undefined) {
  const graceSeconds = parseGracePeriod(grace ?? "24h");
  if (typeof graceSeconds === "string") throw new SetupError(`--grace: ${graceSeconds}.`);
  const rotated = await rotateClientKey(db, { id: await clientId(db, name), graceSeconds, actor: CLI_ACTOR });
  process.stdout.write(`${JSON.stringify(rotated)}\n`);
  console.error(rotated.previousKeyExpiresAt ? `The old key keeps working until ${rotated.previousKeyExpiresAt}.` : "The old key no longer works (within 10 s on every web process).");
}

export async function revokePreviousKey(db: Db, name: string) {
  await revokePreviousClientKey(db, { id: await clientId(db, name), actor: CLI_ACTOR });
  console.error(`The key API client "${name}" had before its last rotation no longer works (within 10 s).`);
}
