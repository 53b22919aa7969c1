import { cache } from "react";
import type { Role } from "../db/schema/users";
import { getAppContext } from "../context";
import { findUserById } from "../users/find-user";
import { env } from "../env";
import { auth } from "./auth";

export interface SessionUser {
  id: number;
  username: string;
  role: Role;
  mustChangePassword: boolean;
  /** users.session_version this session was issued under (still the current one). */
  sessionVersion: number;
  /** The audit log's actor string. */
  actor: string;
  /** The console language the user chose (users.locale); null follows the browser. */
  locale: string | null;
  /** When this session ends (ISO): sessionMaxAgeS after signing in, however active the user is. */
  sessionEndsAt: string | null;
}

/**
 * The signed-in user as the database sees them now, once per request: a disabled account or a changed role
 * takes effect at once, not when the 8-hour token runs out.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  const user = await findUserById(getAppContext().db, id);
  if (!user || user.disabled) return null;
  // Disabling, a role change or a password change raised the version: sessions issued before it are over.
  if (user.sessionVersion !== (session?.user?.sessionVersion ?? 0)) return null;
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
    sessionVersion: user.sessionVersion,
    actor: `user:${user.username}`,
    locale: user.locale,
    sessionEndsAt: session?.user?.loginAt ? new Date(session.user.loginAt + env.auth.sessionMaxAgeS * 1000).toISOString() : null,
  };
});
