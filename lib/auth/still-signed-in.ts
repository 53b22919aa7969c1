import { getAppContext } from "../context";
import { findUserById } from "../users/find-user";
import type { SessionUser } from "./session-user";

/** For long-lived answers (event streams): whether the session they were opened under is still valid. */
export async function stillSignedIn(user: Pick<SessionUser, "id" | "sessionVersion">): Promise<boolean> {
  const now = await findUserById(getAppContext().db, user.id);
  return !!now && !now.disabled && now.sessionVersion === user.sessionVersion;
}
