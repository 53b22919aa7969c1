// Formatting shared by server and client components. Dates print as "2026-11-27 10:04:05 GMT+8" in both languages
// (one unambiguous shape an operator can paste into a log search); the zone is the viewer's, named; units and
// numbers follow the locale. Server and browser get the same locale and zone from next-intl, so they agree.

export interface DateTimeOptions {
  seconds?: boolean;
  /** IANA zone to print in; without it, UTC when `utc` is set, else the runtime's own zone. */
  timeZone?: string;
  utc?: boolean;
  /** Append the zone's name ("GMT+8", "UTC"). */
  zone?: boolean;
}

/** "2026-11-27 10:04:05" (plus " GMT+8" with `zone`) in the given time zone. */
export function formatDateTime(iso: string | Date, opts: DateTimeOptions = {}): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  const timeZone = opts.timeZone ?? (opts.utc ? "UTC" : undefined);
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: opts.zone ? "shortOffset" : undefined,
  });
  const parts = Object.fromEntries(fmt.formatToParts(d).map((p) => [p.type, p.value]));
  const time = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}${opts.seconds === false ? "" : `:${parts.second}`}`;
  return opts.zone ? `${time} ${zoneName(parts.timeZoneName)}` : time;
}

/** The zone's name as dates print it, at instant `at`: "GMT+8", "UTC". */
export function formatZoneName(timeZone: string, at: number | Date = Date.now()): string {
  const offset = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "shortOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value;
  return zoneName(offset);
}

function zoneName(offset: string | undefined): string {
  return !offset || offset === "GMT" || offset === "GMT+0" ? "UTC" : offset;
}

const unitFormats = new Map<string, Intl.NumberFormat>();
function unit(locale: string, u: "day" | "hour" | "minute" | "second", n: number, fractionDigits = 0): string {
  const key = `${locale}|${u}|${fractionDigits}`;
  let f = unitFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: "unit", unit: u, unitDisplay: "narrow", minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
    unitFormats.set(key, f);
  }
  return f.format(n);
}

/** "3d 4h", "12m 5s", "42s" (zh-CN: "3天 4小时"): the two largest units of a duration. */
export function formatDuration(ms: number, locale = "en"): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const units: [number, "day" | "hour" | "minute" | "second"][] = [
    [Math.floor(s / 86_400), "day"],
    [Math.floor((s % 86_400) / 3600), "hour"],
    [Math.floor((s % 3600) / 60), "minute"],
    [s % 60, "second"],
  ];
  const first = units.findIndex(([v]) => v > 0);
  if (first === -1) return unit(locale, "second", 0);
  return units
    .slice(first, first + 2)
    .filter(([v], i) => i === 0 || v > 0)
    .map(([v, u]) => unit(locale, u, v))
    .join(" ");
}

/** A call's duration: "250 ms", "1.50 s", then minutes (zh-CN: "250 毫秒", "1.50 秒"). */
export function formatMs(ms: number, locale = "en"): string {
  const zh = locale.startsWith("zh");
  if (ms < 1000) return `${formatNumber(ms, locale)} ${zh ? "毫秒" : "ms"}`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} ${zh ? "秒" : "s"}`;
  return formatDuration(ms, locale);
}

export function formatNumber(n: number, locale = "en"): string {
  return n.toLocaleString(locale === "en" ? "en-US" : locale);
}

export function shortId(id: string): string {
  return id.slice(0, 8) + "…" + id.slice(-4);
}


/** The format helpers bound to one locale and time zone: the server's getFormat and the client's useFormat share them. */
export function boundFormat(locale: string, timeZone: string) {
  return {
    locale,
    timeZone,
    dateTime: (iso: string | Date, opts: Omit<DateTimeOptions, "timeZone" | "utc"> = {}) => formatDateTime(iso, { zone: true, ...opts, timeZone }),
    duration: (ms: number) => formatDuration(ms, locale),
    ms: (ms: number) => formatMs(ms, locale),
    number: (n: number) => formatNumber(n, locale),
  };
}
