import { bulkJobSchema, bulkProgressSchema, getBulkQueue, type BulkProgress } from "../queue/bulk-queue";

export interface BulkJobView {
  id: string;
  state: "waiting" | "active" | "completed" | "failed" | "delayed" | "unknown";
  action: string;
  filter: Record<string, unknown>;
  actor: string;
  progress: BulkProgress | null;
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
}

export async function getBulkJobView(id: string): Promise<BulkJobView | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const job = await getBulkQueue().getJob(id);
  if (!job) return null;
  const data = bulkJobSchema.safeParse(job.data);
  const rawState = await job.getState();
  const state = (["waiting", "active", "completed", "failed", "delayed"] as const).find((s) => s === rawState) ?? (rawState === "prioritized" || rawState === "waiting-children" ? "waiting" : "unknown");
  const fromResult = bulkProgressSchema.safeParse(job.returnvalue);
  const fromProgress = bulkProgressSchema.safeParse(job.progress);
  return {
    id: String(job.id),
    state,
    action: data.success ? data.data.action : "unknown",
    filter: data.success ? (data.data.filter as Record<string, unknown>) : {},
    actor: data.success ? data.data.actor : "",
    progress: fromResult.success ? fromResult.data : fromProgress.success ? fromProgress.data : null,
    // A failed attempt that will be retried is still "waiting"; show the reason only when it gave up.
    error: state === "failed" ? (job.failedReason ?? "failed") : null,
    createdAt: job.timestamp,
    finishedAt: job.finishedOn ?? null,
  };
}
