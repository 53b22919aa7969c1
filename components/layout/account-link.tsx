"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

/** The sidebar's link to the user's own page, marked as the current page there like the navigation's links. */
export function AccountLink({ children }: { children: React.ReactNode }) {
  const active = usePathname() === "/account";
  return (
    <Link
      href="/account"
      aria-current={active ? "page" : undefined}
      className={cn("inline-block rounded text-xs", active ? "font-medium text-indigo-700" : "text-slate-500 hover:text-slate-800")}
      data-testid="account-link"
    >
      {children}
    </Link>
  );
}
