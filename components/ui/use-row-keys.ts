"use client";

import { useEffect, type RefObject } from "react";
import { isShortcutEvent } from "@/components/layout/typing-target";

/**
 * "j" and "k" move the focus down and up a table's rows (onto each row's link, so Enter opens it, as a click
 * would); "x" ticks the focused row's checkbox, where it has one. The row shows its focus (focus-within).
 */
export function useRowKeys(container: RefObject<HTMLElement | null>, linkSelector: string) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const root = container.current;
      if (!root || !isShortcutEvent(e) || !["j", "k", "x"].includes(e.key)) return;
      const links = [...root.querySelectorAll<HTMLElement>(linkSelector)].filter((el) => el.offsetParent !== null);
      if (links.length === 0) return;
      const at = links.findIndex((el) => el.closest("tr")?.contains(document.activeElement));
      e.preventDefault();
      if (e.key === "x") {
        links[at]?.closest("tr")?.querySelector<HTMLInputElement>("input[type=checkbox]:not(:disabled)")?.click();
        return;
      }
      const next = at === -1 ? 0 : Math.min(links.length - 1, Math.max(0, at + (e.key === "j" ? 1 : -1)));
      links[next]!.focus();
      links[next]!.scrollIntoView({ block: "nearest" });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [container, linkSelector]);
}
