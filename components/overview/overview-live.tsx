"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { DeliveryChart } from "@/components/charts/delivery-chart";
import { useTaskEvents, useThrottled } from "@/components/live/use-task-events";
import { consoleFetch } from "@/components/tasks/console-api";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { formatZoneName } from "@/components/ui/format";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { useFormat } from "@/components/ui/use-format";
import type { Overview } from "@/lib/console/overview";
import { counterFilter, tasksHrefFor } from "@/lib/console/overview-links";

/** Chart ticks in the viewer's zone and language: "14:05", "Wed 12-02" / "周三 12-02". */
function useTickFormats(locale: string, timeZone: string) {
  return useMemo(() => {
    const time = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    const weekday = new Intl.DateTimeFormat(locale, { timeZone, weekday: "short" });
    const date = new Intl.DateTimeFormat("en-GB", { timeZone, month: "2-digit", day: "2-digit" });
    return {
      hhmm: (t: number) => time.format(t),
      day: (t: number) => `${weekday.format(t)} ${date.formatToParts(t).filter((p) => p.type !== "literal").reverse().map((p) => p.value).join("-")}`,
    };
  }, [locale, timeZone]);
}

// Each counter opens the tasks it counts (lib/console/overview-links.ts).
const cards = [
  { key: "queued", tone: "text-slate-900" },
  { key: "running", tone: "text-sky-700" },
  { key: "retrying", tone: "text-amber-700" },
  { key: "failed", tone: "text-rose-700" },
  { key: "succeededToday", tone: "text-emerald-700" },
] as const;

/** The overview, kept current: live task events trigger a (throttled) reload of the figures. */
export function OverviewLive({ initial }: { initial: Overview }) {
  const [data, setData] = useState(initial);
  const t = useTranslations("overview");
  const f = useFormat();
  const { hhmm, day } = useTickFormats(f.locale, f.timeZone);
  const [stale, setStale] = useState(false);
  const reload = useThrottled(async () => {
    const res = await consoleFetch<Overview>("/api/console/overview");
    if (res.ok) setData(res.data);
    setStale(!res.ok);
  }, 1_000);
  useTaskEvents(reload, reload);
  // Charts move with the clock even when nothing happens; history still being counted is asked for again soon.
  useEffect(() => {
    const t = setInterval(reload, data.charts.pending ? 2_000 : 30_000);
    return () => clearInterval(t);
  }, [reload, data.charts.pending]);

  const c = data.counters;
  const value = (k: (typeof cards)[number]["key"]) => c[k];
  const startOfToday = new Date(data.charts.lastWeek.at(-1)?.t ?? data.generatedAt);
  return (
    <div className="space-y-5">
      {stale && <p className="text-xs text-amber-700">{t("stale")}</p>}
      {data.charts.pending && (
        <p className="text-xs text-slate-500" data-testid="charts-pending" role="status">
          {t("chartsPending")}
        </p>
      )}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
        {cards.map((card) => {
          const v = value(card.key);
          return (
            <Link key={card.key} href={tasksHrefFor(counterFilter(card.key, startOfToday))} className="group rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200 hover:ring-indigo-300" data-testid={`counter-${card.key}`}>
              <p className="text-xs font-medium text-slate-500 group-hover:text-slate-700">{t(`counters.${card.key}`)}</p>
              <p className={cn("mt-1 text-2xl font-semibold tabular-nums", card.tone)} data-testid="counter-value">
                {v.approximate ? "≈ " : ""}
                {f.number(v.value)}
              </p>
            </Link>
          );
        })}
      </div>

      <div className="grid gap-5 xl:grid-cols-2">
        <Card>
          <CardHeader title={t("hourTitle")} description={t("hourDescription")} />
          <CardBody>
            <DeliveryChart buckets={data.charts.lastHour} tickEvery={10} formatTick={hhmm} formatBucket={hhmm} label={t("hourLabel")} testId="chart-hour" />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("weekTitle")} description={t("weekDescription", { zone: formatZoneName(f.timeZone, data.generatedAt) })} />
          <CardBody>
            <DeliveryChart buckets={data.charts.lastWeek} tickEvery={1} formatTick={day} formatBucket={day} label={t("weekLabel")} testId="chart-week" />
          </CardBody>
        </Card>
      </div>

      <Card>
        <CardHeader title={t("failingTitle")} description={t("failingDescription", { n: f.number(2000) })} />
        {data.failingHosts.length === 0 ? (
          <EmptyState title={t("nothingFailing")}>{t("nothingFailingBody")}</EmptyState>
        ) : (
          <Table data-testid="failing-hosts">
            <thead>
              <tr>
                <Th>{t("host")}</Th>
                <Th className="text-right">{t("failed")}</Th>
                <Th className="text-right">{t("retrying")}</Th>
                <Th className="w-1/3">{t("share")}</Th>
              </tr>
            </thead>
            <tbody>
              {data.failingHosts.map((h) => {
                const top = data.failingHosts[0]!;
                const share = (h.failed + h.retrying) / Math.max(1, top.failed + top.retrying);
                return (
                  <Tr key={h.host}>
                    <Td data-i18n-exempt>
                      <Link href={`/tasks?url=${encodeURIComponent(h.host)}&failed=1`} className="font-mono text-xs text-indigo-700 hover:underline">
                        {h.host}
                      </Link>
                    </Td>
                    <Td className="text-right tabular-nums">{f.number(h.failed)}</Td>
                    <Td className="text-right tabular-nums">{f.number(h.retrying)}</Td>
                    <Td>
                      <div className="h-1.5 rounded-full bg-slate-100">
                        <div className="h-full rounded-full bg-rose-400" style={{ width: `${Math.round(share * 100)}%` }} />
                      </div>
                    </Td>
                  </Tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
