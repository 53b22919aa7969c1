import { NextResponse } from "next/server";
import { z } from "zod";
import { getAppContext } from "@/lib/context";
import { parseOrThrow } from "@/lib/errors";
import { readJson } from "@/lib/http/read-body";
import { withSession } from "@/lib/http/with-session";
import { applyToSelection } from "@/lib/tasks/bulk-selection";
import { taskActions } from "@/lib/tasks/lifecycle/actions";
import { bulkNoteSchema } from "@/lib/console/bulk-note";

// Selected rows: at most a few pages' worth, applied at once. Larger sets go through /api/console/bulk-jobs.
const bodySchema = z
  .object({
    action: z.enum(taskActions),
    ids: z.array(z.string().regex(/^[0-9a-f-]{36}$/)).min(1).max(1000),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .superRefine(bulkNoteSchema);

export const POST = withSession(
  async (req, { user }) => {
    const body = parseOrThrow(bodySchema, await readJson(req));
    const ids = [...new Set(body.ids)];
    const { jobId, changed, skipped } = await applyToSelection(getAppContext(), { action: body.action, ids, actor: user.actor, note: body.note || undefined });
    // `bulkJob` names the tasks this touched: /tasks?bulkJob=<id>.
    return NextResponse.json({ changed, skipped, bulkJob: jobId });
  },
  { role: "operator" },
);
