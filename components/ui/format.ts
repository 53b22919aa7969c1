// Formatting shared by server and client components; pure, no locale surprises between the two.

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-11-27 10:04:05" in the given time zone offset (the browser's, once on the client). */
export function formatDateTime(iso: string | Date, opts: { seconds?: boolean; utc?: boolean } = {}): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  const get = opts.utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  const [y, mo, da, h, mi, s] = get as [number, number, number, number, number, number];
  return `${y}-${pad(mo)}-${pad(da)} ${pad(h)}:${pad(mi)}${opts.seconds === false ? "" : `:${pad(s)}`}`;
}

/** "3d 4h", "12m 5s", "42s": the two largest units of a duration. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const units: [number, string][] = [
    [Math.floor(s / 86_400), "d"],
    [Math.floor((s % 86_400) / 3600), "h"],
    [Math.floor((s % 3600) / 60), "m"],
    [s % 60, "s"],
  ];
  const first = units.findIndex(([v]) => v > 0);
  if (first === -1) return "0s";
  return units
    .slice(first, first + 2)
    .filter(([v], i) => i === 0 || v > 0)
    .map(([v, u]) => `${v}${u}`)
    .join(" ");
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return formatDuration(ms);
}

export function formatNumber(n: number): string {
  return n.toLocaleString("en-US");
}

export function shortId(id: string): string {
  return id.slice(0, 8) + "…" + id.slice(-4);
}
