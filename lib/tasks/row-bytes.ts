import type { Task } from "../db/schema/tasks";

// The fixed columns (ids, enums, numbers, dates) and the statement's punctuation, generously.
const fixedBytes = 600;
const textBytes = (v: string | null | undefined) => (v ? Buffer.byteLength(v, "utf8") : 0);
const jsonBytes = (v: unknown) => (v === null || v === undefined ? 0 : Buffer.byteLength(JSON.stringify(v), "utf8"));

/**
 * About how many bytes a task row adds to the multi-row INSERT, for the submit batcher's byte cap. Escaping can
 * double a JSON value's quotes and backslashes, so the JSON columns count twice.
 */
export function taskRowBytes(row: Task): number {
  return (
    fixedBytes +
    textBytes(row.url) +
    textBytes(row.sourceApp) +
    textBytes(row.targetApp) +
    textBytes(row.idempotencyKey) +
    textBytes(row.orderingKey) +
    2 * (jsonBytes(row.params) + jsonBytes(row.headers) + jsonBytes(row.expect) + jsonBytes(row.retry))
  );
}
