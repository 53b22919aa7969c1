import type { Role } from "@/lib/db/schema/users";

export interface NavItem {
  href: string;
  label: string;
  /** The lowest role that sees the link (the page checks again on the server). */
  role: Role;
  icon: "overview" | "tasks" | "pending" | "hosts" | "audit" | "channels" | "alerts" | "users" | "clients" | "account" | "retention";
}

export const navSections: { title?: string; items: NavItem[] }[] = [
  {
    items: [
      { href: "/overview", label: "Overview", role: "viewer", icon: "overview" },
      { href: "/tasks", label: "Tasks", role: "viewer", icon: "tasks" },
      { href: "/pending", label: "Pending retries", role: "viewer", icon: "pending" },
      { href: "/hosts", label: "Target hosts", role: "viewer", icon: "hosts" },
    ],
  },
  {
    title: "Alerts",
    items: [
      { href: "/channels", label: "Alert channels", role: "viewer", icon: "channels" },
      { href: "/alerts", label: "Alert log", role: "viewer", icon: "alerts" },
    ],
  },
  {
    title: "Administration",
    items: [
      { href: "/audit", label: "Audit log", role: "viewer", icon: "audit" },
      { href: "/retention", label: "Data retention", role: "viewer", icon: "retention" },
      { href: "/users", label: "Users", role: "admin", icon: "users" },
      { href: "/clients", label: "API clients", role: "admin", icon: "clients" },
    ],
  },
];
