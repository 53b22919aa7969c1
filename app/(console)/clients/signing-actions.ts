"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { rotateSigningSecret, setCallbackSigning } from "@/lib/clients/signing-secrets";
import { getAppContext } from "@/lib/context";
import { runAction, type ActionState } from "@/lib/http/server-action";

const clientId = z.coerce.number().int().positive();

export async function rotateSigningAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const schema = z.object({ id: clientId, graceHours: z.coerce.number().min(0, "0 to 720 hours").max(720, "0 to 720 hours").default(24) });
  return runAction({ role: "admin", schema, formData }, async (input, user) => {
    const r = await rotateSigningSecret(getAppContext().db, { clientId: input.id, graceMs: Math.round(input.graceHours * 3_600_000), actor: user.actor });
    revalidatePath("/clients");
    const overlap = r.previousExpiresAt ? ` The old secret keeps signing beside it until ${r.previousExpiresAt.toISOString()}.` : "";
    return { ok: true, message: `New signing secret for "${r.name}", shown only now.${overlap}`, secret: r.secret };
  });
}

export async function setSigningAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const schema = z.object({ id: clientId, on: z.enum(["true", "false"]).transform((v) => v === "true") });
  return runAction({ role: "admin", schema, formData }, async (input, user) => {
    const r = await setCallbackSigning(getAppContext().db, { clientId: input.id, on: input.on, actor: user.actor });
    revalidatePath("/clients");
    const message = input.on ? `Calls of "${r.name}" are signed${r.secret ? " with this new secret, shown only now:" : "."}` : `Calls of "${r.name}" are no longer signed.`;
    return { ok: true, message, secret: r.secret ?? undefined };
  });
}
