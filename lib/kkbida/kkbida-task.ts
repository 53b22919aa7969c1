import { z } from "zod";
import { env } from "../env";
import type { TaskInput } from "../tasks/task-input";
import { taskInputSchema } from "../tasks/task-input";

/**
 * kkbida's CallBackTask as its Java SDK sends it (shared/fixtures/kkbida-addtask.http): every field present,
 * unset ones null or 0. Fields Bida does not use (taskId, callCount, dates, sourceIp) are accepted and ignored.
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
  });
}
