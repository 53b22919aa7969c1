import { env } from "../env";

const DAY_MS = 86_400_000;

export interface RetentionSettings {
  taskDays: number;
  alertDays: number;
  auditDays: number;
  intervalMs: number;
  batch: number;
  pauseMs: number;
}

export const retentionSettings = (): RetentionSettings => ({ ...env.retention });

/** The time before which rows of a kind are deleted; null when that kind is kept forever (0 days). */
export const cutoffFor = (days: number, now: Date): Date | null => (days > 0 ? new Date(now.getTime() - days * DAY_MS) : null);
