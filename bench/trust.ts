// What quotas and caller allow-lists cost (issue 10: "≤ 5% of single-submit throughput"): single submits by a
// client with both — a caller allow-list and the default quotas, so every submit runs the admission script — against
// a client with neither (no allow-list; every submit quota 0, which skips the script), in the same web and worker,
// alternating three rounds each so that the machine's drift falls on both alike.
import { eq } from "drizzle-orm";
import { createApiClient } from "@/lib/clients/create-client";
import { apiClients } from "@/lib/db/schema/api-clients";
import { config } from "./config";
import { submitSingles } from "./load";
import { check, drained, type PhaseContext } from "./phases";

export interface TrustResult {
  rounds: number;
  submits: number;
  /** Single submits/s per round, in the order run. */
  guarded: number[];
  open: number[];
  /**
   * The web's CPU ms per submit per round: what the checks cost in work, which a busy machine disturbs much less
   * than it does throughput (the worker's deliveries of the round before are drained first).
   */
  guardedWebMs: number[];
  openWebMs: number[];
}

const ROUNDS = 3;

export async function trustPhase(ctx: PhaseContext): Promise<TrustResult> {
  const stamp = Date.now();
  const guarded = await createApiClient(ctx.db, { name: `bench-guarded-${stamp}`, allowedCallerCidrs: ["127.0.0.0/8", "::1/128"] });
  const open = await createApiClient(ctx.db, { name: `bench-open-${stamp}` });
  await ctx.db.update(apiClients).set({ quotas: { submitsPerSecond: 0, openTasks: 0 } }).where(eq(apiClients.id, open.id));
  const submits = Math.min(config.single, 3000);
  const result: TrustResult = { rounds: ROUNDS, submits, guarded: [], open: [], guardedWebMs: [], openWebMs: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (["guarded", "open"] as const) : (["open", "guarded"] as const);
    for (const which of order) {
      const apiKey = which === "guarded" ? guarded.apiKey : open.apiKey;
      ctx.cpu.start();
      const r = await submitSingles({ ...ctx.api, apiKey }, submits, config.concurrency, `bench-trust-${which}`);
      const webMs = ctx.cpu.stop(submits).web?.msPerTask ?? NaN;
      check(`trust (${which}) submits`, r);
      result[which].push(Math.round((r.ids.length / r.ms) * 1000));
      result[which === "guarded" ? "guardedWebMs" : "openWebMs"].push(Math.round(webMs * 1000) / 1000);
      // Each round starts with the deliveries of the one before done, so neither client pays for the other's.
      await drained(ctx, `trust (${which}) delivery`, submits);
    }
  }
  return result;
}
