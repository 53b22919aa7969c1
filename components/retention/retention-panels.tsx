import { useLocale, useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { formatDuration, formatMs, formatNumber } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { RetentionRunView } from "@/lib/console/retention-view";
import type { RetentionSettings } from "@/lib/retention/retention-settings";
import { finalStatuses } from "@/lib/tasks/lifecycle/statuses";

const env = (names: string) => <span className="font-mono text-[11px]" data-i18n-exempt>({names})</span>;

export function RetentionSettingsCard({ settings, className }: { settings: RetentionSettings; className?: string }) {
  const t = useTranslations("retention");
  const status = useTranslations("status");
  const locale = useLocale();
  const days = (n: number) => (n === 0 ? t("forever") : t("days", { count: n, n: formatNumber(n, locale) }));
  return (
    <Card className={className} data-testid="retention-settings">
      <CardHeader title={t("settings")} description={t("settingsDescription", { statuses: finalStatuses.map((s) => status(s)).join(t("listSeparator")) })} />
      <CardBody>
        <DescriptionList
          columns={1}
          items={[
            { label: <>{t("taskDays")} {env("RETENTION_DAYS")}</>, value: <span data-testid="retention-task-days">{days(settings.taskDays)}</span> },
            { label: <>{t("alertDays")} {env("ALERT_RETENTION_DAYS")}</>, value: <span data-testid="retention-alert-days">{days(settings.alertDays)}</span> },
            { label: <>{t("auditDays")} {env("AUDIT_RETENTION_DAYS")}</>, value: <span data-testid="retention-audit-days">{days(settings.auditDays)}</span> },
            { label: <>{t("interval")} {env("RETENTION_INTERVAL_MS")}</>, value: settings.intervalMs === 0 ? t("off") : formatDuration(settings.intervalMs, locale) },
            { label: <>{t("batch")} {env("RETENTION_BATCH, RETENTION_PAUSE_MS")}</>, value: t("batchValue", { rows: formatNumber(settings.batch, locale), pause: formatMs(settings.pauseMs, locale) }) },
          ]}
        />
      </CardBody>
    </Card>
  );
}

const tones: Record<RetentionRunView["status"], BadgeTone> = { running: "blue", completed: "green", failed: "red", interrupted: "amber" };

export function RetentionRuns({ runs, className }: { runs: RetentionRunView[]; className?: string }) {
  const t = useTranslations("retention");
  const locale = useLocale();
  const [last] = runs;
  return (
    <Card className={className} data-testid="retention-runs">
      <CardHeader
        title={t("runs")}
        description={
          last
            ? t.rich("lastRun", { when: () => <LocalTime iso={last.startedAt} relative />, worker: () => <span data-i18n-exempt>{last.worker}</span> })
            : t("noRun")
        }
      />
      {runs.length > 0 && (
        <Table>
          <thead>
            <tr>
              <Th>{t("started")}</Th>
              <Th>{t("status")}</Th>
              <Th>{t("took")}</Th>
              <Th className="text-right">{t("tasks")}</Th>
              <Th className="text-right">{t("attempts")}</Th>
              <Th className="text-right">{t("orderingKeys")}</Th>
              <Th className="text-right">{t("alerts")}</Th>
              <Th className="text-right">{t("audit")}</Th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <Tr key={r.id} data-testid="retention-run" data-run-id={r.id} data-status={r.status}>
                <Td className="whitespace-nowrap"><LocalTime iso={r.startedAt} /></Td>
                <Td>
                  <Badge tone={tones[r.status]} data-testid="retention-run-status">{t(`runStatus.${r.status}`)}</Badge>
                  {r.error && <p className="mt-1 max-w-xs text-xs break-words text-rose-700" data-testid="retention-run-error" data-i18n-exempt>{r.error}</p>}
                </Td>
                <Td className="whitespace-nowrap">{r.finishedAt ? formatMs(Date.parse(r.finishedAt) - Date.parse(r.startedAt), locale) : "—"}</Td>
                <Td className="text-right tabular-nums" data-testid="retention-run-tasks">{formatNumber(r.tasksDeleted, locale)}</Td>
                <Td className="text-right tabular-nums">{formatNumber(r.attemptsDeleted, locale)}</Td>
                <Td className="text-right tabular-nums">{formatNumber(r.orderingKeysDeleted, locale)}</Td>
                <Td className="text-right tabular-nums">{formatNumber(r.alertsDeleted, locale)}</Td>
                <Td className="text-right tabular-nums">{formatNumber(r.auditDeleted, locale)}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
