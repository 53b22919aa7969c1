"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { setClientNetwork } from "@/lib/clients/set-client-network";
import { getAppContext } from "@/lib/context";
import { runAction, type ActionState } from "@/lib/http/server-action";

const text = z.string().optional().transform((v) => (v?.trim() ? v : null));

const schema = z.object({
  id: z.coerce.number().int().positive(),
  targetCidrs: z.string().optional().transform((v) => (v ?? "").split(/[\s,]+/).filter(Boolean)),
  caBundle: text,
  clientCert: text,
  // Write-only: empty keeps the stored key (unless the certificate is cleared or `removeKey` is ticked).
  clientKey: text,
  removeKey: z.literal("on").optional(),
  proxyUrl: text,
  noProxy: text,
});

export async function setClientNetworkAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction({ role: "admin", schema, formData }, async (input, user) => {
    const { id, clientKey, removeKey, ...rest } = input;
    const changes: Record<string, unknown> = { ...rest };
    if (clientKey) changes.clientKey = clientKey;
    else if (removeKey || !input.clientCert) changes.clientKey = null;
    // The form only ever saw the proxy URL with its password masked: getting that back means "keep the stored one".
    if (input.proxyUrl?.includes(":****@")) delete changes.proxyUrl;
    const saved = await setClientNetwork(getAppContext().db, { id, actor: user.actor, changes });
    revalidatePath("/clients");
    return { ok: true, message: `Outbound settings of "${saved.name}" saved.` };
  });
}
