import { percentile } from "./load";
import type { PacedResult, PhaseResult } from "./phases";

/** The last line of the bench's output; a phase that was not run leaves its figures null. */
export interface BenchResult {
  submitSinglePerSec: number | null;
  submitBatchPerSec: number | null;
  deliveredPerSec: number | null;
  firstAttemptP50Ms: number | null;
  firstAttemptP99Ms: number | null;
  workerRssMb: number;
  webRssMb: number;
}

export interface ReportDetails {
  single: PhaseResult | null;
  backlog: PhaseResult | null;
  paced: PacedResult | null;
  totals: { byStatus: Record<string, number>; attempts: number };
  receiverCalls: number | null;
}

const fmt = (n: number | null, digits = 0) =>
  n === null || Number.isNaN(n) ? "—" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The human part of the output: the headline table, then what each phase did and what it cost in CPU. */
export function printReport(r: BenchResult, d: ReportDetails): void {
  const rows: Array<[string, string, string]> = [
    ["single submits", `${fmt(r.submitSinglePerSec)} /s`, "≥ 1,500"],
    ["batch submits", `${fmt(r.submitBatchPerSec)} /s`, ""],
    ["delivered, end to end", `${fmt(r.deliveredPerSec)} /s`, "≥ 3,000"],
    ["first attempt p50", `${fmt(r.firstAttemptP50Ms, 1)} ms`, ""],
    ["first attempt p99", `${fmt(r.firstAttemptP99Ms, 1)} ms`, "≤ 100"],
    ["worker peak RSS", `${fmt(r.workerRssMb)} MB`, "≤ 250"],
    ["web peak RSS", `${fmt(r.webRssMb)} MB`, ""],
  ];
  console.log("");
  console.log(`${"metric".padEnd(24)}${"value".padStart(14)}   target`);
  for (const [name, value, target] of rows) console.log(`${name.padEnd(24)}${value.padStart(14)}   ${target}`);
  console.log("");

  const phases = [
    ["single", d.single],
    ["backlog", d.backlog],
    ["paced", d.paced],
  ] as const;
  console.log("phase      tasks   submit s   all final s   CPU from first submit to all final: % of one core / ms per task");
  for (const [name, p] of phases) {
    if (!p) continue;
    const cpu = Object.entries(p.cpu)
      .map(([k, v]) => `${k} ${fmt(v.share)}%/${fmt(v.msPerTask, 2)}`)
      .join("  ");
    console.log(`${name.padEnd(8)}${fmt(p.tasks).padStart(8)}${fmt(p.submitMs / 1000, 2).padStart(11)}${fmt(p.finalMs / 1000, 2).padStart(14)}   ${cpu}`);
  }
  console.log("(mariadb and redis are the machine's shared servers: their CPU includes any other client's work)");
  if (d.paced) {
    const l = d.paced.latencies;
    const a = d.paced.answerMs;
    console.log(
      `paced: ${fmt(d.paced.achievedPerSec)} submits/s sent; submit answered p50 ${fmt(percentile(a, 50), 1)} / p99 ${fmt(percentile(a, 99), 1)} ms; ` +
        `first attempt p90 ${fmt(percentile(l, 90), 1)}, max ${fmt(l.at(-1) ?? null, 1)} ms` +
        (d.paced.missing ? `; ${d.paced.missing} never arrived` : ""),
    );
  }
  console.log(`tasks by status ${JSON.stringify(d.totals.byStatus)}, attempt rows ${fmt(d.totals.attempts)}, receiver calls ${fmt(d.receiverCalls)}`);
}
