import { redirect } from "next/navigation";
import type { Role } from "../db/schema/users";
import { ApiError } from "../errors";
import { hasRole } from "./roles";
import { getSessionUser, type SessionUser } from "./session-user";

/** For pages: sends the visitor to the login or the password change; the page checks roles itself. */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/change-password");
  return user;
}

/** For route handlers and server actions: throws the API's 401/403 errors. */
export async function requireUser(role: Role = "viewer"): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new ApiError("unauthorized", "Sign in to continue.");
  if (user.mustChangePassword) throw new ApiError("forbidden", "Change your password before doing anything else.");
  if (!hasRole(user.role, role)) throw new ApiError("forbidden", `This needs the ${role} role; you are ${user.role === "admin" ? "an" : "a"} ${user.role}.`);
  return user;
}
