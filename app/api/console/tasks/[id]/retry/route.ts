import { NextResponse } from "next/server";
import { z } from "zod";
import { getAppContext } from "@/lib/context";
import { parseOrThrow } from "@/lib/errors";
import { readJson } from "@/lib/http/read-body";
import { withSession } from "@/lib/http/with-session";
import { retryTask } from "@/lib/tasks/retry-task";
import { serializeTask } from "@/lib/tasks/serialize";
import { taskInputSchema } from "@/lib/tasks/task-input";

// Manual compensation may correct the target before trying again.
const bodySchema = z
  .object({
    url: taskInputSchema.shape.url.optional(),
    params: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .strict();

export const POST = withSession<{ id: string }>(
  async (req, { params, user }) => {
    const { id } = await params;
    const body = parseOrThrow(bodySchema, await readJson(req, { optional: true }));
    const task = await retryTask(getAppContext(), { id, actor: user.actor, url: body.url, params: body.params });
    return NextResponse.json({ task: serializeTask(task) });
  },
  { role: "operator" },
);
