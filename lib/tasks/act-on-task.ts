import type { AppContext } from "../context";
import type { Task } from "../db/schema/tasks";
import { ApiError } from "../errors";
import { applyAction, type ActionInput } from "./apply-action";
import { getTask } from "./get-task";
import { allowedFrom, canApply, type TaskAction } from "./lifecycle/actions";
import { withLiveStatus } from "./live-status";

export type TaskActionInput = Omit<ActionInput, "action" | "ids" | "bulkJobId" | "bulk"> & { id: string };

const verbs: Record<TaskAction, string> = { retry: "retried", run_now: "run now", cancel: "cancelled", resolve: "resolved" };

/**
 * One action on one task: the set-based transition with a single id, then the task as committed. When it did not
 * apply, says why: no such task (404, also for another client's), or a status the action is not allowed from (409).
 */
export async function actOnTask(ctx: AppContext, action: TaskAction, input: TaskActionInput): Promise<Task> {
  const { changed } = await applyAction(ctx, { ...input, action, ids: [input.id] });
  const task = await getTask(ctx.db, { id: input.id, clientId: input.clientId });
  if (changed.length === 1) return task;
  const [live] = await withLiveStatus(ctx.redis, [task]);
  const status = live!.status;
  if (canApply(action, status)) throw new ApiError("conflict", "The task changed meanwhile; reload and try again.");
  throw new ApiError("conflict", `A ${status} task cannot be ${verbs[action]}; only ${allowedFrom[action].join(", ")} tasks can.`);
}
