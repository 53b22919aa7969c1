// What the host gate costs (issue 9: "what the caps cost is measured and shown"): the backlog phase on a worker
// with the gate's defaults, then on one where it is effectively off — HOST_MAX_IN_FLIGHT=100000 (no call waits for
// the cap) and BREAKER_FAILURES=1000000 (the circuit never opens). Effectively, not wholly: every call still runs
// the gate's acquire and release scripts in Redis, and there is no setting that skips them, so this shows what
// the cap's deferrals cost, not the Lua's own cost. Each variant gets a fresh worker and the same warm-up.
import { submitBatches } from "./load";
import { backlogPhase, check, drained, type PhaseContext, type PhaseResult } from "./phases";
import { delta, readCountersOrEmpty, type Counters } from "./worker-metrics";

export interface CapsVariant {
  name: "gate on" | "gate off";
  env: Record<string, string | undefined>;
  result: PhaseResult;
  counters: Counters;
}

const variants: Array<Pick<CapsVariant, "name" | "env">> = [
  // The defaults, whatever this shell sets (HOST_WAIT_MS and the others pass through as they do for every phase).
  { name: "gate on", env: { HOST_MAX_IN_FLIGHT: undefined, BREAKER_FAILURES: undefined } },
  { name: "gate off", env: { HOST_MAX_IN_FLIGHT: "100000", BREAKER_FAILURES: "1000000" } },
];

export async function capsPhase(ctx: PhaseContext): Promise<CapsVariant[]> {
  const out: CapsVariant[] = [];
  for (const v of variants) {
    const worker = await ctx.replaceWorker(`worker-${v.name.replace(" ", "-")}`, v.env);
    check(`caps (${v.name}) warm-up`, await submitBatches(ctx.api, 2000, 500, 2, "bench-caps-warmup"));
    await drained(ctx, `caps (${v.name}) warm-up`, 2000);
    const before = await readCountersOrEmpty(worker.metricsPort);
    // replaceWorker pointed ctx.cpu at the new worker.
    const result = await backlogPhase(ctx);
    out.push({ ...v, result, counters: delta(await readCountersOrEmpty(worker.metricsPort), before) });
  }
  return out;
}
