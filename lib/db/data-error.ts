import { isUnavailable } from "../errors";

/**
 * Whether a failed statement was refused for what it carried (a value, a constraint, its size), not because the
 * database is away: retrying its rows one by one then finds the row at fault and lets the others through. With
 * the database down, one statement per row would only multiply the load, so those errors are not isolated.
 */
export function isDataError(err: unknown): boolean {
  if (isUnavailable(err)) return false;
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    // mysql2's errors carry the server's errno and SQLSTATE; drizzle wraps them as `cause`.
    const { errno, sqlState } = e as { errno?: unknown; sqlState?: unknown };
    if (typeof errno === "number" || typeof sqlState === "string") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
