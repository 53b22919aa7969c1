// The statuses of a task's life, in one place. No imports: the browser bundle, the SQL builders, the sweeper and
// the metrics all read these lists, and docs/architecture.md draws them as a state diagram.

/** What MySQL stores: a task is always in exactly one of these. */
export const taskStatuses = ["queued", "retrying", "succeeded", "failed", "cancelled", "resolved"] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/**
 * What a reader may be shown: the stored status, or `running` while a worker has an attempt of the task in flight.
 * `running` is never stored (writing it would cost every attempt an extra commit); it lives in Redis' in-flight
 * set (lib/tasks/in-flight.ts), over a stored `queued` or `retrying`, and in the live events.
 */
export const liveStatuses = [...taskStatuses, "running"] as const;
export type LiveStatus = (typeof liveStatuses)[number];

/** Stored statuses that still owe an attempt: the worker records attempts only on these, the sweeper scans them. */
export const activeStatuses = ["queued", "retrying"] as const satisfies readonly TaskStatus[];
export type ActiveStatus = (typeof activeStatuses)[number];

/** No attempt follows any of these unless an operator or client retries the task. */
export const finalStatuses = ["succeeded", "failed", "cancelled", "resolved"] as const satisfies readonly TaskStatus[];
export type FinalStatus = (typeof finalStatuses)[number];

export const isFinal = (status: LiveStatus): status is FinalStatus => (finalStatuses as readonly string[]).includes(status);
export const isActive = (status: LiveStatus): status is ActiveStatus => (activeStatuses as readonly string[]).includes(status);

/** A list of statuses as a SQL `IN (…)` body. The values are this module's own literals, never input. */
export const sqlStatusList = (statuses: readonly TaskStatus[]): string => statuses.map((s) => `'${s}'`).join(",");
