/**
 * UUIDv7 ids begin with their creation time in milliseconds, so a time range is an id range: filtering by
 * created time uses the primary key instead of another index.
 */
export function uuidV7Bound(time: Date, edge: "lower" | "upper"): string {
  const hex = Math.max(0, Math.min(time.getTime(), 0xffffffffffff)).toString(16).padStart(12, "0");
  const rest = edge === "lower" ? "7000-8000-000000000000" : "7fff-bfff-ffffffffffff";
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${rest}`;
}
