import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { AttemptsTimeline } from "@/components/tasks/attempts-timeline";
import { Countdown } from "@/components/tasks/countdown";
import { ReplayButton } from "@/components/tasks/replay-button";
import { TaskActions } from "@/components/tasks/task-actions";
import { TaskLiveStatus } from "@/components/tasks/task-live-refresh";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CodeBlock, prettyJson } from "@/components/ui/code-block";
import { DescriptionList } from "@/components/ui/description-list";
import { getFormat } from "@/components/ui/get-format";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { getTaskDetail } from "@/lib/console/task-detail";
import { getAppContext } from "@/lib/context";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { pageTitle } from "@/lib/i18n/page-title";
import { isActive } from "@/lib/tasks/lifecycle/statuses";

export const generateMetadata = pageTitle("task");

const iso = (d: Date | null) => d?.toISOString() ?? null;


export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  const detail = await getTaskDetail(getAppContext(), id.toLowerCase(), { revealParams: hasRole(user.role, "operator") }).catch((err: unknown) => {
    if (err instanceof ApiError && err.code === "not_found") notFound();
    throw err;
  });
  const { task } = detail;
  const retry = task.retry ?? { strategy: "exponential", delayMs: env.delivery.retryBaseMs, maxDelayMs: env.delivery.retryMaxMs };
  const pending = task.status === "running" || isActive(task.status);
  const t = await getTranslations("task");
  const replay = await getTranslations("replay");
  const audit = await getTranslations("audit.actions");
  const f = await getFormat();
  const mono = (s: string | null) => (s === null ? null : <span data-i18n-exempt>{s}</span>);

  return (
    <>
      <nav aria-label={t("breadcrumb")} className="mb-2 text-sm text-slate-500">
        <Link href="/tasks" className="rounded hover:text-slate-800">{t("tasks")}</Link> <span aria-hidden="true">/</span> <span className="font-mono" data-i18n-exempt>{task.id}</span>
      </nav>
      <div className="mb-5 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex items-center gap-3">
            <h1 className="text-xl font-semibold tracking-tight text-slate-900">{t("title")}</h1>
            <span data-testid="task-status">
              <TaskLiveStatus id={task.id} status={task.status} />
            </span>
          </div>
          <p className="mt-1 max-w-3xl truncate font-mono text-sm text-slate-600" title={task.url} data-i18n-exempt>
            <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-semibold">{task.method}</span>
            {task.url}
          </p>
        </div>
        {hasRole(user.role, "operator") ? (
          <div className="flex flex-wrap items-start gap-2">
            <TaskActions id={task.id} status={task.status} url={task.url} params={task.params} />
            <ReplayButton id={task.id} status={task.status} />
          </div>
        ) : (
          <p className="text-sm text-slate-500" data-testid="read-only">{t("readOnly")}</p>
        )}
      </div>

      {task.waitingReason && task.waitingReason !== "order" && pending && (
        <Notice tone="warning" title={task.waitingReason === "quota" ? t("waitingQuotaTitle") : t("waitingGateTitle")} className="mb-5" data-testid="task-waiting">
          {t.rich("waiting", {
            reason: t(`waitingReason.${task.waitingReason}`),
            since: () => <LocalTime iso={iso(task.waitingSince)} />,
            next: () => <Countdown iso={iso(task.nextAttemptAt)} />,
          })}
        </Notice>
      )}

      {task.waitingReason === "order" && pending && (
        <Notice tone="info" title={t("waitingOrderTitle")} className="mb-5" data-testid="task-waiting-order">
          {t.rich("waitingOrder", {
            key: () => (
              <span className="font-mono" data-i18n-exempt>
                {task.orderingKey}
              </span>
            ),
            behind: () =>
              task.waitingBehind ? (
                <Link href={`/tasks/${task.waitingBehind}`} className="font-mono underline" data-testid="task-waiting-behind" data-i18n-exempt>
                  {task.waitingBehind}
                </Link>
              ) : (
                t("taskAhead")
              ),
            since: () => <LocalTime iso={iso(task.waitingSince)} />,
            next: () => <Countdown iso={iso(task.nextAttemptAt)} />,
          })}
        </Notice>
      )}

      {(detail.replayOf || detail.replays.length > 0) && (
        <Notice tone="info" className="mb-5" data-testid="replay-links">
          {detail.replayOf && (
            <p>
              {replay.rich("replayOf", {
                link: () => (
                  <Link href={`/tasks/${detail.replayOf}`} className="font-mono underline" data-testid="replay-of" data-i18n-exempt>
                    {detail.replayOf}
                  </Link>
                ),
              })}
            </p>
          )}
          {detail.replays.length > 0 && (
            <p>
              {replay("replays")}{" "}
              {detail.replays.map((r) => (
                <Link key={r.id} href={`/tasks/${r.id}`} className="mr-2 font-mono underline" data-testid="replayed-as" data-i18n-exempt>
                  {r.id}
                </Link>
              ))}
            </p>
          )}
        </Notice>
      )}

      {task.note && (
        <Notice tone="info" title={t("note")} className="mb-5" data-testid="task-note">
          <span data-i18n-exempt>{task.note}</span>
        </Notice>
      )}

      <div className="grid gap-5 xl:grid-cols-3">
        <div className="min-w-0 space-y-5 xl:col-span-2">
          <Card>
            <CardHeader
              title={t("attempts")}
              description={t("attemptsMade", { made: task.attempts, max: task.maxAttempts })}
              actions={pending ? <span className="text-sm text-slate-600">{t("nextAttempt")} <Countdown iso={iso(task.nextAttemptAt)} className="font-medium text-slate-900" /></span> : undefined}
            />
            <CardBody>
              <AttemptsTimeline attempts={detail.attempts} total={task.attempts} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title={t("request")} description={t("requestDescription")} />
            <CardBody className="space-y-4">
              <DescriptionList
                items={[
                  { label: t("method"), value: <span className="font-mono" data-i18n-exempt>{task.method}</span> },
                  { label: t("bodyType"), value: task.method === "GET" || task.method === "DELETE" ? t("queryString") : mono(task.bodyType) },
                  { label: t("url"), value: <span className="font-mono text-xs" data-i18n-exempt>{task.url}</span>, wide: true },
                ]}
              />
              <div>
                <h3 className="mb-1 text-xs font-medium text-slate-500">{t("headers")}</h3>
                {task.headers && Object.keys(task.headers).length > 0 ? <CodeBlock testId="task-headers">{prettyJson(task.headers)}</CodeBlock> : <p className="text-sm text-slate-400">{t("noHeaders")}</p>}
              </div>
              <div>
                <h3 className="mb-1 text-xs font-medium text-slate-500">{t("params")}</h3>
                {task.params ? <CodeBlock testId="task-params">{prettyJson(task.params)}</CodeBlock> : <p className="text-sm text-slate-400">{t("none")}</p>}
              </div>
              <div>
                <h3 className="mb-1 text-xs font-medium text-slate-500">{t("successWhen")}</h3>
                {task.expect ? <CodeBlock>{prettyJson(task.expect)}</CodeBlock> : <p className="text-sm text-slate-700">{t("any2xx")}</p>}
              </div>
            </CardBody>
          </Card>
        </div>

        <div className="min-w-0 space-y-5">
          <Card>
            <CardHeader title={t("details")} />
            <CardBody>
              <DescriptionList
                columns={1}
                items={[
                  { label: t("id"), value: <span className="font-mono text-xs" data-testid="task-id" data-i18n-exempt>{task.id}</span> },
                  { label: t("client"), value: <><span className="font-mono text-xs" data-i18n-exempt>{detail.clientName}</span> <span className="text-xs text-slate-500">({t(`protocols.${task.protocol}`)})</span></> },
                  { label: t("apps"), value: mono(`${task.sourceApp ?? "—"} → ${task.targetApp ?? "—"}`) },
                  { label: t("orderingKey"), value: task.orderingKey !== null ? <span className="font-mono text-xs" data-i18n-exempt>{task.orderingKey} · #{task.orderingSeq}</span> : null },
                  { label: t("created"), value: <LocalTime iso={iso(task.createdAt)} /> },
                  { label: t("updated"), value: <LocalTime iso={iso(task.updatedAt)} /> },
                  { label: t("finished"), value: task.finishedAt ? <LocalTime iso={iso(task.finishedAt)} /> : null },
                  { label: t("lastResult"), value: task.lastStatusCode !== null ? `HTTP ${task.lastStatusCode}` : task.lastError ? t("noAnswer") : null },
                  { label: t("lastError"), value: mono(task.lastError) },
                  {
                    label: t("retryPolicy"),
                    value: t(retry.strategy === "exponential" ? "retryExponential" : "retryFixed", {
                      from: f.ms(retry.delayMs),
                      to: f.ms(retry.maxDelayMs),
                      timeout: f.ms(task.timeoutMs),
                    }),
                  },
                ]}
              />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title={t("history")} description={t("historyDescription")} />
            <CardBody>
              {detail.audit.length === 0 ? (
                <p className="text-sm text-slate-500">{t("noHistory")}</p>
              ) : (
                <ol className="space-y-2 text-sm" data-testid="task-history">
                  {detail.audit.map((a) => (
                    <li key={a.id}>
                      {t.rich("historyEntry", {
                        action: () => <span className="font-medium text-slate-900">{audit.has(a.action.replace(".", "_")) ? audit(a.action.replace(".", "_")) : a.action}</span>,
                        actor: () => <span data-i18n-exempt>{a.actor.replace(/^user:/, "")}</span>,
                      })}{" "}
                      <span className="text-xs text-slate-500">
                        <LocalTime iso={iso(a.createdAt)} />
                      </span>
                      {typeof a.details?.note === "string" && <p className="text-xs text-slate-600" data-i18n-exempt>“{a.details.note}”</p>}
                    </li>
                  ))}
                </ol>
              )}
            </CardBody>
          </Card>
        </div>
      </div>
    </>
  );
}
