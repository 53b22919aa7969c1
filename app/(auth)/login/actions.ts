"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/auth";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { getAppContext } from "@/lib/context";
import { findUserByName } from "@/lib/users/find-user";

export type LoginState = { error?: string; username?: string; triesLeft?: number } | null;

/** From this many wrong passwords left, the form says how many remain before the lock. */
const warnFrom = 2;

function describe(code: string): string {
  if (code.startsWith("locked:")) {
    const minutes = Math.max(1, Math.ceil(Number(code.slice(7)) / 60));
    return `Too many wrong passwords: this account is locked for ${minutes} more minute${minutes === 1 ? "" : "s"}. Try again later or ask an admin.`;
  }
  if (code === "disabled") return "This account is disabled. Ask an admin to enable it.";
  const left = triesLeft(code);
  if (left !== undefined && left <= warnFrom) return `Wrong username or password. ${left} more wrong ${left === 1 ? "try locks" : "tries lock"} this account for a while.`;
  return "Wrong username or password.";
}

function triesLeft(code: string): number | undefined {
  const m = /^invalid:(\d+)$/.exec(code);
  return m ? Number(m[1]) : undefined;
}

export async function login(_prev: LoginState, formData: FormData): Promise<LoginState> {
  const username = String(formData.get("username") ?? "").trim();
  const password = String(formData.get("password") ?? "");
  if (!username || !password) return { error: "Enter your username and password.", username };
  try {
    // No redirect from next-auth: its absolute URLs can name another host than the browser used.
    await signIn("credentials", { username, password, redirect: false });
  } catch (err) {
    if (err instanceof CredentialsSignin) return { error: describe(err.code), username, triesLeft: triesLeft(err.code) };
    if (err instanceof AuthError) return { error: "Signing in is unavailable right now; try again shortly.", username };
    throw err;
  }
  // Straight to the password change when one is owed: a redirect chained behind this one would show that page
  // under the first page's URL.
  const user = await findUserByName(getAppContext().db, username);
  redirect(user?.mustChangePassword ? "/change-password" : safeCallbackPath(formData.get("callbackUrl")));
}
