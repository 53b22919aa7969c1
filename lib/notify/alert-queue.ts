import type { AppContext } from "../context";
import { createAlertQueue, type AlertQueue } from "../queue/alert";
import { createRedis } from "../redis";

const queues = new WeakMap<AppContext, AlertQueue>();

/** The alert queue's producer for a process context, made on first use (only the worker's hook needs one). */
export function alertQueueFor(ctx: AppContext): AlertQueue {
  let queue = queues.get(ctx);
  if (!queue) {
    queue = createAlertQueue(createRedis("command"));
    queues.set(ctx, queue);
  }
  return queue;
}

export async function closeAlertQueue(ctx: AppContext): Promise<void> {
  const queue = queues.get(ctx);
  queues.delete(ctx);
  await queue?.close();
}
