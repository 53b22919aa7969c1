"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { createApiClientAudited, setApiClientDisabled } from "@/lib/console/api-clients";
import { setApiClientQuotas } from "@/lib/console/client-quotas";
import { getAppContext } from "@/lib/context";
import { quotaText } from "@/lib/quotas/client-quotas";
import { runAction, type ActionState } from "@/lib/http/server-action";

const hostList = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(/[\s,]+/).map((h) => h.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^(\*\.)?[a-z0-9.-]+(:\d+)?$/, "a host name, or *.suffix")).max(100));

const createSchema = z.object({
  name: z.string().trim().min(1, "required").max(128).regex(/^[\w .-]+$/, "letters, digits, space, dot, dash, underscore"),
  allowedHosts: hostList,
});

export async function createClientAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction({ role: "admin", schema: createSchema, formData }, async (input, user) => {
    const c = await createApiClientAudited(getAppContext().db, { name: input.name, allowedHosts: input.allowedHosts.length ? input.allowedHosts : null, actor: user.actor });
    revalidatePath("/clients");
    return {
      ok: true,
      message: (await getTranslations("clients"))("createdMessage", { name: c.name }),
      secret: JSON.stringify({ apiKey: c.apiKey, username: c.username, password: c.password, signingSecret: c.signingSecret }, null, 2),
    };
  });
}

export async function setClientDisabledAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const schema = z.object({ id: z.coerce.number().int().positive(), disabled: z.enum(["true", "false"]).transform((v) => v === "true") });
  return runAction({ role: "admin", schema, formData }, async (input, user) => {
    const c = await setApiClientDisabled(getAppContext().db, { ...input, actor: user.actor });
    revalidatePath("/clients");
    return { ok: true, message: (await getTranslations("clients"))("toggled", { name: c.name, state: input.disabled ? "disabled" : "enabled" }) };
  });
}

const quotasSchema = z.object({
  id: z.coerce.number().int().positive(),
  submitsPerSecond: quotaText,
  submitBurst: quotaText,
  openTasks: quotaText,
  attemptsPerMinute: quotaText,
  batchBytes: quotaText,
});

export async function setClientQuotasAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction({ role: "admin", schema: quotasSchema, formData }, async ({ id, ...quotas }, user) => {
    const c = await setApiClientQuotas(getAppContext().db, { id, quotas, actor: user.actor });
    revalidatePath("/clients");
    return { ok: true, message: (await getTranslations("clients"))("quotasSaved", { name: c.name }) };
  });
}
