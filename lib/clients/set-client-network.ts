import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../db/client";
import { apiClients } from "../db/schema/api-clients";
import { ApiError } from "../errors";
import { applyClientNetwork, describeClientNetwork, type ClientNetworkSummary } from "./outbound-settings";

/**
 * Changes how the worker reaches one client's targets (allowed target CIDRs, CA bundle, mTLS, proxy); audited by
 * the names of the fields changed, never their values. The worker and the submit check pick it up within their
 * caches' lifetimes (5 s and 10 s).
 */
export async function setClientNetwork(db: Db, input: { id: number; actor: string; changes: unknown }): Promise<{ name: string } & ClientNetworkSummary> {
  const [client] = await db
    .select({ id: apiClients.id, name: apiClients.name, allowedTargetCidrs: apiClients.allowedTargetCidrs, outbound: apiClients.outbound })
    .from(apiClients)
    .where(eq(apiClients.id, input.id))
    .limit(1);
  if (!client) throw new ApiError("not_found", `No API client with id ${input.id}.`);
  const next = applyClientNetwork(client, input.changes);
  const fields = Object.keys(input.changes ?? {});
  await db.transaction(async (tx) => {
    await tx.update(apiClients).set({ allowedTargetCidrs: next.allowedTargetCidrs, outbound: next.outbound }).where(eq(apiClients.id, client.id));
    await recordAudit(tx, { actor: input.actor, action: "client.outbound", objectType: "client", objectId: client.name, details: { fields } });
  });
  return { name: client.name, ...describeClientNetwork(next) };
}

export interface ClientNetworkView {
  summary: ClientNetworkSummary;
  /** Certificates are public: the console form shows them for editing. The key and proxy password never leave. */
  caBundle: string | null;
  clientCert: string | null;
}

/** Every client's network settings as the console shows them, by client id. */
export async function listClientNetworks(db: Db): Promise<Record<number, ClientNetworkView>> {
  const rows = await db.select({ id: apiClients.id, allowedTargetCidrs: apiClients.allowedTargetCidrs, outbound: apiClients.outbound }).from(apiClients);
  return Object.fromEntries(
    rows.map((r) => [r.id, { summary: describeClientNetwork(r), caBundle: r.outbound?.caBundle ?? null, clientCert: r.outbound?.clientCert ?? null }]),
  );
}
