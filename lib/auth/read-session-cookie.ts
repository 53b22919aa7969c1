import { decode } from "next-auth/jwt";
import { env } from "../env";

// Auth.js names the cookie by scheme; both are tried, since a TLS proxy may stand in front of plain HTTP.
const cookieNames = ["__Secure-authjs.session-token", "authjs.session-token"];

/**
 * The session as the proxy sees it: the JWT cookie decrypted and its absolute lifetime checked, without
 * writing anything back. (Auth.js's own proxy wrapper re-issues the cookie on every request; a response
 * racing a logout could then sign the user back in.)
 */
export async function readSessionCookie(cookies: { get(name: string): { value: string } | undefined }): Promise<{ mustChangePassword: boolean } | null> {
  if (!env.auth.secret) return null;
  for (const name of cookieNames) {
    const raw = cookies.get(name)?.value;
    if (!raw) continue;
    const token = await decode({ token: raw, secret: env.auth.secret, salt: name }).catch(() => null);
    if (!token?.uid || !token.loginAt || Date.now() - token.loginAt > env.auth.sessionMaxAgeS * 1000) return null;
    return { mustChangePassword: token.mustChangePassword ?? false };
  }
  return null;
}
