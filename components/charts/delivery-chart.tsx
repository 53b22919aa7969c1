"use client";

import { useTranslations } from "next-intl";
import type { Bucket } from "@/lib/console/attempt-buckets";
import { useFormat } from "@/components/ui/use-format";

const W = 640;
const H = 190;
const pad = { l: 40, r: 40, t: 12, b: 24 };
const plotW = W - pad.l - pad.r;
const plotH = H - pad.t - pad.b;

function niceMax(v: number): number {
  if (v <= 4) return 4;
  const p = 10 ** Math.floor(Math.log10(v));
  const m = [1, 2, 2.5, 5, 10].find((k) => k * p >= v)!;
  return m * p;
}

const pct = (b: Bucket) => (b.ok + b.failed > 0 ? (b.ok / (b.ok + b.failed)) * 100 : null);

/**
 * Attempts per bucket as stacked bars (succeeded below, failed above) with the success rate as a line on the
 * right-hand axis. Every bar carries a tooltip; the figure has a text summary for screen readers.
 */
export function DeliveryChart({
  buckets,
  formatTick,
  formatBucket,
  tickEvery,
  label,
  testId,
}: {
  buckets: Bucket[];
  formatTick: (t: number) => string;
  formatBucket: (t: number) => string;
  tickEvery: number;
  label: string;
  testId?: string;
}) {
  const t = useTranslations("chart");
  const { number: formatNumber } = useFormat();
  const totalOk = buckets.reduce((s, b) => s + b.ok, 0);
  const totalFailed = buckets.reduce((s, b) => s + b.failed, 0);
  const max = niceMax(Math.max(0, ...buckets.map((b) => b.ok + b.failed)));
  const bw = plotW / Math.max(1, buckets.length);
  const y = (v: number) => pad.t + plotH - (v / max) * plotH;
  const rateY = (p: number) => pad.t + plotH - (p / 100) * plotH;
  const ratePoints = buckets
    .map((b, i) => [pad.l + i * bw + bw / 2, pct(b)] as const)
    .filter((p): p is readonly [number, number] => p[1] !== null)
    .map(([x, p]) => `${x.toFixed(1)},${rateY(p).toFixed(1)}`)
    .join(" ");
  const overall = totalOk + totalFailed > 0 ? ((totalOk / (totalOk + totalFailed)) * 100).toFixed(1) : null;
  const summary = t("summary", { label, attempts: formatNumber(totalOk + totalFailed), failed: formatNumber(totalFailed), rate: overall ?? "-" });

  return (
    <figure data-testid={testId}>
      <div className="mb-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
        <span className="text-sm font-semibold text-slate-900 tabular-nums">{formatNumber(totalOk + totalFailed)}</span>
        <span>{t("attempts")}</span>
        <span className="tabular-nums">{overall ? t("rate", { rate: overall }) : t("noAttempts")}</span>
        <span className="ml-auto flex items-center gap-3">
          <span className="flex items-center gap-1"><span className="size-2.5 rounded-sm bg-emerald-500" aria-hidden="true" />
            {t("succeeded")}
          </span>
          <span className="flex items-center gap-1"><span className="size-2.5 rounded-sm bg-rose-400" aria-hidden="true" />
            {t("failed")}
          </span>
          <span className="flex items-center gap-1"><span className="h-0.5 w-3 bg-indigo-600" aria-hidden="true" />
            {t("successRate")}
          </span>
        </span>
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={summary}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={pad.l} x2={W - pad.r} y1={y(max * f)} y2={y(max * f)} className="stroke-slate-100" />
            <text x={pad.l - 6} y={y(max * f) + 3} textAnchor="end" className="fill-slate-400 text-[10px]">
              {formatNumber(max * f)}
            </text>
            <text x={W - pad.r + 6} y={rateY(100 * f) + 3} className="fill-indigo-400 text-[10px]">
              {100 * f}%
            </text>
          </g>
        ))}
        {buckets.map((b, i) => {
          const x = pad.l + i * bw + Math.min(1, bw * 0.1);
          const w = Math.max(1, bw - Math.min(2, bw * 0.2));
          const okH = (b.ok / max) * plotH;
          const failH = (b.failed / max) * plotH;
          const rate = pct(b);
          return (
            <g key={b.t}>
              <title suppressHydrationWarning>{t("bucket", { time: formatBucket(b.t), ok: formatNumber(b.ok), failed: formatNumber(b.failed) }) + (rate !== null ? ` (${rate.toFixed(1)}%)` : "")}</title>
              <rect x={pad.l + i * bw} y={pad.t} width={bw} height={plotH} fill="transparent" />
              {okH > 0 && <rect x={x} y={pad.t + plotH - okH} width={w} height={okH} className="fill-emerald-500" rx={1} />}
              {failH > 0 && <rect x={x} y={pad.t + plotH - okH - failH} width={w} height={failH} className="fill-rose-400" rx={1} />}
              {i % tickEvery === 0 && (
                <text x={pad.l + i * bw + bw / 2} y={H - 6} textAnchor="middle" className="fill-slate-400 text-[10px]" suppressHydrationWarning>
                  {formatTick(b.t)}
                </text>
              )}
            </g>
          );
        })}
        {ratePoints && <polyline points={ratePoints} fill="none" className="stroke-indigo-600" strokeWidth={1.5} strokeLinejoin="round" />}
      </svg>
    </figure>
  );
}
