import { WaitingError, type Job } from "bullmq";
import type { Agent } from "undici";
import type { AppContext } from "@/lib/context";
import { finalStatuses } from "@/lib/db/schema/tasks";
import { deliverAttempt, type AttemptOutcome } from "@/lib/delivery/deliver-attempt";
import { deliverJobSchema, type DeliverJob } from "@/lib/queue/jobs";
import { nextState } from "@/lib/tasks/next-state";
import type { AttemptRecord } from "@/lib/tasks/record-attempts";
import type { TaskEvent } from "@/lib/tasks/events";
import type { Task } from "@/lib/db/schema/tasks";
import type { CallSlots } from "../call-slots";

export interface DeliverDeps {
  ctx: AppContext;
  agent: Agent;
  loadTask: (id: string) => Promise<Task | null>;
  record: (r: AttemptRecord) => Promise<boolean>;
  publishRunning: (e: TaskEvent) => void;
  callSlots: CallSlots;
}

export type DeliverResult = "skipped" | "stale" | Task["status"];

/**
 * One attempt of one task: take a call slot, load, call, give the slot back, judge, record (group-committed), then
 * BullMQ acknowledges. The task is loaded only once a slot is held, so what is called is the task as it is now
 * (not cancelled while the job waited for a slot).
 */
export function createDeliverProcessor(deps: DeliverDeps) {
  return async (job: Job<DeliverJob>, token?: string): Promise<DeliverResult> => {
    const { taskId, n } = deliverJobSchema.parse(job.data);
    if (!(await deps.callSlots.acquire())) {
      // The worker is closing: the job goes back to the queue untouched, for another worker or the next start.
      await job.moveToWait(token);
      throw new WaitingError();
    }
    let made: Awaited<ReturnType<typeof loadAndCall>>;
    try {
      made = await loadAndCall(deps, taskId, n);
    } finally {
      deps.callSlots.release();
    }
    if (typeof made === "string") return made;
    const { task, outcome } = made;
    const next = nextState(task, n, outcome);
    const applied = await deps.record({ task, n, outcome, next });
    return applied ? next.status : "stale";
  };
}

/** Loads the task and, unless the job is a leftover, makes the call. */
async function loadAndCall(deps: DeliverDeps, taskId: string, n: number): Promise<"skipped" | "stale" | { task: Task; outcome: AttemptOutcome }> {
  const task = await deps.loadTask(taskId);
  // A job for a final task, or for an attempt already made, is a leftover (cancel, duplicate, sweeper race).
  if (!task || finalStatuses.includes(task.status)) return "skipped";
  if (task.attempts !== n - 1) return "stale";
  deps.publishRunning({ id: taskId, status: "running", attempts: task.attempts, at: Date.now() });
  return { task, outcome: await deliverAttempt(deps.agent, task, n) };
}
