"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { consoleFetch } from "@/components/tasks/console-api";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/form-controls";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { HostView } from "@/lib/hosts/host-stats";

const circuitTone: Record<HostView["circuit"], BadgeTone> = { closed: "green", open: "red", "half-open": "amber" };

/** The hosts page's table: live state per host, and pause, resume and cap for operators. Refreshes every 5 s. */
export function HostsTable({ hosts, canAct }: { hosts: HostView[]; canAct: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [caps, setCaps] = useState<Record<string, string>>({});

  useEffect(() => {
    const timer = setInterval(() => router.refresh(), 5_000);
    return () => clearInterval(timer);
  }, [router]);

  const act = async (host: string, body: Record<string, unknown>, done: string) => {
    setBusy(host);
    const res = await consoleFetch("/api/console/hosts", { method: "POST", body: { host, ...body } });
    setBusy(null);
    setMessage(res.ok ? { tone: "success", text: done } : { tone: "error", text: res.message });
    router.refresh();
  };

  if (hosts.length === 0) return <EmptyState title="No target hosts yet">Hosts appear here once a task has called them.</EmptyState>;
  return (
    <div className="space-y-3">
      {message && <Notice tone={message.tone} data-testid="host-result">{message.text}</Notice>}
      <div className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <Table data-testid="hosts-table">
          <thead>
            <tr>
              <Th>Host</Th>
              <Th>Circuit</Th>
              <Th className="text-right">In flight / cap</Th>
              <Th className="text-right">Waiting</Th>
              <Th className="text-right">Calls (5 min)</Th>
              <Th className="text-right">Success</Th>
              <Th className="text-right">Avg latency</Th>
              <Th>Last call</Th>
              {canAct && <Th>Actions</Th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {hosts.map((h) => (
              <Tr key={h.host} data-testid="host-row" data-host={h.host}>
                <Td className="font-mono text-xs">{h.host}</Td>
                <Td>
                  <div className="flex flex-wrap items-center gap-1.5">
                    <Badge tone={circuitTone[h.circuit]} data-testid="host-circuit">{h.circuit}</Badge>
                    {h.paused && <Badge tone="gray" data-testid="host-paused">paused</Badge>}
                  </div>
                  {h.openedAt && (
                    <p className="mt-0.5 text-xs text-slate-500">
                      since <LocalTime iso={h.openedAt} />
                      {h.probeAt && (
                        <>
                          , trial <LocalTime iso={h.probeAt} relative />
                        </>
                      )}
                    </p>
                  )}
                </Td>
                <Td className="text-right tabular-nums">
                  {h.inFlight} / {h.cap}
                  {h.ownCap !== null && <span className="ml-1 text-xs text-slate-500">(own)</span>}
                </Td>
                <Td className="text-right tabular-nums" data-testid="host-waiting">{h.waiting}</Td>
                <Td className="text-right tabular-nums">{h.calls}</Td>
                <Td className="text-right tabular-nums">{h.successRate === null ? "–" : `${Math.round(h.successRate * 100)}%`}</Td>
                <Td className="text-right tabular-nums">{h.avgLatencyMs === null ? "–" : `${h.avgLatencyMs} ms`}</Td>
                <Td className="text-xs">{h.lastCallAt ? <LocalTime iso={h.lastCallAt} relative /> : "–"}</Td>
                {canAct && (
                  <Td>
                    <div className="flex items-center gap-2">
                      {h.paused ? (
                        <Button size="sm" variant="primary" busy={busy === h.host} onClick={() => act(h.host, { action: "resume" }, `${h.host} resumed.`)}>
                          Resume
                        </Button>
                      ) : (
                        <Button size="sm" variant="danger" busy={busy === h.host} onClick={() => act(h.host, { action: "pause" }, `${h.host} paused: its tasks wait, spending no attempts.`)}>
                          Pause
                        </Button>
                      )}
                      <form
                        className="flex items-center gap-1"
                        onSubmit={(e) => {
                          e.preventDefault();
                          const raw = (caps[h.host] ?? "").trim();
                          const maxInFlight = raw === "" ? null : Number(raw);
                          if (maxInFlight !== null && (!Number.isInteger(maxInFlight) || maxInFlight < 1)) return setMessage({ tone: "error", text: "A cap is a whole number of calls, 1 or more; empty for the default." });
                          void act(h.host, { action: "cap", maxInFlight }, maxInFlight === null ? `${h.host} uses the default cap.` : `${h.host} takes at most ${maxInFlight} calls at once.`);
                        }}
                      >
                        <Input
                          aria-label={`Cap for ${h.host}`}
                          className="w-20 py-1 text-xs"
                          inputMode="numeric"
                          placeholder={String(h.cap)}
                          value={caps[h.host] ?? ""}
                          onChange={(e) => setCaps({ ...caps, [h.host]: e.target.value })}
                        />
                        <Button size="sm" type="submit" busy={busy === h.host}>
                          Set cap
                        </Button>
                      </form>
                    </div>
                  </Td>
                )}
              </Tr>
            ))}
          </tbody>
        </Table>
      </div>
    </div>
  );
}
