import NextAuth from "next-auth";
import { authConfig } from "./lib/auth/auth.config";

// Fast redirects only (to the login, or to the owed password change); every page, route handler and server
// action checks the session and role again against the database.
const { auth } = NextAuth(authConfig);
export const proxy = auth;

export const config = {
  // API routes answer 401/403 themselves, in the API's error shape, instead of redirecting.
  matcher: ["/((?!api/|_next/|favicon.ico|.*\\.(?:png|svg|ico|txt)$).*)"],
};
