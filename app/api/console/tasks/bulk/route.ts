import { NextResponse } from "next/server";
import { z } from "zod";
import { getAppContext } from "@/lib/context";
import { parseOrThrow } from "@/lib/errors";
import { readJson } from "@/lib/http/read-body";
import { withSession } from "@/lib/http/with-session";
import { applyBulkAction, bulkActions } from "@/lib/tasks/bulk-apply";
import { bulkNoteSchema } from "@/lib/console/bulk-note";

// Selected rows: at most a few pages' worth, applied at once. Larger sets go through /api/console/bulk-jobs.
const bodySchema = z
  .object({
    action: z.enum(bulkActions),
    ids: z.array(z.string().regex(/^[0-9a-f-]{36}$/)).min(1).max(1000),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .superRefine(bulkNoteSchema);

export const POST = withSession(
  async (req, { user }) => {
    const body = parseOrThrow(bodySchema, await readJson(req));
    const result = await applyBulkAction(getAppContext(), { action: body.action, ids: [...new Set(body.ids)], actor: user.actor, note: body.note || undefined });
    return NextResponse.json(result);
  },
  { role: "operator" },
);
