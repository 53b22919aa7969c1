import { NextResponse } from "next/server";
import { z } from "zod";
import { getAppContext } from "@/lib/context";
import { ApiError, parseOrThrow } from "@/lib/errors";
import { readJson } from "@/lib/http/read-body";
import { withSession } from "@/lib/http/with-session";
import { actOnTask } from "@/lib/tasks/act-on-task";
import { taskActions, type TaskAction } from "@/lib/tasks/lifecycle/actions";
import { serializeTask } from "@/lib/tasks/serialize";
import { taskInputSchema } from "@/lib/tasks/task-input";

// Lone surrogates have no UTF-8 form: MySQL would keep "?" in their place.
const note = z.string().trim().max(2000).refine((v) => !/\p{Cs}/u.test(v), "must be valid Unicode text");

// What each action takes from an operator. Retry may correct the target first (manual compensation); a resolve's
// note is the record of what was done by hand, so it is required.
const bodySchemas = {
  retry: z.object({ url: taskInputSchema.shape.url.optional(), params: taskInputSchema.shape.params.nullable() }).strict(),
  run_now: z.object({}).strict(),
  cancel: z.object({ note: note.optional() }).strict(),
  resolve: z.object({ note: note.min(1, "say what was done by hand") }).strict(),
} satisfies Record<TaskAction, z.ZodType>;

/** POST /api/console/tasks/:id/:action — one of lib/tasks/lifecycle/actions.ts's actions on one task. */
export const POST = withSession<{ id: string; action: string }>(
  async (req, { params, user }) => {
    const { id, action: name } = await params;
    const action = taskActions.find((a) => a === name);
    if (!action) throw new ApiError("not_found", `No task action "${name}"; actions: ${taskActions.join(", ")}.`);
    const body: { url?: string; params?: Record<string, unknown> | null; note?: string } = parseOrThrow(bodySchemas[action], await readJson(req, { optional: true }));
    const task = await actOnTask(getAppContext(), action, { id, actor: user.actor, url: body.url, params: body.params, note: body.note || undefined });
    return NextResponse.json({ task: serializeTask(task) });
  },
  { role: "operator" },
);
