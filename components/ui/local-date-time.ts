// A date and time as people type it, in the browser's own zone (the zone every console time is shown in):
// "2026-12-01 08:00", "2026-12-01T08:00" or a day alone, "2026-12-01", for its midnight. Browser-safe.

const pattern = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/;
const pad = (n: number) => String(n).padStart(2, "0");

/** The instant typed, `null` for an empty field, or `"invalid"` (no such day or time, or another shape). */
export function parseLocalDateTime(text: string): Date | null | "invalid" {
  const v = text.trim();
  if (v === "") return null;
  const m = pattern.exec(v);
  if (!m) return "invalid";
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0"].map(Number) as [number, number, number, number, number];
  const at = new Date(y, mo - 1, d, h, mi);
  // Date rolls 2026-02-30 over into March and 08:60 into 09:00: only a typed value that comes back is real (a time
  // a DST change skips does not come back either).
  if (at.getFullYear() !== y || at.getMonth() !== mo - 1 || at.getDate() !== d || at.getHours() !== h || at.getMinutes() !== mi) return "invalid";
  return at;
}

/** An instant as the field shows it: "2026-12-01 08:00" in the browser's zone. */
export function formatLocalDateTime(at: string | Date): string {
  const d = typeof at === "string" ? new Date(at) : at;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
