"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { kkbidaPasswordSchema, kkbidaUsernameSchema } from "@/lib/clients/kkbida-credentials";
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

const emptyAsNull = (v: unknown) => (v === "" || v === undefined ? null : v);

const createSchema = z
  .object({
    name: z.string().trim().min(1, "required").max(128).regex(/^[\w .-]+$/, "letters, digits, space, dot, dash, underscore"),
    allowedHosts: hostList,
    kkbidaUsername: z.preprocess(emptyAsNull, kkbidaUsernameSchema.nullable()),
    kkbidaPassword: z.preprocess(emptyAsNull, kkbidaPasswordSchema.nullable()),
  })
  .refine((v) => (v.kkbidaUsername === null) === (v.kkbidaPassword === null), {
    path: ["kkbidaPassword"],
    message: "give both the kkbida username and password, or neither",
  });

export async function createClientAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction({ role: "admin", schema: createSchema, formData }, async (input, user) => {
    const kkbida = input.kkbidaUsername && input.kkbidaPassword ? { username: input.kkbidaUsername, password: input.kkbidaPassword } : null;
    const c = await createApiClientAudited(getAppContext().db, { name: input.name, allowedHosts: input.allowedHosts.length ? input.allowedHosts : null, kkbida, actor: user.actor });
    revalidatePath("/clients");
    // The chosen kkbida password is the operator's own; only generated secrets are shown back.
    const shown = kkbida ? { apiKey: c.apiKey, username: c.username, password: "(the kkbida password you entered)", signingSecret: c.signingSecret } : { apiKey: c.apiKey, username: c.username, password: c.password, signingSecret: c.signingSecret };
    return {
      ok: true,
      message: (await getTranslations("clients"))("createdMessage", { name: c.name }),
      secret: JSON.stringify(shown, null, 2),
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
