import { z } from "zod";

export const deliverJobSchema = z.object({ taskId: z.string().length(36), n: z.number().int().min(1) });
export type DeliverJob = z.infer<typeof deliverJobSchema>;

// BullMQ forbids ":" in custom ids.
export const deliverJobId = (job: DeliverJob) => `${job.taskId}_${job.n}`;
