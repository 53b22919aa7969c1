import type { Role } from "../db/schema/users";
import { ApiError } from "../errors";
import { requireUser } from "../auth/require-user";
import type { SessionUser } from "../auth/session-user";
import { apiHandler, type RouteContext } from "./api-handler";

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Wraps a console route handler: the session must belong to an enabled user holding `role` (viewer by
 * default), and a state-changing request must come from this site (the session cookie is sent cross-site on
 * some navigations, so the Origin check closes CSRF for good).
 */
export function withSession<P = Record<string, string>>(
  fn: (req: Request, ctx: RouteContext<P> & { user: SessionUser }) => Promise<Response>,
  opts: { role?: Role } = {},
) {
  return apiHandler<P>(async (req, ctx) => {
    if (unsafeMethods.has(req.method)) assertSameOrigin(req);
    const user = await requireUser(opts.role ?? "viewer");
    return fn(req, { ...ctx, user });
  });
}

function assertSameOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  if (!origin) return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = "";
  }
  if (originHost !== host) throw new ApiError("forbidden", "Cross-site requests are not accepted.");
}
