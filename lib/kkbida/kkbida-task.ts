import { z } from "zod";
import { env } from "../env";
import type { TaskInput } from "../tasks/task-input";
import { taskInputSchema } from "../tasks/task-input";

/**
 * kkbida's CallBackTask as its Java SDK sends it (shared/fixtures/kkbida-addtask.http): every field present,
 * unset ones null or 0. Fields Bida does not use (taskId, callCount, createDate, lastModifiedDate, sourceIp) are
 * accepted and ignored.
 */
export const kkbidaTaskSchema = z
  .object({
    url: z.string({ error: "url is required" }),
    requestMethod: z
      .string({ error: "requestMethod is required" })
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(["GET", "POST"], { error: "requestMethod must be GET or POST" })),
    requestParam: z.record(z.string(), z.unknown()).nullish(),
    expectResult: z.string().nullish(),
    limitCallCount: z.number().int().min(1, "limitCallCount must be 1 to 100").max(100, "limitCallCount must be 1 to 100").nullish(),
    sourceAppName: z.string().max(128).nullish(),
    targetAppName: z.string().max(128).nullish(),
    // java.util.Date as Jackson writes it: epoch milliseconds. Not delivered by then, the task ends "expired".
    expireTimestamp: z.number({ error: "expireTimestamp must be epoch milliseconds" }).int("expireTimestamp must be epoch milliseconds").nullish(),
  })
  .loose();

export type KkbidaTask = z.infer<typeof kkbidaTaskSchema>;

/** Maps kkbida's task to Bida's: GET parameters become the query string, expectResult a body-contains rule. */
export function toTaskInput(k: KkbidaTask): z.ZodSafeParseResult<TaskInput> {
  return taskInputSchema.safeParse({
    url: k.url,
    method: k.requestMethod,
    params: k.requestParam ?? undefined,
    expect: k.expectResult && k.expectResult.trim() !== "" ? { bodyContains: k.expectResult } : undefined,
    maxAttempts: k.limitCallCount ?? env.delivery.defaultMaxAttempts,
    sourceApp: k.sourceAppName ?? undefined,
    targetApp: k.targetAppName ?? undefined,
    expiresAt: k.expireTimestamp ? expiryIso(k.expireTimestamp) : undefined,
  });
}

/** Epoch ms as ISO for the native schema's checks (future, at most a year ahead); out of Date's range stays visible. */
function expiryIso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

/** The native field a kkbida field maps to, reversed: errors name the field the kkbida client sent. */
const kkbidaNames: Record<string, string> = {
  method: "requestMethod",
  params: "requestParam",
  expect: "expectResult",
  maxAttempts: "limitCallCount",
  sourceApp: "sourceAppName",
  targetApp: "targetAppName",
  expiresAt: "expireTimestamp",
};

export const kkbidaPath = (path: PropertyKey[]): PropertyKey[] => (path.length > 0 ? [kkbidaNames[String(path[0])] ?? path[0]!, ...path.slice(1)] : path);
