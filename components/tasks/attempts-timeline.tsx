import { useLocale, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/empty-state";
import { formatMs, formatNumber } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import type { TaskDetail } from "@/lib/console/task-detail";
import { pageExcerptChars } from "@/lib/console/task-detail";

/** Every attempt, newest first: when, how long, what came back, and why it failed. */
export function AttemptsTimeline({ attempts, total }: { attempts: TaskDetail["attempts"]; total: number }) {
  const t = useTranslations("attempts");
  const tt = useTranslations("task");
  const locale = useLocale();
  if (attempts.length === 0) {
    return <EmptyState title={t("empty")}>{t("emptyBody")}</EmptyState>;
  }
  return (
    <ol className="relative space-y-4 border-l border-slate-200 pl-6" data-testid="attempts-timeline">
      {attempts.map((a, i) => (
        <li key={a.n} className="relative" data-testid="attempt" data-ok={a.ok ? "true" : "false"}>
          <span
            className={`absolute top-1.5 -left-[1.95rem] size-3 rounded-full ring-4 ring-white ${a.ok ? "bg-emerald-500" : "bg-rose-500"}`}
            aria-hidden="true"
          />
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            <span className="font-semibold text-slate-900">{t("attempt", { n: a.n })}</span>
            <Badge tone={a.ok ? "green" : "red"}>{a.ok ? t("succeeded") : t("failed")}</Badge>
            {a.statusCode !== null && <span className="font-mono text-xs text-slate-700">HTTP {a.statusCode}</span>}
            <span className="text-xs text-slate-500">
              <LocalTime iso={a.startedAt.toISOString()} /> · {formatMs(a.durationMs, locale)}
            </span>
          </div>
          {a.error && <p className="mt-1 text-sm text-rose-700" data-testid="attempt-error" data-i18n-exempt>
              {a.error}
            </p>}
          {a.url && (
            <p className="mt-1 min-w-0 text-xs text-slate-500 [overflow-wrap:anywhere]" data-testid="attempt-url">
              {tt("attemptUrl")}{" "}
              <span className="font-mono break-all text-slate-700" data-i18n-exempt>{a.url}</span>
            </p>
          )}
          {a.responseHeaders && Object.keys(a.responseHeaders).length > 0 && (
            <details className="mt-1.5">
              <summary className="cursor-pointer rounded text-xs text-slate-500 hover:text-slate-800">{tt("attemptHeaders")}</summary>
              <CodeBlock className="mt-1.5">{Object.entries(a.responseHeaders).map(([k, v]) => `${k}: ${v}`).join("\n")}</CodeBlock>
            </details>
          )}
          {a.excerpt ? (
            // The newest answer is what an operator on call reads first: open by default.
            <details className="mt-1.5" open={i === 0} data-testid="attempt-response">
              <summary className="cursor-pointer rounded text-xs text-slate-500 hover:text-slate-800">
                {t("response", { n: formatNumber(a.excerptLength ?? 0, locale) })}
              </summary>
              <CodeBlock className="mt-1.5">
                {a.excerpt}
                {(a.excerptLength ?? 0) > pageExcerptChars && `\n… ${t("cut")}`}
              </CodeBlock>
            </details>
          ) : (
            <p className="mt-1 text-xs text-slate-400">{t("noBody")}</p>
          )}
        </li>
      ))}
      {total > attempts.length && <li className="text-xs text-slate-500">{t("older", { n: total - attempts.length })}</li>}
    </ol>
  );
}
