import { WaitingError, type Job } from "bullmq";
import type { Task } from "@/lib/db/schema/tasks";
import type { AttemptOutcome } from "@/lib/delivery/make-attempt";
import { deliveryJobSchema, type DeliveryJob } from "@/lib/queue/delivery-queue";
import { isActive } from "@/lib/tasks/lifecycle/statuses";
import { nextState } from "@/lib/tasks/next-state";
import type { AttemptRecord } from "@/lib/tasks/record-attempts";
import type { CallSlots } from "../call-slots";
import type { InFlightTracker } from "../in-flight-tracker";

export interface DeliveryDeps {
  loadTask: (id: string) => Promise<Task | null>;
  /** Calls the target and judges the answer; never throws (lib/delivery/make-attempt.ts). */
  attempt: (task: Task, n: number) => Promise<AttemptOutcome>;
  /** Resolves once the attempt's batch is committed: true when its write took effect. */
  record: (r: AttemptRecord) => Promise<boolean>;
  inFlight: Pick<InFlightTracker, "start" | "finish">;
  callSlots: CallSlots;
}

/** `skipped`: the task is final or gone; `stale`: the job is for an attempt or generation that is not the task's now. */
export type DeliveryResult = "skipped" | "stale" | Task["status"];

/**
 * One attempt of one task: take a call slot, load, call, give the slot back, judge, record (group-committed), then
 * BullMQ acknowledges. The task is loaded only once a slot is held, so what is called is the task as it is now
 * (not cancelled while the job waited for a slot).
 */
export function createDeliveryProcessor(deps: DeliveryDeps) {
  return async (job: Job<DeliveryJob>, token?: string): Promise<DeliveryResult> => {
    const { taskId, n, g } = deliveryJobSchema.parse(job.data);
    if (!(await deps.callSlots.acquire())) {
      // The worker is closing: the job goes back to the queue untouched, for another worker or the next start.
      await job.moveToWait(token);
      throw new WaitingError();
    }
    let made: "skipped" | "stale" | { task: Task; outcome: AttemptOutcome };
    try {
      made = await loadAndCall(deps, taskId, n, g);
    } finally {
      deps.callSlots.release();
    }
    if (typeof made === "string") return made;
    const { task, outcome } = made;
    const next = nextState(task, n, outcome);
    try {
      return (await deps.record({ task, n, outcome, next })) ? next.status : "stale";
    } finally {
      deps.inFlight.finish(task);
    }
  };
}

/** Loads the task and, unless the job is a leftover, makes the call. */
async function loadAndCall(deps: DeliveryDeps, taskId: string, n: number, g: number): Promise<"skipped" | "stale" | { task: Task; outcome: AttemptOutcome }> {
  const task = await deps.loadTask(taskId);
  // A job for a final task, or for an attempt already made or of a past generation, is a leftover (cancel,
  // duplicate, sweeper race, a retry after a cancel).
  if (!task || !isActive(task.status)) return "skipped";
  if (task.attempts !== n - 1 || task.generation !== g) return "stale";
  deps.inFlight.start(task);
  try {
    return { task, outcome: await deps.attempt(task, n) };
  } catch (err) {
    deps.inFlight.finish(task);
    throw err;
  }
}
