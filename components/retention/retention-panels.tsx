import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { formatDuration, formatMs, formatNumber } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { RetentionRunView } from "@/lib/console/retention-view";
import type { RetentionSettings } from "@/lib/retention/retention-settings";
import { finalStatuses } from "@/lib/tasks/lifecycle/statuses";

const days = (n: number) => (n === 0 ? "kept forever" : `${formatNumber(n)} days`);

export function RetentionSettingsCard({ settings, className }: { settings: RetentionSettings; className?: string }) {
  return (
    <Card className={className} data-testid="retention-settings">
      <CardHeader title="Settings" description={`Final tasks: ${finalStatuses.join(", ")}. Open tasks are never deleted.`} />
      <CardBody>
        <DescriptionList
          columns={1}
          items={[
            { label: "Final tasks and their attempts (RETENTION_DAYS, after they finished)", value: <span data-testid="retention-task-days">{days(settings.taskDays)}</span> },
            { label: "Alert log (ALERT_RETENTION_DAYS)", value: <span data-testid="retention-alert-days">{days(settings.alertDays)}</span> },
            { label: "Audit log (AUDIT_RETENTION_DAYS)", value: <span data-testid="retention-audit-days">{days(settings.auditDays)}</span> },
            { label: "A run every (RETENTION_INTERVAL_MS)", value: settings.intervalMs === 0 ? "never: retention is off" : formatDuration(settings.intervalMs) },
            { label: "Batch, pause (RETENTION_BATCH, RETENTION_PAUSE_MS)", value: `${formatNumber(settings.batch)} rows, ${settings.pauseMs} ms` },
          ]}
        />
      </CardBody>
    </Card>
  );
}

const tones: Record<RetentionRunView["status"], BadgeTone> = { running: "blue", completed: "green", failed: "red", interrupted: "amber" };

export function RetentionRuns({ runs, className }: { runs: RetentionRunView[]; className?: string }) {
  const [last] = runs;
  return (
    <Card className={className} data-testid="retention-runs">
      <CardHeader
        title="Last runs"
        description={last ? <>Last run started <LocalTime iso={last.startedAt} relative /> on {last.worker}.</> : "No run yet: the first starts about a second after a worker starts."}
      />
      {runs.length > 0 && (
        <Table>
          <thead>
            <tr>
              <Th>Started</Th>
              <Th>Status</Th>
              <Th>Took</Th>
              <Th className="text-right">Tasks</Th>
              <Th className="text-right">Attempts</Th>
              <Th className="text-right">Ordering keys</Th>
              <Th className="text-right">Alerts</Th>
              <Th className="text-right">Audit</Th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <Tr key={r.id} data-testid="retention-run" data-run-id={r.id} data-status={r.status}>
                <Td className="whitespace-nowrap"><LocalTime iso={r.startedAt} /></Td>
                <Td>
                  <Badge tone={tones[r.status]} data-testid="retention-run-status">{r.status}</Badge>
                  {r.error && <p className="mt-1 max-w-xs text-xs break-words text-rose-700" data-testid="retention-run-error">{r.error}</p>}
                </Td>
                <Td className="whitespace-nowrap">{r.finishedAt ? formatMs(Date.parse(r.finishedAt) - Date.parse(r.startedAt)) : "—"}</Td>
                <Td className="text-right tabular-nums" data-testid="retention-run-tasks">{formatNumber(r.tasksDeleted)}</Td>
                <Td className="text-right tabular-nums">{formatNumber(r.attemptsDeleted)}</Td>
                <Td className="text-right tabular-nums">{formatNumber(r.orderingKeysDeleted)}</Td>
                <Td className="text-right tabular-nums">{formatNumber(r.alertsDeleted)}</Td>
                <Td className="text-right tabular-nums">{formatNumber(r.auditDeleted)}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
