"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { formatNumber } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { BulkJobView } from "@/lib/console/bulk-job-view";
import { bulkActionText } from "./bulk-toolbar";
import { consoleFetch } from "./console-api";

/** Follows a bulk job until it ends (polling its progress), then reloads the board once. */
export function BulkJobPanel({ jobId, closeHref }: { jobId: string; closeHref: string }) {
  const router = useRouter();
  const [job, setJob] = useState<BulkJobView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const res = await consoleFetch<BulkJobView>(`/api/console/bulk-jobs/${encodeURIComponent(jobId)}`);
      if (stop) return;
      if (!res.ok) {
        setError(res.message);
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
  }, [jobId, router]);

  const p = job?.progress;
  const done = job?.state === "completed";
  const label = job ? `${bulkActionText[job.action as keyof typeof bulkActionText]?.label ?? job.action} all matching` : "Bulk action";
  return (
    <section className="mb-4 rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200" data-testid="bulk-job" data-state={job?.state ?? "loading"} aria-live="polite">
      <div className="flex items-center justify-between gap-3">
        <h2 className="text-sm font-semibold text-slate-900">
          {label} <span className="font-mono text-xs font-normal text-slate-500">· job {jobId.slice(0, 8)}</span>
        </h2>
        <Link href={closeHref} className="rounded text-xs text-slate-500 hover:text-slate-900">
          Close
        </Link>
      </div>
      {error && <Notice tone="error" className="mt-2">{error}</Notice>}
      {job?.state === "failed" && <Notice tone="error" className="mt-2">The job failed: {job.error}</Notice>}
      <ProgressBar className="mt-3" label={label} value={p?.processed ?? 0} max={Math.max(1, p?.total ?? 1)} />
      <p className="mt-2 text-xs text-slate-600" data-testid="bulk-job-progress">
        {!job || job.state === "waiting" || job.state === "delayed"
          ? "Waiting for a worker…"
          : p
            ? `${done ? "Done: " : ""}${formatNumber(p.processed)} of ${formatNumber(p.total)} processed · ${formatNumber(p.changed)} changed · ${formatNumber(p.skipped)} skipped`
            : "Counting matching tasks…"}
      </p>
    </section>
  );
}
