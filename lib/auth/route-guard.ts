/** Pages reachable without a session. */
const publicPages = ["/login"];
/** Pages reachable while a password change is still owed. */
const passwordChangePages = ["/change-password"];

/**
 * Where the proxy sends a page request, or null to let it through. Only a fast first check: every page, route
 * handler and server action checks the session and role again against the database.
 */
export function guardRoute(url: URL, session: { mustChangePassword: boolean } | null): URL | null {
  const path = url.pathname;
  if (publicPages.includes(path)) return session ? new URL("/", url) : null;
  if (!session) {
    const login = new URL("/login", url);
    if (path !== "/") login.searchParams.set("callbackUrl", path + url.search);
    return login;
  }
  if (session.mustChangePassword && !passwordChangePages.includes(path)) return new URL("/change-password", url);
  return null;
}
