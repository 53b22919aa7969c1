"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { signIn } from "@/lib/auth/auth";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { getAppContext } from "@/lib/context";
import { findUserByName } from "@/lib/users/find-user";

export type LoginState = { error?: string; username?: string; triesLeft?: number } | null;

/** From this many wrong passwords left, the form says how many remain before the lock. */
const warnFrom = 2;

type Translate = Awaited<ReturnType<typeof getTranslations<"login">>>;

function describe(t: Translate, code: string): string {
  if (code.startsWith("locked:")) {
    const minutes = Math.max(1, Math.ceil(Number(code.slice(7)) / 60));
    return t("locked", { minutes });
  }
  if (code === "disabled") return t("disabled");
  const left = triesLeft(code);
  if (left !== undefined && left <= warnFrom) return t("wrongTriesLeft", { left });
  return t("wrong");
}

function triesLeft(code: string): number | undefined {
  const m = /^invalid:(\d+)$/.exec(code);
  return m ? Number(m[1]) : undefined;
}

export async function login(_prev: LoginState, formData: FormData): Promise<LoginState> {
  const username = String(formData.get("username") ?? "").trim();
  const password = String(formData.get("password") ?? "");
  const t = await getTranslations("login");
  if (!username || !password) return { error: t("missing"), username };
  try {
    // No redirect from next-auth: its absolute URLs can name another host than the browser used.
    await signIn("credentials", { username, password, redirect: false });
  } catch (err) {
    if (err instanceof CredentialsSignin) return { error: describe(t, err.code), username, triesLeft: triesLeft(err.code) };
    if (err instanceof AuthError) return { error: t("unavailable"), username };
    throw err;
  }
  // Straight to the password change when one is owed: a redirect chained behind this one would show that page
  // under the first page's URL.
  const user = await findUserByName(getAppContext().db, username);
  redirect(user?.mustChangePassword ? "/change-password" : safeCallbackPath(formData.get("callbackUrl")));
}
