import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "../env";

/**
 * Lets the one session that changed its own password carry on under the new session_version while the user's
 * other sessions end. next-auth's session update also takes data from the browser (POST /api/auth/session), so
 * the jwt callback moves a token forward only with this server-made proof, bound to the user and to both versions.
 */
export function sessionGrant(uid: string, from: number, to: number): string {
  return createHmac("sha256", env.auth.secret ?? "").update(`session-grant.${uid}.${from}.${to}`).digest("base64url");
}

export function isSessionGrant(value: unknown, uid: string, from: number, to: number): boolean {
  if (typeof value !== "string" || !env.auth.secret) return false;
  const want = Buffer.from(sessionGrant(uid, from, to));
  const got = Buffer.from(value);
  return got.length === want.length && timingSafeEqual(got, want);
}
