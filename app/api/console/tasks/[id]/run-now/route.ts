import { NextResponse } from "next/server";
import { getAppContext } from "@/lib/context";
import { withSession } from "@/lib/http/with-session";
import { runTaskNow } from "@/lib/tasks/retry-task";
import { serializeTask } from "@/lib/tasks/serialize";

export const POST = withSession<{ id: string }>(
  async (_req, { params, user }) => {
    const { id } = await params;
    const task = await runTaskNow(getAppContext(), { id, actor: user.actor });
    return NextResponse.json({ task: serializeTask(task) });
  },
  { role: "operator" },
);
