import { uuidv7 } from "uuidv7";
import type { AppContext } from "../context";
import { recordAudit } from "../audit/record-audit";
import { applyAction } from "./apply-action";
import type { TaskAction } from "./lifecycle/actions";
import { bulkStartAction } from "./resolve-filter";

/**
 * An action on tasks an operator selected, applied at once, under a job id of its own like a bulk job by filter:
 * its per-task audit entries sit between a start and a closing entry, so the console can link to exactly the
 * tasks it touched (`/tasks?bulkJob=<id>`) and the audit log can fold them under it.
 */
export async function applyToSelection(ctx: AppContext, input: { action: TaskAction; ids: string[]; actor: string; note?: string }) {
  const jobId = uuidv7();
  await recordAudit(ctx.db, { actor: input.actor, action: bulkStartAction, objectType: "bulk_job", objectId: jobId, details: { action: input.action, selected: input.ids.length } });
  const { changed, skipped } = await applyAction(ctx, { ...input, bulk: true, bulkJobId: jobId });
  await recordAudit(ctx.db, {
    actor: input.actor,
    action: `bulk.${input.action}`,
    objectType: "bulk_job",
    objectId: jobId,
    details: { selected: input.ids.length, ...(input.note ? { note: input.note } : {}), changed: changed.length, skipped },
  });
  return { jobId, changed: changed.length, skipped };
}
