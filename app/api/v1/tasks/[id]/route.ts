import { NextResponse } from "next/server";
import { withApiClient } from "@/lib/http/with-api-client";
import { parseOrThrow } from "@/lib/errors";
import { attemptPageSchema, getTaskWithAttempts } from "@/lib/tasks/get-task";
import { withLiveStatus } from "@/lib/tasks/live-status";
import { parseTaskId } from "@/lib/tasks/task-id";
import { serializeAttempt, serializeTask } from "@/lib/tasks/serialize";

export const dynamic = "force-dynamic";

export const GET = withApiClient<{ id: string }>(async (req, { client, app, params }) => {
  const page = parseOrThrow(attemptPageSchema, Object.fromEntries(new URL(req.url).searchParams));
  const { task, attempts, attemptsNextAfter } = await getTaskWithAttempts(app.db, { id: parseTaskId(params.id), clientId: client.id }, page);
  const [live] = await withLiveStatus(app.redis, [task]);
  return NextResponse.json({ ...serializeTask(live!), attempts: attempts.map(serializeAttempt), attemptsNextAfter });
});
