import type { TaskStatus } from "../db/schema/tasks";

// Kept free of drizzle imports so browser components can use it. "running" is missing on purpose: it lives
// only in the live events (the database keeps queued/retrying until the attempt commits).
export const filterableStatuses = ["queued", "retrying", "succeeded", "failed", "cancelled", "resolved"] as const satisfies readonly TaskStatus[];
