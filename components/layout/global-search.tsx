"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { consoleFetch } from "@/components/tasks/console-api";
import { shortId } from "@/components/ui/format";
import type { SearchHit } from "@/lib/console/global-search";
import { isShortcutEvent } from "./typing-target";

type Result = { tasks: SearchHit[]; apps: { kind: "sourceApp" | "targetApp"; name: string }[] };

/**
 * The console's search box (focus it with "/"): a task id in any form shown, a kkbida id, a piece of a URL, an app
 * name (lib/console/global-search.ts). Enter opens the first task found; Esc closes the list.
 */
export function GlobalSearch() {
  const t = useTranslations("search");
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState("");
  const [result, setResult] = useState<Result | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "/" && isShortcutEvent(e)) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    const text = q.trim();
    if (text.length < 2) return;
    // Waits for a pause in typing: each search reads indexes and up to a few thousand rows.
    const timer = setTimeout(async () => {
      const res = await consoleFetch<Result>(`/api/console/search?q=${encodeURIComponent(text)}`);
      if (res.ok) {
        setResult(res.data);
        setOpen(true);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);

  const first = result?.tasks[0];
  const shown = q.trim().length >= 2 && open && result;
  return (
    <div className="relative px-3 pt-3" role="search">
      <label htmlFor="global-search" className="sr-only">{t("label")}</label>
      <input
        ref={input}
        id="global-search"
        type="search"
        value={q}
        placeholder={t("placeholder")}
        autoComplete="off"
        data-testid="global-search"
        className="w-full rounded-md border border-slate-300 bg-white py-1.5 pr-8 pl-2.5 text-sm shadow-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200 focus:outline-none"
        onChange={(e) => {
          setQ(e.target.value);
          if (e.target.value.trim().length < 2) setResult(null);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            setOpen(false);
            input.current?.blur();
          } else if (e.key === "Enter" && first) {
            setOpen(false);
            router.push(`/tasks/${first.id}`);
          }
        }}
      />
      {/* The key that focuses this box, inside it: the placeholder stays short enough for the sidebar in any language. */}
      {q === "" && (
        <kbd aria-hidden className="pointer-events-none absolute top-[calc(0.75rem+0.4rem)] right-5 rounded border border-slate-200 bg-slate-50 px-1.5 font-mono text-xs leading-5 text-slate-500">/</kbd>
      )}
      {shown && (
        <div id="global-search-results" className="absolute right-3 left-3 z-30 mt-1 max-h-96 overflow-y-auto rounded-md bg-white text-sm shadow-lg ring-1 ring-slate-200" data-testid="search-results">
          {result.tasks.length === 0 && result.apps.length === 0 && <p className="px-3 py-2 text-slate-500">{t("nothing")}</p>}
          <ul>
            {result.tasks.map((hit) => (
              <li key={hit.id}>
                <Link href={`/tasks/${hit.id}`} onClick={() => setOpen(false)} className="block px-3 py-1.5 hover:bg-slate-50" data-testid="search-hit">
                  <span className="font-mono text-xs text-indigo-700" data-i18n-exempt>{shortId(hit.id)}</span>
                  <span className="ml-2 text-xs text-slate-500">{t(`matched.${hit.matched}`)}</span>
                  <span className="block truncate font-mono text-xs text-slate-600" data-i18n-exempt title={hit.url}>{hit.url}</span>
                </Link>
              </li>
            ))}
            {result.apps.map((a) => (
              <li key={`${a.kind}:${a.name}`}>
                <Link href={`/tasks?${a.kind}=${encodeURIComponent(a.name)}`} onClick={() => setOpen(false)} className="block px-3 py-1.5 hover:bg-slate-50">
                  <span className="text-xs text-slate-500">{t(`app.${a.kind}`)}</span> <span className="font-mono text-xs" data-i18n-exempt>{a.name}</span>
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
