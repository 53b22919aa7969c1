import type { WorkerOptions } from "bullmq";
import type { QueueName } from "@/lib/queue/names";

/** How the worker runs one queue: its name and BullMQ's worker options. The processor is wired in worker/main.ts. */
export interface QueueConfig {
  name: QueueName;
  /** What a failed job is called in the log. */
  failure: string;
  options: Omit<WorkerOptions, "connection" | "prefix" | "autorun">;
}
