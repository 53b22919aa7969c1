import type { ClientAccess } from "@/components/clients/client-access-dialog";

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The access part of a client row as the page passes it to the browser: times as ISO text, an ended grace as null. */
export function toClientAccess(c: { id: number; name: string; allowedCallerCidrs: string[] | null; lastUsedAt: Date | null; secretRotatedAt: Date | null; previousSecretExpiresAt: Date | null }): ClientAccess {
  return { id: c.id, name: c.name, allowedCallerCidrs: c.allowedCallerCidrs, lastUsedAt: iso(c.lastUsedAt), secretRotatedAt: iso(c.secretRotatedAt), previousSecretExpiresAt: c.previousSecretExpiresAt && c.previousSecretExpiresAt.getTime() > Date.now() ? iso(c.previousSecretExpiresAt) : null };
}
