// The console's languages and how one is chosen for a request. Pure: proxy-free, DB-free, unit-tested.
export const locales = ["en", "zh-CN"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";

/** Remembers the language chosen before sign-in (the login page) and after it, for the next sign-in. */
export const localeCookie = "bida-locale";
/** The browser's IANA time zone, written by components/layout/time-zone-sync.tsx so the server renders times in it. */
export const timeZoneCookie = "bida-tz";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** zh, zh-CN, zh-Hans, zh-TW… → zh-CN (the one Chinese catalogue); anything else → en. Honours q-values. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return defaultLocale;
  const ranges = header
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((r) => r.tag && r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranges) {
    if (tag === "zh" || tag.startsWith("zh-")) return "zh-CN";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return defaultLocale;
}

/** The user's saved choice, else the cookie (set before sign-in), else the browser's Accept-Language. */
export function chooseLocale(input: { saved?: string | null; cookie?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.saved)) return input.saved;
  if (isLocale(input.cookie)) return input.cookie;
  return localeFromAcceptLanguage(input.acceptLanguage);
}

/** A time zone name the runtime knows (the cookie is the browser's word, so it is checked before use). */
export function validTimeZone(tz: string | null | undefined): string | undefined {
  if (!tz || tz.length > 64) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}
