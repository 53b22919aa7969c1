"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { hasRole } from "@/lib/auth/roles";
import type { Role } from "@/lib/db/schema/users";
import { NavIcon } from "./nav-icon";
import { navSections } from "./nav-items";

export function SidebarNav({ role }: { role: Role }) {
  const pathname = usePathname();
  const t = useTranslations("nav");
  return (
    <nav aria-label={t("label")} className="flex-1 space-y-5 overflow-y-auto px-3 py-4">
      {navSections.map((section, i) => {
        const items = section.items.filter((item) => hasRole(role, item.role));
        if (items.length === 0) return null;
        return (
          <div key={section.title ?? i}>
            {section.title && <p className="mb-1 px-2 text-[11px] font-semibold tracking-wider text-slate-400 uppercase">{t(section.title)}</p>}
            <ul className="space-y-0.5">
              {items.map((item) => {
                const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
                return (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      aria-current={active ? "page" : undefined}
                      className={cn(
                        "flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm font-medium",
                        active ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                      )}
                    >
                      <NavIcon name={item.icon} />
                      {t(item.label)}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
