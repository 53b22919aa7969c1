import { eq } from "drizzle-orm";
import type { Db } from "../../lib/db/client";
import { apiClients } from "../../lib/db/schema/api-clients";
import { kkbidaCredentialsSchema, kkbidaPasswordSchema, type KkbidaCredentials } from "../../lib/clients/kkbida-credentials";
import { setKkbidaPassword } from "../../lib/clients/set-kkbida-password";
import { SetupError } from "./setup-error";

/** `-` reads the password from stdin, so it stays out of the shell history and the process list. */
async function passwordValue(value: string): Promise<string> {
  if (value !== "-") return value;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

/** `--kkbida-username admin --kkbida-password …`: both or neither. */
export async function kkbidaCredentialsOption(username: string | undefined, password: string | undefined): Promise<KkbidaCredentials | null> {
  if (username === undefined && password === undefined) return null;
  if (username === undefined || password === undefined) throw new SetupError("Give both --kkbida-username and --kkbida-password, or neither.");
  const parsed = kkbidaCredentialsSchema.safeParse({ username, password: await passwordValue(password) });
  if (!parsed.success) throw new SetupError(`kkbida credentials: ${parsed.error.issues.map((i) => i.message).join("; ")}.`);
  return parsed.data;
}

export async function usernameTaken(db: Db, username: string): Promise<boolean> {
  const [row] = await db.select({ id: apiClients.id }).from(apiClients).where(eq(apiClients.username, username)).limit(1);
  return Boolean(row);
}

export async function setKkbidaPasswordCommand(db: Db, name: string, password: string | undefined) {
  if (password === undefined) throw new SetupError("Give the new password as --kkbida-password <password> (or - to read it from stdin).");
  const value = await passwordValue(password);
  const parsed = kkbidaPasswordSchema.safeParse(value);
  if (!parsed.success) throw new SetupError(`--kkbida-password: ${parsed.error.issues.map((i) => i.message).join("; ")}.`);
  const [client] = await db.select({ id: apiClients.id }).from(apiClients).where(eq(apiClients.name, name)).limit(1);
  if (!client) throw new SetupError(`No API client named "${name}".`);
  await setKkbidaPassword(db, { id: client.id, password: parsed.data, actor: "system" });
  console.error(`API client "${name}" now takes the new kkbida password (within 10 s on every web process; the old one stops then).`);
}
