import { NextResponse } from "next/server";
import { z } from "zod";
import { parseOrThrow, validationError } from "@/lib/errors";
import { readJson } from "@/lib/http/read-body";
import { withApiClient } from "@/lib/http/with-api-client";
import { resolveQuotas } from "@/lib/quotas/client-quotas";
import { withSubmitSpan } from "@/lib/tracing/submit-span";
import { taskInputSchema } from "@/lib/tasks/task-input";
import { submitTaskBatch } from "@/lib/tasks/submit-tasks";

export const dynamic = "force-dynamic";

const batchSchema = z.object({ tasks: z.array(z.unknown()).min(1).max(1000) }).strict();

export const POST = withSubmitSpan("/api/v1/tasks/batch", withApiClient(async (req, { client, app }) => {
  // The client's batch-bytes quota, checked on the length before anything is parsed (413).
  const body = parseOrThrow(batchSchema, await readJson(req, { limit: resolveQuotas(client.quotas).batchBytes }));
  const items = body.tasks.map((raw, i) => {
    const parsed = taskInputSchema.safeParse(raw);
    return parsed.success ? { ok: true as const, input: parsed.data } : { ok: false as const, error: validationError(parsed.error, ["tasks", i]) };
  });
  const results = await submitTaskBatch(app, client, items, { traceparent: req.headers.get("traceparent") });
  return NextResponse.json({ results }, { status: 200 });
}));
