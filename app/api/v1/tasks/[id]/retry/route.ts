import { NextResponse } from "next/server";
import { z } from "zod";
import { parseOrThrow } from "@/lib/errors";
import { readJson } from "@/lib/http/read-body";
import { withApiClient } from "@/lib/http/with-api-client";
import { actOnTask } from "@/lib/tasks/act-on-task";
import { parseTaskId } from "@/lib/tasks/task-id";
import { serializeTask } from "@/lib/tasks/serialize";

export const dynamic = "force-dynamic";

const retryBodySchema = z.object({ attempts: z.number().int().min(1).max(100).optional() }).strict();

export const POST = withApiClient<{ id: string }>(async (req, { client, app, params }) => {
  const body = parseOrThrow(retryBodySchema, await readJson(req, { optional: true }));
  const task = await actOnTask(app, "retry", { id: parseTaskId(params.id), clientId: client.id, actor: `client:${client.name}`, attempts: body.attempts });
  return NextResponse.json(serializeTask(task));
});
