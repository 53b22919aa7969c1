"use client";

import { useTranslations } from "next-intl";
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
import { useErrorText } from "@/components/ui/use-error-text";
import { useFormat } from "@/components/ui/use-format";
import type { HostView } from "@/lib/hosts/host-stats";

const circuitTone: Record<HostView["circuit"], BadgeTone> = { closed: "green", open: "red", "half-open": "amber" };

/** The hosts page's table: live state per host, and pause, resume and cap for operators. Refreshes every 5 s. */
export function HostsTable({ hosts, canAct }: { hosts: HostView[]; canAct: boolean }) {
  const router = useRouter();
  const t = useTranslations("hosts");
  const errorText = useErrorText();
  const f = useFormat();
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
    setMessage(res.ok ? { tone: "success", text: done } : { tone: "error", text: errorText(res) });
    router.refresh();
  };

  if (hosts.length === 0) return <EmptyState title={t("empty")}>{t("emptyBody")}</EmptyState>;
  return (
    <div className="space-y-3">
      {message && <Notice tone={message.tone} data-testid="host-result">{message.text}</Notice>}
      <div className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <Table data-testid="hosts-table">
          <thead>
            <tr>
              <Th>{t("host")}</Th>
              <Th className="whitespace-normal">{t("circuit")}</Th>
              <Th className="text-right whitespace-normal">{t("inFlight")}</Th>
              <Th className="text-right whitespace-normal">{t("waiting")}</Th>
              <Th className="text-right whitespace-normal">{t("calls")}</Th>
              <Th className="text-right whitespace-normal">{t("success")}</Th>
              <Th className="text-right whitespace-normal">{t("latency")}</Th>
              <Th className="whitespace-normal">{t("lastCall")}</Th>
              {canAct && <Th>{t("actions")}</Th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {hosts.map((h) => (
              <Tr key={h.host} data-testid="host-row" data-host={h.host}>
                <Td className="font-mono text-xs" data-i18n-exempt>{h.host}</Td>
                <Td>
                  <div className="flex flex-wrap items-center gap-1.5">
                    <Badge tone={circuitTone[h.circuit]} data-testid="host-circuit" data-circuit={h.circuit}>{t(`circuits.${h.circuit}`)}</Badge>
                    {h.paused && <Badge tone="gray" data-testid="host-paused">{t("paused")}</Badge>}
                  </div>
                  {h.openedAt && (
                    <p className="mt-0.5 text-xs text-slate-500">
                      {t("since")} <LocalTime iso={h.openedAt} />
                      {h.probeAt && (
                        <>
                          {t("trial")} <LocalTime iso={h.probeAt} relative />
                        </>
                      )}
                    </p>
                  )}
                </Td>
                <Td className="text-right tabular-nums">
                  {h.inFlight} / {h.cap}
                  {h.ownCap !== null && <span className="ml-1 text-xs text-slate-500">{t("own")}</span>}
                </Td>
                <Td className="text-right tabular-nums" data-testid="host-waiting">{h.waiting}</Td>
                <Td className="text-right tabular-nums">{h.calls}</Td>
                <Td className="text-right tabular-nums">{h.successRate === null ? "–" : `${Math.round(h.successRate * 100)}%`}</Td>
                <Td className="text-right tabular-nums">{h.avgLatencyMs === null ? "–" : f.ms(h.avgLatencyMs)}</Td>
                <Td className="text-xs">{h.lastCallAt ? <LocalTime iso={h.lastCallAt} relative /> : "–"}</Td>
                {canAct && (
                  <Td>
                    <div className="flex items-center gap-2">
                      {h.paused ? (
                        <Button size="sm" variant="primary" busy={busy === h.host} onClick={() => act(h.host, { action: "resume" }, t("resumed", { host: h.host }))}>
                          {t("resume")}
                        </Button>
                      ) : (
                        <Button size="sm" variant="danger" busy={busy === h.host} onClick={() => act(h.host, { action: "pause" }, t("pausedDone", { host: h.host }))}>
                          {t("pause")}
                        </Button>
                      )}
                      <form
                        className="flex items-center gap-1"
                        onSubmit={(e) => {
                          e.preventDefault();
                          const raw = (caps[h.host] ?? "").trim();
                          const maxInFlight = raw === "" ? null : Number(raw);
                          if (maxInFlight !== null && (!Number.isInteger(maxInFlight) || maxInFlight < 1)) return setMessage({ tone: "error", text: t("capInvalid") });
                          void act(h.host, { action: "cap", maxInFlight }, maxInFlight === null ? t("capDefault", { host: h.host }) : t("capSet", { host: h.host, n: maxInFlight }));
                        }}
                      >
                        <Input
                          aria-label={t("capFor", { host: h.host })}
                          className="w-20 py-1 text-xs"
                          inputMode="numeric"
                          placeholder={String(h.cap)}
                          value={caps[h.host] ?? ""}
                          onChange={(e) => setCaps({ ...caps, [h.host]: e.target.value })}
                        />
                        <Button size="sm" type="submit" busy={busy === h.host}>
                          {t("setCap")}
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
