"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { isShortcutEvent } from "./typing-target";

// "g" then a letter: where an operator goes most (the sidebar's order); the page's name is "shortcuts.pages.<name>".
const destinations = { o: "overview", t: "tasks", p: "pending", a: "attempts", h: "hosts", l: "alerts" } as const;
type Letter = keyof typeof destinations;

/** The console-wide keys: "?" lists every shortcut, "g" + a letter goes to a page, "r" reloads the page's data. */
export function KeyboardShortcuts() {
  const t = useTranslations("shortcuts");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  // When "g" was pressed: the next letter within a second is a destination.
  const goAt = useRef(0);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isShortcutEvent(e)) return;
      if (e.key === "?") {
        e.preventDefault();
        setOpen(true);
      } else if (e.key === "g") {
        goAt.current = Date.now();
      } else if (Date.now() - goAt.current < 1_000 && e.key in destinations) {
        goAt.current = 0;
        e.preventDefault();
        router.push(`/${destinations[e.key as Letter]}`);
      } else if (e.key === "r") {
        // The page's server data again, without losing the scroll position or a half-typed filter.
        e.preventDefault();
        router.refresh();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router]);

  const rows: [string, string][] = [
    ["?", t("help")],
    ["/", t("search")],
    ...(Object.keys(destinations) as Letter[]).map((k): [string, string] => [`g ${k}`, t("goTo", { page: t(`pages.${destinations[k]}`) })]),
    ["j / k", t("nextPrevious")],
    ["Enter", t("open")],
    ["x", t("select")],
    ["r", t("refresh")],
    ["Esc", t("close")],
  ];
  return (
    <Dialog
      open={open}
      onClose={() => setOpen(false)}
      title={t("title")}
      testId="shortcuts-dialog"
      footer={<Button onClick={() => setOpen(false)}>{t("closeButton")}</Button>}
    >
      <table className="w-full text-sm">
        <tbody>
          {rows.map(([keys, what]) => (
            <tr key={keys} className="border-t border-slate-100 first:border-t-0">
              <td className="py-1.5 pr-4 whitespace-nowrap">
                {keys.split(" ").map((k, i) =>
                  k === "/" && keys !== "/" ? (
                    <span key={i} className="mx-1 text-slate-400">/</span>
                  ) : (
                    <kbd key={i} className="mr-1 rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-700" data-i18n-exempt>
                      {k}
                    </kbd>
                  ),
                )}
              </td>
              <td className="py-1.5 text-slate-700">{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
