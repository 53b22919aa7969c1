/**
 * UUIDv7 ids begin with their creation time in milliseconds, so a time range is an id range: filtering by
 * created time uses the primary key instead of another index.
 */
export function uuidV7Bound(time: Date, edge: "lower" | "upper"): string {
  const hex = Math.max(0, Math.min(time.getTime(), 0xffffffffffff)).toString(16).padStart(12, "0");
  const rest = edge === "lower" ? "7000-8000-000000000000" : "7fff-bfff-ffffffffffff";
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${rest}`;
}

/** When a UUIDv7 id was made: its first 48 bits, in milliseconds. */
export function uuidV7Time(id: string): Date {
  return new Date(parseInt(id.replace(/-/g, "").slice(0, 12), 16));
}
