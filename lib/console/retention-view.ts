import type { Db } from "../db/client";
import type { RetentionRun } from "../db/schema/retention-runs";
import { retentionSettings, type RetentionSettings } from "../retention/retention-settings";
import { lastRuns } from "../retention/run-log";

export interface RetentionRunView extends Omit<RetentionRun, "startedAt" | "finishedAt" | "taskCutoff" | "alertCutoff" | "auditCutoff"> {
  startedAt: string;
  finishedAt: string | null;
  taskCutoff: string | null;
  alertCutoff: string | null;
  auditCutoff: string | null;
}

export interface RetentionView {
  /** As this web process reads them; the worker reads the same .env unless started with others. */
  settings: RetentionSettings;
  /** Newest first; the first is the last run. */
  runs: RetentionRunView[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function getRetentionView(db: Db, limit = 10): Promise<RetentionView> {
  const runs = await lastRuns(db, limit);
  return {
    settings: retentionSettings(),
    runs: runs.map((r) => ({ ...r, startedAt: r.startedAt.toISOString(), finishedAt: iso(r.finishedAt), taskCutoff: iso(r.taskCutoff), alertCutoff: iso(r.alertCutoff), auditCutoff: iso(r.auditCutoff) })),
  };
}
