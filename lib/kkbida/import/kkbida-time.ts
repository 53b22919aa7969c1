/**
 * kkbida wrote DATETIME columns in its JVM's time zone (Asia/Shanghai in most installs), with no zone stored.
 * These read such a wall time as the instant it was in a given IANA zone, without a date library: the zone's
 * offset at that instant comes from Intl, checked once more across a DST change.
 */

/** Throws a clear error for a zone Intl does not know. */
export function checkTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone;
  } catch {
    throw new Error(`Unknown time zone "${zone}" (expected an IANA name such as Asia/Shanghai or UTC).`);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in milliseconds (Asia/Shanghai: +8 h). */
function offsetMs(zone: string, at: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(at / 1000) * 1000;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/** `2026-11-20 10:00:00` in `zone` → that instant; null for NULL, MySQL's zero date or text that is not a date. */
export function wallTimeToDate(text: string | null | undefined, zone: string): Date | null {
  if (!text) return null;
  const m = WALL.exec(text.trim());
  if (!m || m[1] === "0000") return null;
  const ms = m[7] ? Number(m[7].padEnd(3, "0").slice(0, 3)) : 0;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  let at = wall - offsetMs(zone, wall);
  // Near a DST change the offset at the guess may differ from the offset at the answer.
  const again = wall - offsetMs(zone, at);
  if (again !== at) at = again;
  return new Date(at);
}
