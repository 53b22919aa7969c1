import { NextResponse } from "next/server";
import { withApiClient } from "@/lib/http/with-api-client";
import { getTaskWithAttempts } from "@/lib/tasks/get-task";
import { withLiveStatus } from "@/lib/tasks/live-status";
import { parseTaskId } from "@/lib/tasks/task-id";
import { serializeAttempt, serializeTask } from "@/lib/tasks/serialize";

export const dynamic = "force-dynamic";

export const GET = withApiClient<{ id: string }>(async (_req, { client, app, params }) => {
  const { task, attempts } = await getTaskWithAttempts(app.db, { id: parseTaskId(params.id), clientId: client.id });
  const [live] = await withLiveStatus(app.redis, [task]);
  return NextResponse.json({ ...serializeTask(live!), attempts: attempts.map(serializeAttempt) });
});
