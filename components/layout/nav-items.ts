import type { Role } from "@/lib/db/schema/users";

export interface NavItem {
  href: string;
  /** Catalogue key under "nav" (messages/*.json). */
  label: string;
  /** The lowest role that sees the link (the page checks again on the server). */
  role: Role;
  icon: "overview" | "tasks" | "pending" | "hosts" | "audit" | "channels" | "alerts" | "users" | "clients" | "account" | "retention";
}

export const navSections: { /** Catalogue key under "nav". */ title?: string; items: NavItem[] }[] = [
  {
    items: [
      { href: "/overview", label: "overview", role: "viewer", icon: "overview" },
      { href: "/tasks", label: "tasks", role: "viewer", icon: "tasks" },
      { href: "/pending", label: "pending", role: "viewer", icon: "pending" },
      { href: "/attempts", label: "attempts", role: "viewer", icon: "audit" },
      { href: "/hosts", label: "hosts", role: "viewer", icon: "hosts" },
    ],
  },
  {
    title: "alertsSection",
    items: [
      { href: "/channels", label: "channels", role: "viewer", icon: "channels" },
      { href: "/alerts", label: "alerts", role: "viewer", icon: "alerts" },
    ],
  },
  {
    title: "adminSection",
    items: [
      { href: "/audit", label: "audit", role: "viewer", icon: "audit" },
      { href: "/retention", label: "retention", role: "viewer", icon: "retention" },
      { href: "/users", label: "users", role: "admin", icon: "users" },
      { href: "/clients", label: "clients", role: "admin", icon: "clients" },
    ],
  },
];
