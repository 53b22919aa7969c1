"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Notice } from "@/components/ui/notice";
import { ProgressBar } from "@/components/ui/progress-bar";
import { useErrorText } from "@/components/ui/use-error-text";
import { useFormat } from "@/components/ui/use-format";
import type { BulkJobView } from "@/lib/console/bulk-job-view";
import { useBulkActionText } from "./bulk-toolbar";
import { taskActions, type TaskAction } from "@/lib/tasks/lifecycle/actions";
import { consoleFetch } from "./console-api";

/** Follows a bulk job until it ends (polling its progress), then reloads the board once. */
export function BulkJobPanel({ jobId, closeHref }: { jobId: string; closeHref: string }) {
  const router = useRouter();
  const t = useTranslations("tasks.bulk");
  const bulkActionText = useBulkActionText();
  const errorText = useErrorText();
  const { number: formatNumber } = useFormat();
  const [job, setJob] = useState<BulkJobView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const res = await consoleFetch<BulkJobView>(`/api/console/bulk-jobs/${encodeURIComponent(jobId)}`);
      if (stop) return;
      if (!res.ok) {
        setError(errorText(res));
        if (res.status === 404) return;
      } else {
        setError(null);
        setJob(res.data);
        if (res.data.state === "completed" || res.data.state === "failed") {
          router.refresh();
          return;
        }
      }
      timer = setTimeout(poll, 700);
    };
    void poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [jobId, router, errorText]);

  const p = job?.progress;
  const done = job?.state === "completed";
  const known = job && (taskActions as readonly string[]).includes(job.action);
  const label = job ? t("allMatching", { action: known ? bulkActionText(job.action as TaskAction).label : job.action }) : t("jobLabel");
  return (
    <section className="mb-4 rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200" data-testid="bulk-job" data-state={job?.state ?? "loading"} aria-live="polite">
      <div className="flex items-center justify-between gap-3">
        <h2 className="text-sm font-semibold text-slate-900">
          {label} <span className="font-mono text-xs font-normal text-slate-500">
            · {t("job")} <span data-i18n-exempt>{jobId.slice(0, 8)}</span>
          </span>
        </h2>
        <Link href={closeHref} className="rounded text-xs text-slate-500 hover:text-slate-900">
          {t("close")}
        </Link>
      </div>
      {error && <Notice tone="error" className="mt-2">{error}</Notice>}
      {job?.state === "failed" && <Notice tone="error" className="mt-2">
          {t("jobFailed")} <span data-i18n-exempt>{job.error}</span>
        </Notice>}
      <ProgressBar className="mt-3" label={label} value={p?.processed ?? 0} max={Math.max(1, p?.total ?? 1)} />
      <p className="mt-2 text-xs text-slate-600" data-testid="bulk-job-progress">
        {!job || job.state === "waiting" || job.state === "delayed"
          ? t("waiting")
          : p
            ? (done ? t("done") : "") + t("progress", { processed: formatNumber(p.processed), total: formatNumber(p.total), changed: formatNumber(p.changed), skipped: formatNumber(p.skipped) })
            : t("counting")}
      </p>
    </section>
  );
}
