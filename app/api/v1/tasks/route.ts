import { NextResponse } from "next/server";
import { ApiError, parseOrThrow } from "@/lib/errors";
import { readJson } from "@/lib/http/read-body";
import { withApiClient } from "@/lib/http/with-api-client";
import { withSubmitSpan } from "@/lib/tracing/submit-span";
import { taskInputSchema } from "@/lib/tasks/task-input";
import { submitTask } from "@/lib/tasks/submit-tasks";
import { listTasks, listTasksQuerySchema } from "@/lib/tasks/list-tasks";
import { withLiveStatus } from "@/lib/tasks/live-status";
import { serializeTask } from "@/lib/tasks/serialize";

export const dynamic = "force-dynamic";

export const POST = withSubmitSpan("/api/v1/tasks", withApiClient(async (req, { client, app }) => {
  const idempotencyKey = req.headers.get("idempotency-key") ?? undefined;
  if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 255)) {
    throw new ApiError("validation_failed", "Idempotency-Key must be 1 to 255 characters.", [{ path: "Idempotency-Key", message: "invalid length" }]);
  }
  const input = parseOrThrow(taskInputSchema, await readJson(req));
  const { task, created } = await submitTask(app, client, input, { idempotencyKey, traceparent: req.headers.get("traceparent") });
  return NextResponse.json(serializeTask(task), { status: created ? 201 : 200, headers: { location: `/api/v1/tasks/${task.id}` } });
}));

export const GET = withApiClient(async (req, { client, app }) => {
  const query = parseOrThrow(listTasksQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  const { items, nextCursor } = await listTasks(app.db, { ...query, clientId: client.id });
  return NextResponse.json({ items: (await withLiveStatus(app.redis, items)).map(serializeTask), nextCursor });
});
