"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button, LinkButton } from "@/components/ui/button";
import { DateTimeInput } from "@/components/ui/date-time-input";
import { Checkbox, FieldError, Input, Select } from "@/components/ui/form-controls";
import { formatLocalDateTime, parseLocalDateTime } from "@/components/ui/local-date-time";
import { taskStatuses } from "@/lib/tasks/lifecycle/statuses";
import type { TaskFilter } from "@/lib/tasks/task-filter";
import { tasksHref, type TasksView } from "./tasks-url";

// The URL keeps ISO UTC times; the fields show and take the browser's own zone.
const toLocalInput = (iso?: string) => (iso ? formatLocalDateTime(iso) : "");

/** The filter form; applying it navigates, so the filter lives in the URL and a view can be shared. */
export function TaskFilters({ view }: { view: TasksView }) {
  const router = useRouter();
  const t = useTranslations("tasks.filters");
  const statusName = useTranslations("status");
  const validation = useTranslations("validation.issues");
  const common = useTranslations("common");
  const f = view.filter;
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [wrong, setWrong] = useState<{ from?: boolean; to?: boolean }>({});
  // Local times are only known in the browser.
  useEffect(() => {
    setFrom(toLocalInput(f.from));
    setTo(toLocalInput(f.to));
  }, [f.from, f.to]);

  const submit = (form: FormData) => {
    const [fromAt, toAt] = [parseLocalDateTime(from), parseLocalDateTime(to)];
    // A time that is no time is said beside its field; the filter is not applied without it.
    setWrong({ from: fromAt === "invalid", to: toAt === "invalid" });
    if (fromAt === "invalid" || toAt === "invalid") return;
    const text = (k: string) => String(form.get(k) ?? "").trim() || undefined;
    const filter: TaskFilter = {
      status: text("status") as TaskFilter["status"],
      sourceApp: text("sourceApp"),
      targetApp: text("targetApp"),
      url: text("url"),
      id: text("id"),
      from: fromAt?.toISOString(),
      to: toAt?.toISOString(),
      failed: form.get("failed") ? "1" : undefined,
    };
    router.push(tasksHref({ ...view, filter }));
  };

  const label = "mb-1 block text-xs font-medium text-slate-600";
  return (
    <form
      role="search"
      aria-label={t("label")}
      className="mb-4 grid grid-cols-2 gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 md:grid-cols-4 xl:grid-cols-8"
      onSubmit={(e) => {
        e.preventDefault();
        submit(new FormData(e.currentTarget));
      }}
      // The form is rebuilt when the URL's filter changes (back/forward), so it always shows the active filter.
      key={JSON.stringify(f)}
    >
      <div>
        <label htmlFor="f-status" className={label}>{t("status")}</label>
        <Select id="f-status" name="status" defaultValue={f.status ?? ""} data-testid="filter-status">
          <option value="">{t("any")}</option>
          {taskStatuses.map((s) => (
            <option key={s} value={s}>{statusName(s)}</option>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor="f-source" className={label}>{t("sourceApp")}</label>
        <Input id="f-source" name="sourceApp" defaultValue={f.sourceApp ?? ""} placeholder={t("exactName")} />
      </div>
      <div>
        <label htmlFor="f-target" className={label}>{t("targetApp")}</label>
        <Input id="f-target" name="targetApp" defaultValue={f.targetApp ?? ""} placeholder={t("exactName")} />
      </div>
      <div className="col-span-2">
        <label htmlFor="f-url" className={label}>{t("url")}</label>
        <Input id="f-url" name="url" defaultValue={f.url ?? ""} placeholder={t("urlPlaceholder")} data-testid="filter-url" />
      </div>
      <div className="col-span-2 xl:col-span-3">
        <label htmlFor="f-id" className={label}>{t("id")}</label>
        <Input id="f-id" name="id" defaultValue={f.id ?? ""} placeholder="0192…" className="font-mono" />
      </div>
      <div className="col-span-1 xl:col-span-2">
        <label htmlFor="f-from" className={label}>{t("from")}</label>
        <DateTimeInput id="f-from" value={from} onChange={setFrom} pickLabel={common("pickDateTime")} data-testid="filter-from" aria-invalid={wrong.from || undefined} aria-describedby={wrong.from ? "f-from-error" : undefined} />
        {wrong.from && <FieldError id="f-from-error" className="mt-1">{validation("invalidDateTime")}</FieldError>}
      </div>
      <div className="col-span-1 xl:col-span-2">
        <label htmlFor="f-to" className={label}>{t("to")}</label>
        <DateTimeInput id="f-to" value={to} onChange={setTo} pickLabel={common("pickDateTime")} data-testid="filter-to" aria-invalid={wrong.to || undefined} aria-describedby={wrong.to ? "f-to-error" : undefined} />
        {wrong.to && <FieldError id="f-to-error" className="mt-1">{validation("invalidDateTime")}</FieldError>}
      </div>
      <div className="col-span-2 flex items-end md:col-span-2 xl:col-span-2">
        <label className="flex h-9 items-center gap-2 text-sm text-slate-700">
          <Checkbox name="failed" defaultChecked={f.failed === "1"} data-testid="filter-failed" />
          {t("failed")}
        </label>
      </div>
      <div className="col-span-2 flex items-end justify-end gap-2 md:col-span-4 xl:col-span-2">
        <LinkButton href="/tasks" variant="ghost">{t("clear")}</LinkButton>
        <Button type="submit" variant="primary" data-testid="filter-apply">{t("apply")}</Button>
      </div>
    </form>
  );
}
