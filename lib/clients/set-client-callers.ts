import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { ApiError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { forgetApiClient } from "../auth/api-client";
import { apiClients } from "../db/schema/api-clients";
import { canonicalCidrs, cidrProblem } from "../net/cidr-list";

/** At most this many entries: a list is checked on every request (a few µs for 100 prefixes). */
export const MAX_CALLER_CIDRS = 100;

/**
 * The caller allow-list as typed (commas, spaces or new lines between entries) in canonical form; an empty
 * text is null (any caller). Throws a 422 naming each entry that is not an IP address or CIDR.
 */
export function parseCallerCidrs(text: string | null | undefined): string[] | null {
  const entries = (text ?? "").split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) return null;
  const problems = entries.map(cidrProblem).filter((p): p is string => p !== null);
  // One detail naming every bad entry: a form shows one message per field.
  if (problems.length > 0) throw new ApiError("validation_failed", "The caller allow-list is not valid.", [{ path: "allowedCallerCidrs", message: problems.join("; ") }]);
  const cidrs = canonicalCidrs(entries);
  if (cidrs.length > MAX_CALLER_CIDRS) {
    throw new ApiError("validation_failed", "The caller allow-list is not valid.", [{ path: "allowedCallerCidrs", message: `at most ${MAX_CALLER_CIDRS} entries` }]);
  }
  return cidrs;
}

/** Replaces a client's caller allow-list (null: any caller); takes effect within the auth cache time. */
export async function setClientCallers(db: Db, input: { id: number; cidrs: string[] | null; actor: string }) {
  const cidrs = input.cidrs && input.cidrs.length > 0 ? parseCallerCidrs(input.cidrs.join(",")) : null;
  const [client] = await db.select().from(apiClients).where(eq(apiClients.id, input.id)).limit(1);
  if (!client) throw new ApiError("not_found", `No API client with id ${input.id}.`);
  await db.transaction(async (tx) => {
    await tx.update(apiClients).set({ allowedCallerCidrs: cidrs }).where(eq(apiClients.id, client.id));
    await recordAudit(tx, {
      actor: input.actor,
      action: "client.set_callers",
      objectType: "client",
      objectId: client.name,
      details: { before: client.allowedCallerCidrs ?? null, after: cidrs },
    });
  });
  forgetApiClient(client.username);
  return { ...client, allowedCallerCidrs: cidrs };
}
