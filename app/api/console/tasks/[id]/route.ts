import { NextResponse } from "next/server";
import { hasRole } from "@/lib/auth/roles";
import { getAppContext } from "@/lib/context";
import { getTaskDetail } from "@/lib/console/task-detail";
import { withSession } from "@/lib/http/with-session";
import { serializeTask } from "@/lib/tasks/serialize";
import { parseTaskId } from "@/lib/tasks/task-id";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * GET /api/console/tasks/:id — what the detail page shows: the task (live status), its newest attempts with the URL
 * each called and the answer's headers, the replay links both ways, its audit trail.
 */
export const GET = withSession<{ id: string }>(async (_req, { params, user }) => {
  const { id } = await params;
  const d = await getTaskDetail(getAppContext(), parseTaskId(id), { revealParams: hasRole(user.role, "operator") });
  return NextResponse.json({
    task: serializeTask(d.task),
    clientName: d.clientName,
    replayOf: d.replayOf,
    replays: d.replays.map((r) => ({ id: r.id, at: iso(r.at) })),
    attempts: d.attempts.map((a) => ({ ...a, startedAt: iso(a.startedAt) })),
    audit: d.audit.map((e) => ({ id: e.id, actor: e.actor, action: e.action, details: e.details, at: iso(e.createdAt) })),
  });
});
