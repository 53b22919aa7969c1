import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { apiClients, type ApiClient } from "../../db/schema/api-clients";
import { kkbidaImports } from "../../db/schema/kkbida-imports";
import { verifyPassword } from "../../auth/password";
import { createApiClient } from "../../clients/create-client";
import { kkbidaCredentialsSchema } from "../../clients/kkbida-credentials";
import { setClientCallers } from "../../clients/set-client-callers";
import { setKkbidaPassword } from "../../clients/set-kkbida-password";
import type { KkbidaSettings } from "./kkbida-properties";

export class ImportError extends Error {
  override name = "ImportError";
}

/** Which client the imported tasks belong to, and what the import must change on it. */
export interface ClientPlan {
  name: string;
  existing: ApiClient | null;
  /** kkbida's credentials to set (a new client, or a password that differs). */
  credentials: { username: string; password: string } | null;
  setPassword: boolean;
  /** The caller allow-list from ignoreIp, when it differs from the client's. */
  callers: string[] | null | undefined;
  changes: string[];
}

const ACTOR = "system";
const sameList = (a: string[] | null, b: string[] | null) => JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...(b ?? [])].sort());

/** Decides without writing: the client named `name`, created from kkbida's settings when it does not exist. */
export async function planClient(db: Db, name: string, settings: KkbidaSettings | null): Promise<ClientPlan> {
  const [existing] = await db.select().from(apiClients).where(eq(apiClients.name, name)).limit(1);
  let credentials: ClientPlan["credentials"] = null;
  if (settings?.username || settings?.password) {
    const parsed = kkbidaCredentialsSchema.safeParse({ username: settings.username ?? "", password: settings.password ?? "" });
    if (!parsed.success) throw new ImportError(`callcenter.system.username/password: ${parsed.error.issues.map((i) => i.message).join("; ")}.`);
    credentials = parsed.data;
  }
  const changes: string[] = [];
  const callers = settings?.callerCidrs;
  if (!existing) {
    if (!credentials) {
      throw new ImportError(
        `No API client named "${name}". Give --properties (kkbida's application.properties) so the import creates it with kkbida's ` +
          `credentials, or create it first: npm run cli -- client create ${name} --kkbida-username <user> --kkbida-password <password>.`,
      );
    }
    const [taken] = await db.select({ name: apiClients.name }).from(apiClients).where(eq(apiClients.username, credentials.username)).limit(1);
    if (taken) throw new ImportError(`The API client "${taken.name}" already has the username "${credentials.username}"; import into it with --client "${taken.name}".`);
    changes.push(`create API client "${name}" with kkbida's username "${credentials.username}" and password`);
    if (callers) changes.push(`caller allow-list from ignoreIp: ${callers.join(", ")}`);
    return { name, existing: null, credentials, setPassword: true, callers: callers ?? null, changes };
  }
  let setPassword = false;
  if (credentials) {
    if (existing.username !== credentials.username) {
      throw new ImportError(
        `The API client "${name}" has the username "${existing.username}", but kkbida's clients send "${credentials.username}" ` +
          `(callcenter.system.username). Import into a client created with --kkbida-username "${credentials.username}", or leave --client out to create one.`,
      );
    }
    setPassword = !existing.kkbidaPasswordHash || !(await verifyPassword(credentials.password, existing.kkbidaPasswordHash));
    if (setPassword) changes.push(`set the kkbida password of "${name}" to callcenter.system.password`);
  }
  const callerChange = callers !== undefined && !sameList(callers, existing.allowedCallerCidrs) ? callers : undefined;
  if (callerChange !== undefined) changes.push(`caller allow-list of "${name}" from ignoreIp: ${callerChange?.join(", ") ?? "any"}`);
  return { name, existing, credentials, setPassword, callers: callerChange, changes };
}

/** Carries out the plan; returns the client id and, for a new client, its generated secrets (shown once). */
export async function applyClient(db: Db, plan: ClientPlan, source: string) {
  if (!plan.existing) {
    const created = await createApiClient(db, { name: plan.name, kkbida: plan.credentials, allowedCallerCidrs: plan.callers ?? null });
    await db.insert(kkbidaImports).values({ source, kind: "client", kkbidaId: plan.credentials!.username.slice(0, 64), bidaId: String(created.id) }).onDuplicateKeyUpdate({ set: { bidaId: String(created.id) } });
    return { id: created.id, created: { apiKey: created.apiKey, username: created.username, signingSecret: created.signingSecret } };
  }
  if (plan.setPassword && plan.credentials) await setKkbidaPassword(db, { id: plan.existing.id, password: plan.credentials.password, actor: ACTOR });
  if (plan.callers !== undefined) await setClientCallers(db, { id: plan.existing.id, cidrs: plan.callers, actor: ACTOR });
  return { id: plan.existing.id, created: null };
}
