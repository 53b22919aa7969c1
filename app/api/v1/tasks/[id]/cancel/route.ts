import { NextResponse } from "next/server";
import { withApiClient } from "@/lib/http/with-api-client";
import { cancelTask } from "@/lib/tasks/cancel-task";
import { parseTaskId } from "@/lib/tasks/task-id";
import { serializeTask } from "@/lib/tasks/serialize";

export const dynamic = "force-dynamic";

export const POST = withApiClient<{ id: string }>(async (_req, { client, app, params }) => {
  const task = await cancelTask(app, { id: parseTaskId(params.id), clientId: client.id, actor: `client:${client.name}` });
  return NextResponse.json(serializeTask(task));
});
