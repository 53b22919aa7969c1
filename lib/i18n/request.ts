import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getSessionUser } from "../auth/session-user";
import { chooseLocale, localeCookie, type Locale } from "./locales";
import { loadMessages } from "./messages";
import { viewerTimeZone } from "./viewer-time-zone";

// next-intl's per-request configuration (wired in next.config.mjs), without locale routing: URLs carry no
// locale; the signed-in user's saved language wins, then the cookie, then Accept-Language.
export default getRequestConfig(async () => {
  const [cookieStore, headerStore, user, timeZone] = await Promise.all([cookies(), headers(), getSessionUser().catch(() => null), viewerTimeZone()]);
  const locale: Locale = chooseLocale({
    saved: user?.locale,
    cookie: cookieStore.get(localeCookie)?.value,
    acceptLanguage: headerStore.get("accept-language"),
  });
  return {
    locale,
    messages: await loadMessages(locale),
    // Server and browser render times in the same zone (the browser's, once it has told us), so they agree.
    timeZone,
  };
});
