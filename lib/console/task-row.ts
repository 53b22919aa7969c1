import type { Task } from "../db/schema/tasks";
import type { LiveStatus } from "../tasks/lifecycle/statuses";
import type { LiveTask } from "../tasks/live-status";
import { maskSecretQuery } from "../notify/mask";

/** What one row of the tasks board needs: small, dates as ISO strings, safe to send to the browser. */
export interface TaskRow {
  id: string;
  status: LiveStatus;
  method: Task["method"];
  url: string;
  sourceApp: string | null;
  targetApp: string | null;
  attempts: number;
  maxAttempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A board row; pass the task through withLiveStatus first, so a call in flight shows as running. */
export function toTaskRow(t: LiveTask): TaskRow {
  return {
    id: t.id,
    status: t.status,
    method: t.method,
    // A board is seen by every role: secret-looking query values are masked here; the detail page shows operators more.
    url: maskSecretQuery(t.url),
    sourceApp: t.sourceApp,
    targetApp: t.targetApp,
    attempts: t.attempts,
    maxAttempts: t.maxAttempts,
    lastStatusCode: t.lastStatusCode,
    lastError: t.lastError ? t.lastError.slice(0, 300) : null,
    nextAttemptAt: t.nextAttemptAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}
