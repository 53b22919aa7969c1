import type { Role } from "../db/schema/users";

// Each role includes the powers of those below it: viewer reads, operator also acts on tasks and alert
// channels, admin also manages users and API clients.
const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function hasRole(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

export const roleLabels: Record<Role, string> = {
  admin: "Admin",
  operator: "Operator",
  viewer: "Viewer",
};
