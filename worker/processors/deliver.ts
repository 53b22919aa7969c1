import type { Job } from "bullmq";
import type { Agent } from "undici";
import type { AppContext } from "@/lib/context";
import { finalStatuses } from "@/lib/db/schema/tasks";
import { deliverAttempt } from "@/lib/delivery/deliver-attempt";
import { deliverJobSchema, type DeliverJob } from "@/lib/queue/jobs";
import { nextState } from "@/lib/tasks/next-state";
import type { AttemptRecord } from "@/lib/tasks/record-attempts";
import type { TaskEvent } from "@/lib/tasks/events";
import type { Task } from "@/lib/db/schema/tasks";

export interface DeliverDeps {
  ctx: AppContext;
  agent: Agent;
  loadTask: (id: string) => Promise<Task | null>;
  record: (r: AttemptRecord) => Promise<boolean>;
  publishRunning: (e: TaskEvent) => void;
}

export type DeliverResult = "skipped" | "stale" | Task["status"];

/** One attempt of one task: load, call, judge, record (group-committed), then BullMQ acknowledges. */
export function createDeliverProcessor(deps: DeliverDeps) {
  return async (job: Job<DeliverJob>): Promise<DeliverResult> => {
    const { taskId, n } = deliverJobSchema.parse(job.data);
    const task = await deps.loadTask(taskId);
    // A job for a final task, or for an attempt already made, is a leftover (cancel, duplicate, sweeper race).
    if (!task || finalStatuses.includes(task.status)) return "skipped";
    if (task.attempts !== n - 1) return "stale";

    deps.publishRunning({ id: taskId, status: "running", attempts: task.attempts, at: Date.now() });
    const outcome = await deliverAttempt(deps.agent, task, n);
    const next = nextState(task, n, outcome);
    const applied = await deps.record({ task, n, outcome, next });
    return applied ? next.status : "stale";
  };
}
