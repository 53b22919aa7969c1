/** The longest an old key may keep working after a rotation: long enough for a slow release, not forever. */
export const MAX_GRACE_S = 30 * 24 * 3600;

const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * A rotation's grace period as typed in the console or the cli: `0` (the old key stops at once), or a number
 * with a unit, `90s`, `15m`, `24h`, `7d`. Returns seconds, or a message saying what is accepted.
 */
export function parseGracePeriod(text: string): number | string {
  const m = /^\s*(\d{1,7})\s*([smhd]?)\s*$/i.exec(text);
  if (!m || (!m[2] && m[1] !== "0")) return "a grace period such as 0, 90s, 15m, 24h or 7d";
  const seconds = Number(m[1]) * (units[(m[2] || "s").toLowerCase()] ?? 1);
  if (seconds > MAX_GRACE_S) return "at most 30 days (30d)";
  return seconds;
}
