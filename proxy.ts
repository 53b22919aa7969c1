import { NextResponse, type NextRequest } from "next/server";
import { readSessionCookie } from "./lib/auth/read-session-cookie";
import { guardRoute } from "./lib/auth/route-guard";

// Fast redirects only (to the login, or to an owed password change); every page, route handler and server
// action checks the session and role again against the database.
export async function proxy(req: NextRequest) {
  const to = guardRoute(req.nextUrl, await readSessionCookie(req.cookies));
  return to ? NextResponse.redirect(to) : NextResponse.next();
}

export const config = {
  // API routes answer 401/403 themselves, in the API's error shape, instead of redirecting.
  matcher: ["/((?!api/|_next/|favicon.ico|.*\\.(?:png|svg|ico|txt)$).*)"],
};
