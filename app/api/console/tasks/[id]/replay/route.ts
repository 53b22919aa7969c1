import { NextResponse } from "next/server";
import { getAppContext } from "@/lib/context";
import { withSession } from "@/lib/http/with-session";
import { replayTask } from "@/lib/tasks/replay-task";
import { serializeTask } from "@/lib/tasks/serialize";
import { parseTaskId } from "@/lib/tasks/task-id";

/** POST /api/console/tasks/:id/replay — a new task copied from a finished one (lib/tasks/replay-task.ts). */
export const POST = withSession<{ id: string }>(
  async (_req, { params, user }) => {
    const { id } = await params;
    const copy = await replayTask(getAppContext(), { id: parseTaskId(id), actor: user.actor });
    return NextResponse.json({ task: serializeTask(copy) }, { status: 201 });
  },
  { role: "operator" },
);
