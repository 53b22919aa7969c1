"use server";

import { cookies } from "next/headers";
import { getSessionUser } from "../auth/session-user";
import { getAppContext } from "../context";
import { setUserLocale } from "../users/set-user-locale";
import { isLocale, localeCookie } from "./locales";

const YEAR_S = 365 * 24 * 3600;

/**
 * The language switch: saved with the signed-in user (it follows them to any browser) and in a cookie (so the
 * login page after sign-out, or before sign-in, speaks it too). An unknown value is ignored.
 */
export async function setLocaleAction(locale: string): Promise<void> {
  if (!isLocale(locale)) return;
  const user = await getSessionUser();
  if (user) await setUserLocale(getAppContext().db, { id: user.id, locale });
  (await cookies()).set(localeCookie, locale, { path: "/", sameSite: "lax", httpOnly: true, maxAge: YEAR_S });
}
