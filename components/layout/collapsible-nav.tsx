"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { cn } from "@/components/ui/cn";

/**
 * The sidebar's navigation and account block: always shown from the md breakpoint up; on a phone folded behind a
 * Menu button, closed again by Esc or by following a link.
 */
export function CollapsibleNav({ label, closeLabel, children }: { label: string; closeLabel: string; children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  // Following a link closes the menu (state derived from the route, not an effect).
  const [seenPath, setSeenPath] = useState(pathname);
  if (seenPath !== pathname) {
    setSeenPath(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <>
      <button
        type="button"
        className="mx-4 my-2 rounded-md px-3 py-1.5 text-left text-sm font-medium text-slate-700 ring-1 ring-slate-200 md:hidden"
        aria-expanded={open}
        aria-controls="console-nav"
        data-testid="menu-button"
        onClick={() => setOpen((o) => !o)}
      >
        {open ? closeLabel : label}
      </button>
      <div id="console-nav" className={cn("min-h-0 flex-1 flex-col", open ? "flex" : "hidden md:flex")}>
        {children}
      </div>
    </>
  );
}
