import { getLocale, getTimeZone } from "next-intl/server";
import { boundFormat } from "./format";

/** The format helpers bound to the viewer's locale and time zone (async server components). */
export async function getFormat() {
  const [locale, timeZone] = await Promise.all([getLocale(), getTimeZone()]);
  return boundFormat(locale, timeZone);
}
