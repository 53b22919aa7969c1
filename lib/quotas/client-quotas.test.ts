import { describe, expect, it } from "vitest";
import { env } from "../env";
import { MAX_BODY_BYTES } from "../http/read-body";
import { attemptBucket } from "./attempt-quota";
import { clientQuotasSchema, compactQuotas, quotaText, resolveQuotas } from "./client-quotas";

describe("a client's quotas", () => {
  it("take the environment's default for every field the client leaves unset or null", () => {
    expect(resolveQuotas(null)).toEqual({ ...env.quotas, reconcileMs: undefined, batchBytes: Math.min(env.quotas.batchBytes || MAX_BODY_BYTES, MAX_BODY_BYTES) });
    const own = resolveQuotas({ openTasks: 5, submitsPerSecond: null, attemptsPerMinute: 0 });
    expect(own.openTasks).toBe(5);
    expect(own.submitsPerSecond).toBe(env.quotas.submitsPerSecond);
    // 0 is a setting of its own (no limit), not "unset".
    expect(own.attemptsPerMinute).toBe(0);
  });

  it("never allow a batch body above what the server reads, and never a bucket smaller than one task", () => {
    expect(resolveQuotas({ batchBytes: 0 }).batchBytes).toBe(MAX_BODY_BYTES);
    expect(resolveQuotas({ batchBytes: 4096 }).batchBytes).toBe(4096);
    expect(resolveQuotas({ submitBurst: 0 }).submitBurst).toBe(1);
    expect(clientQuotasSchema.safeParse({ batchBytes: MAX_BODY_BYTES + 1 }).success).toBe(false);
    expect(clientQuotasSchema.safeParse({ openTasks: -1 }).success).toBe(false);
    expect(clientQuotasSchema.safeParse({ openTasks: 1.5 }).success).toBe(false);
    expect(clientQuotasSchema.safeParse({ other: 1 }).success).toBe(false);
  });

  it("are stored naming only what differs from the defaults", () => {
    expect(compactQuotas({ openTasks: null, submitsPerSecond: 3 })).toEqual({ submitsPerSecond: 3 });
    expect(compactQuotas({ openTasks: null })).toBeNull();
  });

  it("read from text: empty or 'default' clears, a whole number sets, anything else is refused", () => {
    expect(quotaText.parse("")).toBeNull();
    expect(quotaText.parse(" Default ")).toBeNull();
    expect(quotaText.parse("0")).toBe(0);
    expect(quotaText.parse("1200")).toBe(1200);
    for (const bad of ["-1", "1.5", "1e3", "ten"]) expect(quotaText.safeParse(bad).success).toBe(false);
  });
});

describe("the attempts-per-minute bucket", () => {
  it("refills at the quota's rate and holds ten seconds' worth, at least one", () => {
    expect(attemptBucket(60)).toEqual({ intervalUs: 1_000_000, toleranceUs: 9_000_000 });
    expect(attemptBucket(12)).toEqual({ intervalUs: 5_000_000, toleranceUs: 5_000_000 });
    expect(attemptBucket(1)).toEqual({ intervalUs: 60_000_000, toleranceUs: 0 });
    expect(attemptBucket(600_000).intervalUs).toBe(100);
  });
});
