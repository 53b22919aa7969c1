// The printed part of the phases issue 9 added — isolation, fairness, the baseline and the caps — each figure
// beside its target. The headline table and the JSON line are report.ts's.
import type { CommandCount } from "./redis-commands";
import type { BaselineResult } from "./baseline/phase";
import type { CapsVariant } from "./caps";
import { ARRIVAL_BUDGET_MS, FAIRNESS_BOUND_MS, p, type FairnessResult } from "./fairness";
import { unhealthyTask, type IsolationResult } from "./isolation";
import type { PhaseResult } from "./phases";
import type { CpuUse } from "./proc-stats";
import type { Counters } from "./worker-metrics";

export const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n) ? "—" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The four processes issue 9's CPU target sums: Bida's own two and the two stores. */
export const cpuSum = (cpu: Record<string, CpuUse>, names: string[]) => names.reduce((s, k) => s + (cpu[k]?.msPerTask ?? 0), 0);
export const BIDA_CPU = ["web", "worker", "mariadb", "redis"];

const counters = (c: Counters) =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(", ") || "—";

export function isolationRatio(r: IsolationResult, name: string): number | null {
  const c = r.cases.find((x) => x.name === name);
  return c?.healthyMs != null && r.aloneMs ? c.healthyMs / r.aloneMs : null;
}

export function printIsolation(r: IsolationResult): void {
  console.log("");
  console.log(
    `isolation: ${fmt(r.tasks)} healthy tasks per case, submitted right after ${fmt(r.tasks)} to a failing host of its own ` +
      `(same client and source app; timeout ${unhealthyTask.timeoutMs / 1000} s, ${unhealthyTask.maxAttempts} attempts ${unhealthyTask.retry.delayMs / 1000} s apart)`,
  );
  console.log(`${"case".padEnd(16)}${"healthy s".padStart(10)}${"× alone".padStart(9)}${"delivered".padStart(14)}   failing host: connections, attempts spent, its tasks at the end | worker counters during the case`);
  for (const c of r.cases) {
    const ratio = c.name.startsWith("alone") ? null : isolationRatio(r, c.name);
    const bad = c.bad ? `${fmt(c.bad.connections)} conns, ${fmt(c.bad.attempts)} attempts; ${Object.entries(c.bad.byState).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")}` : "";
    console.log(
      `${c.name.padEnd(16)}${fmt(c.healthyMs === null ? null : c.healthyMs / 1000, 2).padStart(10)}${(ratio === null ? "" : `${fmt(ratio, 2)}×`).padStart(9)}` +
        `${`${fmt(c.healthyDelivered)}/${fmt(c.tasks)}`.padStart(14)}   ${bad}${bad ? " | " : ""}${counters(c.counters)}`,
    );
  }
  console.log(`target: each case ≤ 1.5× alone (the mean of both alone runs: ${fmt(r.aloneMs === null ? null : r.aloneMs / 1000, 2)} s), every healthy task delivered`);
}

export function printFairness(r: FairnessResult): void {
  console.log("");
  console.log(`fairness: client A's ${fmt(r.backlog)} tasks to the receiver, then B's ${fmt(r.tasks)} to the same host and C's ${fmt(r.tasks)} to a host of its own, each one batch (latency: send → first call)`);
  console.log(`${"client".padEnd(14)}${"idle p50 / p99 ms".padStart(20)}${"beside A p50 / p99 ms".padStart(24)}${"p99 ×".padStart(8)}${"p99 +ms".padStart(9)}   A's backlog at submit`);
  for (const c of r.clients) {
    const ratio = p(c.busy, 99) / p(c.idle, 99);
    const missing = c.busy.missing + c.idle.missing ? `; never arrived (within ${ARRIVAL_BUDGET_MS / 1000} s, counted as ∞): idle ${c.idle.missing}, beside A ${c.busy.missing}` : "";
    console.log(
      `${c.label.padEnd(14)}${`${fmt(p(c.idle, 50), 1)} / ${fmt(p(c.idle, 99), 1)}`.padStart(20)}${`${fmt(p(c.busy, 50), 1)} / ${fmt(p(c.busy, 99), 1)}`.padStart(24)}` +
        `${`${fmt(ratio, 1)}×`.padStart(8)}${`+${fmt(p(c.busy, 99) - p(c.idle, 99))}`.padStart(9)}   ${fmt(c.busy.backlogAtSubmit)}${missing}`,
    );
  }
  console.log(`target: p99 beside A's backlog ≤ idle p99 + ${FAIRNESS_BOUND_MS} ms (the worker's 300 held jobs at ~3,000/s, and as much again for sharing the host's cap)`);
  console.log(`A's backlog all final in ${fmt(r.backlogFinalMs / 1000, 2)} s (${fmt((r.backlog / r.backlogFinalMs) * 1000)}/s); worker counters: ${counters(r.counters)}`);
}

export function printBaseline(b: BaselineResult, bida: PhaseResult | null): void {
  console.log("");
  console.log(`throughput against the plain design (bench/baseline/: BullMQ + undici + MySQL group commit, one index, no web; concurrency ${b.concurrency}), ${fmt(b.tasks)} tasks each:`);
  const line = (name: string, tasks: number, ms: number, cpu: Record<string, CpuUse>, names: string[], extra: string) =>
    console.log(
      `${name.padEnd(10)}${`${fmt((tasks / ms) * 1000)} /s`.padStart(12)}${fmt(ms / 1000, 2).padStart(8)} s   ` +
        `${names.map((k) => `${k} ${fmt(cpu[k]?.msPerTask, 2)}`).join(" + ")} = ${fmt(cpuSum(cpu, names), 2)} ms per task${extra}`,
    );
  if (bida) line("Bida", bida.tasks, bida.finalMs, bida.cpu, BIDA_CPU, " (target ≤ 0.50)");
  line("baseline", b.tasks, b.finalMs, b.cpu, ["baseline", "mariadb", "redis"], `; its submitter (the bench) ${fmt(b.cpu.bench?.msPerTask, 2)}`);
  if (bida) console.log(`Bida ÷ baseline, delivered/s: ${fmt(bida.tasks / bida.finalMs / (b.tasks / b.finalMs), 2)}× (target ≥ 1.25×)`);
  const left = Object.entries(b.byStatus).filter(([s]) => s !== "succeeded");
  if (left.length) console.log(`baseline tasks not succeeded: ${JSON.stringify(Object.fromEntries(left))}`);
}

/** Redis commands per task, each design: what the scheduling, the live status and the web's ingest ask of Redis. */
export function printRedisCommands(c: { backlog: CommandCount | null; baseline: CommandCount | null }): void {
  const line = (name: string, n: CommandCount) =>
    console.log(`  ${name.padEnd(9)}${fmt(n.perTask, 1).padStart(6)}   ${n.top.map(([cmd, k]) => `${cmd} ${fmt(k, 1)}`).join(", ")}`);
  console.log("");
  console.log("Redis commands per task (INFO commandstats; commands inside scripts count one by one):");
  if (c.backlog) line("Bida", c.backlog);
  if (c.baseline) line("baseline", c.baseline);
}

export function printCaps(variants: CapsVariant[]): void {
  console.log("");
  console.log(
    "cost of the host gate: the backlog on a fresh worker with the defaults (cap 32, breaker 5) and effectively off " +
      "(HOST_MAX_IN_FLIGHT=100000, BREAKER_FAILURES=1000000; the gate's Lua still runs on every call: no setting skips it)",
  );
  console.log(`${"variant".padEnd(10)}${"delivered/s".padStart(12)}${"all final s".padStart(13)}   worker / redis / mariadb ms per task   worker counters`);
  for (const v of variants) {
    const c = v.result.cpu;
    console.log(
      `${v.name.padEnd(10)}${fmt((v.result.tasks / v.result.finalMs) * 1000).padStart(12)}${fmt(v.result.finalMs / 1000, 2).padStart(13)}   ` +
        `${`${fmt(c.worker?.msPerTask, 2)} / ${fmt(c.redis?.msPerTask, 2)} / ${fmt(c.mariadb?.msPerTask, 2)}`.padEnd(37)}  ${counters(v.counters)}`,
    );
  }
}
