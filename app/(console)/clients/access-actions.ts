"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseGracePeriod } from "@/lib/clients/grace-period";
import { revokePreviousClientKey, rotateClientKey } from "@/lib/clients/rotate-client-key";
import { parseCallerCidrs, setClientCallers } from "@/lib/clients/set-client-callers";
import { getAppContext } from "@/lib/context";
import { runAction, type ActionState } from "@/lib/http/server-action";

const id = z.coerce.number().int().positive();

export async function setClientCallersAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const schema = z.object({ id, allowedCallerCidrs: z.string().max(10_000).optional() });
  return runAction({ role: "admin", schema, formData }, async (input, user) => {
    const cidrs = parseCallerCidrs(input.allowedCallerCidrs);
    const c = await setClientCallers(getAppContext().db, { id: input.id, cidrs, actor: user.actor });
    revalidatePath("/clients");
    return { ok: true, message: `Client "${c.name}" accepts calls from ${cidrs ? cidrs.join(", ") : "any address"}.` };
  });
}

export async function rotateClientKeyAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const grace = z.string().transform((v, ctx) => {
    const seconds = parseGracePeriod(v);
    if (typeof seconds === "string") ctx.addIssue({ code: "custom", message: seconds });
    return typeof seconds === "number" ? seconds : 0;
  });
  return runAction({ role: "admin", schema: z.object({ id, grace }), formData }, async (input, user) => {
    const r = await rotateClientKey(getAppContext().db, { id: input.id, graceSeconds: input.grace, actor: user.actor });
    revalidatePath("/clients");
    const until = r.previousKeyExpiresAt ? `The old key keeps working until ${r.previousKeyExpiresAt}.` : "The old key no longer works.";
    return {
      ok: true,
      message: `New key for "${r.name}", shown only now. ${until}`,
      secret: JSON.stringify({ apiKey: r.apiKey, username: r.username, password: r.password }, null, 2),
    };
  });
}

export async function revokePreviousClientKeyAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction({ role: "admin", schema: z.object({ id }), formData }, async (input, user) => {
    const c = await revokePreviousClientKey(getAppContext().db, { id: input.id, actor: user.actor });
    revalidatePath("/clients");
    return { ok: true, message: `The old key of "${c.name}" no longer works.` };
  });
}
