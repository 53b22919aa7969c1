import { NextResponse } from "next/server";
import { withApiClient } from "@/lib/http/with-api-client";
import { actOnTask } from "@/lib/tasks/act-on-task";
import { parseTaskId } from "@/lib/tasks/task-id";
import { serializeTask } from "@/lib/tasks/serialize";

export const dynamic = "force-dynamic";

export const POST = withApiClient<{ id: string }>(async (_req, { client, app, params }) => {
  const task = await actOnTask(app, "cancel", { id: parseTaskId(params.id), clientId: client.id, actor: `client:${client.name}` });
  return NextResponse.json(serializeTask(task));
});
