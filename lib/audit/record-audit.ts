import type { Db } from "../db/client";
import { auditLog } from "../db/schema/audit-log";

export interface AuditInput {
  /** "user:<name>", "client:<name>" or "system". */
  actor: string;
  action: string;
  objectType: string;
  objectId?: string | null;
  details?: Record<string, unknown> | null;
}

/** Appends audit entries; pass the transaction to make the entry part of the change it records. */
export async function recordAudit(db: Pick<Db, "insert">, entries: AuditInput | AuditInput[]): Promise<void> {
  const rows = Array.isArray(entries) ? entries : [entries];
  if (rows.length === 0) return;
  await db.insert(auditLog).values(rows.map((e) => ({ ...e, objectId: e.objectId ?? null, details: e.details ?? null })));
}
