"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { DeliveryChart } from "@/components/charts/delivery-chart";
import { useTaskEvents, useThrottled } from "@/components/live/use-task-events";
import { consoleFetch } from "@/components/tasks/console-api";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { formatNumber } from "@/components/ui/format";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { Overview } from "@/lib/console/overview";

const pad = (n: number) => String(n).padStart(2, "0");
const hhmm = (t: number) => {
  const d = new Date(t);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
const day = (t: number) => {
  const d = new Date(t);
  return `${d.toLocaleDateString("en-US", { weekday: "short" })} ${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

const cards = [
  { key: "queued", label: "Queued", href: "/tasks?status=queued", tone: "text-slate-900" },
  { key: "running", label: "Running", href: "/tasks", tone: "text-sky-700" },
  { key: "retrying", label: "Retrying", href: "/pending", tone: "text-amber-700" },
  { key: "failed", label: "Failed", href: "/tasks?status=failed", tone: "text-rose-700" },
  { key: "succeededToday", label: "Succeeded today", href: "/tasks?status=succeeded", tone: "text-emerald-700" },
] as const;

/** The overview, kept current: live task events trigger a (throttled) reload of the figures. */
export function OverviewLive({ initial }: { initial: Overview }) {
  const [data, setData] = useState(initial);
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
  return (
    <div className="space-y-5">
      {stale && <p className="text-xs text-amber-700">Could not refresh the figures; showing the last ones received.</p>}
      {data.charts.pending && (
        <p className="text-xs text-slate-500" data-testid="charts-pending" role="status">
          Counting the delivery history in the background; the charts fill in within seconds.
        </p>
      )}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
        {cards.map((card) => {
          const v = value(card.key);
          return (
            <Link key={card.key} href={card.href} className="group rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200 hover:ring-indigo-300" data-testid={`counter-${card.key}`}>
              <p className="text-xs font-medium text-slate-500 group-hover:text-slate-700">{card.label}</p>
              <p className={cn("mt-1 text-2xl font-semibold tabular-nums", card.tone)} data-testid="counter-value">
                {v.approximate ? "≈ " : ""}
                {formatNumber(v.value)}
              </p>
            </Link>
          );
        })}
      </div>

      <div className="grid gap-5 xl:grid-cols-2">
        <Card>
          <CardHeader title="Deliveries, last hour" description="Attempts per minute; the current minute is still filling." />
          <CardBody>
            <DeliveryChart buckets={data.charts.lastHour} tickEvery={10} formatTick={hhmm} formatBucket={hhmm} label="Last hour" testId="chart-hour" />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Deliveries, last 7 days" description="Attempts per day (server time zone); today so far." />
          <CardBody>
            <DeliveryChart buckets={data.charts.lastWeek} tickEvery={1} formatTick={day} formatBucket={day} label="Last 7 days" testId="chart-week" />
          </CardBody>
        </Card>
      </div>

      <Card>
        <CardHeader title="Top failing target hosts" description="Among the newest 2,000 failed and 2,000 retrying tasks." />
        {data.failingHosts.length === 0 ? (
          <EmptyState title="Nothing is failing">No task is failed or waiting for a retry.</EmptyState>
        ) : (
          <Table data-testid="failing-hosts">
            <thead>
              <tr>
                <Th>Host</Th>
                <Th className="text-right">Failed</Th>
                <Th className="text-right">Retrying</Th>
                <Th className="w-1/3">Share</Th>
              </tr>
            </thead>
            <tbody>
              {data.failingHosts.map((h) => {
                const top = data.failingHosts[0]!;
                const share = (h.failed + h.retrying) / Math.max(1, top.failed + top.retrying);
                return (
                  <Tr key={h.host}>
                    <Td>
                      <Link href={`/tasks?url=${encodeURIComponent(h.host)}&failed=1`} className="font-mono text-xs text-indigo-700 hover:underline">
                        {h.host}
                      </Link>
                    </Td>
                    <Td className="text-right tabular-nums">{formatNumber(h.failed)}</Td>
                    <Td className="text-right tabular-nums">{formatNumber(h.retrying)}</Td>
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
