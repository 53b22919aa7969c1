import { z } from "zod";
import type { ClientQuotas } from "../db/schema/api-clients";
import { env } from "../env";
import { MAX_BODY_BYTES } from "../http/read-body";

/** A client's limits as enforced: its own where set, else the environment's default; 0 means no limit. */
export interface Quotas {
  submitsPerSecond: number;
  submitBurst: number;
  openTasks: number;
  attemptsPerMinute: number;
  batchBytes: number;
}

export const quotaFields = ["submitsPerSecond", "submitBurst", "openTasks", "attemptsPerMinute", "batchBytes"] as const satisfies ReadonlyArray<keyof ClientQuotas>;

const limit = (max: number) => z.number().int().min(0).max(max).nullable().optional();

/** What may be stored in api_clients.quotas: whole numbers, 0 = no limit, null or absent = the default. */
export const clientQuotasSchema = z
  .object({
    submitsPerSecond: limit(1_000_000),
    submitBurst: limit(10_000_000),
    openTasks: limit(1_000_000_000),
    attemptsPerMinute: limit(100_000_000),
    batchBytes: limit(MAX_BODY_BYTES),
  })
  .strict();

export function resolveQuotas(own: ClientQuotas | null | undefined): Quotas {
  const d = env.quotas;
  const pick = (k: (typeof quotaFields)[number]) => own?.[k] ?? d[k];
  return {
    submitsPerSecond: pick("submitsPerSecond"),
    // A bucket smaller than one task would never admit anything.
    submitBurst: Math.max(1, pick("submitBurst")),
    openTasks: pick("openTasks"),
    attemptsPerMinute: pick("attemptsPerMinute"),
    // Never above what the server reads at all.
    batchBytes: Math.min(pick("batchBytes") || MAX_BODY_BYTES, MAX_BODY_BYTES),
  };
}

/** Drops unset fields, so a stored quota object names only what differs from the defaults; null when none does. */
export function compactQuotas(q: ClientQuotas): ClientQuotas | null {
  const out: ClientQuotas = {};
  for (const k of quotaFields) if (q[k] !== undefined && q[k] !== null) out[k] = q[k];
  return Object.keys(out).length > 0 ? out : null;
}

/**
 * One quota as typed in the console or the cli: empty or "default" clears it (the environment's default applies),
 * otherwise a whole number (0 = no limit). The range is clientQuotasSchema's.
 */
export const quotaText = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === "" || v.toLowerCase() === "default") return null;
    if (!/^\d+$/.test(v)) {
      ctx.addIssue({ code: "custom", message: "a whole number (0 = no limit), or empty for the default" });
      return z.NEVER;
    }
    return Number(v);
  });
