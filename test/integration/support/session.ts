import { createUser } from "@/lib/users/create-user";
import { testDb } from "./db";
import { baseUrl } from "./api";

let seq = 0;

/** A console user made directly in MySQL, ready to sign in (no password change owed). */
export async function newUser(role: "admin" | "operator" | "viewer" = "viewer", prefix = "u") {
  const username = `${prefix}${process.pid}x${Date.now().toString(36)}x${seq++}`;
  const password = `pw-${username}-0123456789`;
  const id = await createUser(testDb.db, { username, password, role, actor: "system", mustChangePassword: false });
  return { id, username, password };
}

/** The cookies a response sets, as one Cookie header. */
function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
}

/**
 * Signs in through Auth.js's own credentials endpoint, as the login form's server action does: the CSRF token,
 * then the callback. Returns the session cookie on success, and Auth.js's error code (e.g. `locked:900`) if not.
 */
export async function signIn(username: string, password: string, headers: Record<string, string> = {}, base = baseUrl()) {
  const csrfRes = await fetch(`${base}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, cookie: cookiesOf(csrfRes), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: "/overview" }),
  });
  const location = res.headers.get("location") ?? "";
  const session = res.headers.getSetCookie().find((c) => c.includes("session-token="));
  const code = new URL(location, base).searchParams.get("code");
  return { ok: !!session && !location.includes("error="), cookie: session ? session.split(";")[0]! : "", code, location };
}

/** A console API call with a session cookie. */
export async function withCookie(cookie: string, path: string, init: RequestInit = {}) {
  return fetch(`${baseUrl()}${path}`, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), cookie } });
}
