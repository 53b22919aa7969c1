import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import type { SelfAlertEvent } from "../db/schema/alert-channels";
import { alerts } from "../db/schema/alerts";
import type { SendResult } from "./send-alert";

// The alert log's writes: one row per alert (folded or not), per summary and per test message.

export type LoggedEvent = "task.exhausted" | "task.failing" | "summary" | "test" | SelfAlertEvent;

export async function logAlert(
  db: Db,
  row: { channelId: number; taskId: string | null; event: LoggedEvent; status?: "pending" | "folded" },
): Promise<number> {
  const [res] = await db.insert(alerts).values({ status: "pending", ...row });
  return Number(res.insertId);
}

export type SendOutcome = "sent" | "failed" | "pending";

/** Records one try: the platform's answer, and whether the alert is done (sent / failed) or will be retried. */
export async function logSendResult(db: Db, id: number, result: SendResult, status: SendOutcome): Promise<void> {
  await db
    .update(alerts)
    .set({
      status,
      attempts: sql`${alerts.attempts} + 1`,
      responseStatus: result.statusCode,
      response: result.response,
      error: result.error?.slice(0, 1024) ?? null,
      message: result.requestBody,
      sentAt: result.ok ? new Date() : null,
    })
    .where(eq(alerts.id, id));
}

/** Closes an alert that cannot be sent at all (its task or channel is gone, its template broken). */
export async function logAlertFailed(db: Db, id: number, error: string): Promise<void> {
  await db.update(alerts).set({ status: "failed", error: error.slice(0, 1024) }).where(eq(alerts.id, id));
}

/** Points folded alerts at the summary that carries them, so the log can show which message covered a task. */
export async function linkFolded(db: Db, summaryId: number, alertIds: number[]): Promise<void> {
  for (let i = 0; i < alertIds.length; i += 1_000) {
    await db.update(alerts).set({ foldedInto: summaryId }).where(inArray(alerts.id, alertIds.slice(i, i + 1_000)));
  }
}
