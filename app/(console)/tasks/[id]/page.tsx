import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AttemptsTimeline } from "@/components/tasks/attempts-timeline";
import { Countdown } from "@/components/tasks/countdown";
import { TaskActions } from "@/components/tasks/task-actions";
import { TaskLiveStatus } from "@/components/tasks/task-live-refresh";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CodeBlock, prettyJson } from "@/components/ui/code-block";
import { DescriptionList } from "@/components/ui/description-list";
import { formatMs } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { getTaskDetail } from "@/lib/console/task-detail";
import { getAppContext } from "@/lib/context";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { isActive } from "@/lib/tasks/lifecycle/statuses";

export const metadata: Metadata = { title: "Task" };

const iso = (d: Date | null) => d?.toISOString() ?? null;

const waitingText = {
  cap: "The host has as many calls in flight as its cap allows",
  open: "The host's circuit is open: it failed too often in a row, and one trial call at a time probes it",
  paused: "An operator paused calls to this host",
  quota: "Its client has used its attempts-per-minute quota",
} as const;

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

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/tasks" className="rounded hover:text-slate-800">Tasks</Link> <span aria-hidden="true">/</span> <span className="font-mono">{task.id}</span>
      </nav>
      <div className="mb-5 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex items-center gap-3">
            <h1 className="text-xl font-semibold tracking-tight text-slate-900">Task</h1>
            <span data-testid="task-status">
              <TaskLiveStatus id={task.id} status={task.status} />
            </span>
          </div>
          <p className="mt-1 max-w-3xl truncate font-mono text-sm text-slate-600" title={task.url}>
            <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-semibold">{task.method}</span>
            {task.url}
          </p>
        </div>
        {hasRole(user.role, "operator") ? (
          <TaskActions id={task.id} status={task.status} url={task.url} params={task.params} />
        ) : (
          <p className="text-sm text-slate-500" data-testid="read-only">Read-only: viewers cannot act on tasks.</p>
        )}
      </div>

      {task.waitingReason && task.waitingReason !== "order" && pending && (
        <Notice tone="warning" title={task.waitingReason === "quota" ? "Waiting for its client's quota" : "Waiting at the target host's gate"} className="mb-5" data-testid="task-waiting">
          {waitingText[task.waitingReason]} since <LocalTime iso={iso(task.waitingSince)} />. No attempt is spent while it waits; it asks
          again <Countdown iso={iso(task.nextAttemptAt)} /> at the latest.
        </Notice>
      )}

      {task.waitingReason === "order" && pending && (
        <Notice tone="info" title="Waiting for its turn on its ordering key" className="mb-5" data-testid="task-waiting-order">
          Tasks with the key <span className="font-mono">{task.orderingKey}</span> are attempted one at a time, in submit order. This one waits
          behind{" "}
          {task.waitingBehind ? (
            <Link href={`/tasks/${task.waitingBehind}`} className="font-mono underline" data-testid="task-waiting-behind">
              {task.waitingBehind}
            </Link>
          ) : (
            "the task ahead of it"
          )}{" "}
          since <LocalTime iso={iso(task.waitingSince)} /> and goes once that task is final (succeeded, failed, cancelled or resolved); it asks
          again <Countdown iso={iso(task.nextAttemptAt)} /> at the latest.
        </Notice>
      )}

      {task.note && (
        <Notice tone="info" title="Operator note" className="mb-5" data-testid="task-note">
          {task.note}
        </Notice>
      )}

      <div className="grid gap-5 xl:grid-cols-3">
        <div className="space-y-5 xl:col-span-2">
          <Card>
            <CardHeader
              title="Attempts"
              description={`${task.attempts} of ${task.maxAttempts} made`}
              actions={pending ? <span className="text-sm text-slate-600">Next attempt <Countdown iso={iso(task.nextAttemptAt)} className="font-medium text-slate-900" /></span> : undefined}
            />
            <CardBody>
              <AttemptsTimeline attempts={detail.attempts} total={task.attempts} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Request" description="What Bida sends to the target on each attempt." />
            <CardBody className="space-y-4">
              <DescriptionList
                items={[
                  { label: "Method", value: <span className="font-mono">{task.method}</span> },
                  { label: "Body type", value: task.method === "GET" || task.method === "DELETE" ? "query string" : task.bodyType },
                  { label: "URL", value: <span className="font-mono text-xs">{task.url}</span>, wide: true },
                ]}
              />
              <div>
                <h3 className="mb-1 text-xs font-medium text-slate-500">Headers</h3>
                {task.headers && Object.keys(task.headers).length > 0 ? <CodeBlock testId="task-headers">{prettyJson(task.headers)}</CodeBlock> : <p className="text-sm text-slate-400">None besides Bida&apos;s own.</p>}
              </div>
              <div>
                <h3 className="mb-1 text-xs font-medium text-slate-500">Parameters</h3>
                {task.params ? <CodeBlock testId="task-params">{prettyJson(task.params)}</CodeBlock> : <p className="text-sm text-slate-400">None.</p>}
              </div>
              <div>
                <h3 className="mb-1 text-xs font-medium text-slate-500">Success when</h3>
                {task.expect ? <CodeBlock>{prettyJson(task.expect)}</CodeBlock> : <p className="text-sm text-slate-700">Any 2xx status.</p>}
              </div>
            </CardBody>
          </Card>
        </div>

        <div className="space-y-5">
          <Card>
            <CardHeader title="Details" />
            <CardBody>
              <DescriptionList
                columns={1}
                items={[
                  { label: "Task id", value: <span className="font-mono text-xs" data-testid="task-id">{task.id}</span> },
                  { label: "API client", value: `${detail.clientName} (${task.protocol})` },
                  { label: "Source → target app", value: `${task.sourceApp ?? "—"} → ${task.targetApp ?? "—"}` },
                  { label: "Ordering key", value: task.orderingKey !== null ? <span className="font-mono text-xs">{task.orderingKey} · #{task.orderingSeq}</span> : null },
                  { label: "Created", value: <LocalTime iso={iso(task.createdAt)} /> },
                  { label: "Updated", value: <LocalTime iso={iso(task.updatedAt)} /> },
                  { label: "Finished", value: task.finishedAt ? <LocalTime iso={iso(task.finishedAt)} /> : null },
                  { label: "Last result", value: task.lastStatusCode !== null ? `HTTP ${task.lastStatusCode}` : task.lastError ? "no answer" : null },
                  { label: "Last error", value: task.lastError },
                  {
                    label: "Retry policy",
                    value: `${retry.strategy}, from ${formatMs(retry.delayMs)}${retry.strategy === "exponential" ? ` up to ${formatMs(retry.maxDelayMs)}` : ""}; timeout ${formatMs(task.timeoutMs)}`,
                  },
                ]}
              />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="History" description="Operator and client actions on this task." />
            <CardBody>
              {detail.audit.length === 0 ? (
                <p className="text-sm text-slate-500">No actions yet.</p>
              ) : (
                <ol className="space-y-2 text-sm" data-testid="task-history">
                  {detail.audit.map((a) => (
                    <li key={a.id}>
                      <span className="font-medium text-slate-900">{a.action.replace("task.", "")}</span> by {a.actor.replace(/^user:/, "")}{" "}
                      <span className="text-xs text-slate-500">
                        <LocalTime iso={iso(a.createdAt)} />
                      </span>
                      {typeof a.details?.note === "string" && <p className="text-xs text-slate-600">“{a.details.note}”</p>}
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
