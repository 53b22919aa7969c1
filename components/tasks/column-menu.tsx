"use client";

import { useTranslations } from "next-intl";
import type { Column } from "@tanstack/react-table";
import { buttonClass } from "@/components/ui/button";
import type { TaskRow } from "@/lib/console/task-row";
import { ColumnLabel, type taskTableFeatures } from "./task-columns";

/** A disclosure listing the hideable columns, each a labelled checkbox (keyboard and screen-reader friendly). */
export function ColumnMenu({ columns }: { columns: Column<typeof taskTableFeatures, TaskRow, unknown>[] }) {
  const t = useTranslations("tasks");
  return (
    <details className="relative" data-testid="column-menu">
      <summary className={buttonClass("secondary", "sm", "cursor-pointer list-none [&::-webkit-details-marker]:hidden")}>{t("columnsMenu")}</summary>
      <div className="absolute right-0 z-20 mt-1 w-52 rounded-md bg-white p-2 shadow-lg ring-1 ring-slate-200">
        <fieldset>
          <legend className="px-1 pb-1 text-xs font-semibold text-slate-500">{t("showColumns")}</legend>
          {columns
            .filter((c) => c.getCanHide())
            .map((c) => (
              <label key={c.id} className="flex cursor-pointer items-center gap-2 rounded px-1 py-1 text-sm hover:bg-slate-50">
                <input type="checkbox" className="size-4 accent-indigo-600" checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} />
                <ColumnLabel id={c.id} />
              </label>
            ))}
        </fieldset>
      </div>
    </details>
  );
}
