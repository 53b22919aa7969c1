import { NextResponse } from "next/server";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { parseOrThrow } from "@/lib/errors";
import { readJson } from "@/lib/http/read-body";
import { withSession } from "@/lib/http/with-session";
import { bulkNoteSchema } from "@/lib/console/bulk-note";
import { getBulkQueue } from "@/lib/queue/bulk-queue";
import { taskActions } from "@/lib/tasks/lifecycle/actions";
import { taskFilterSchema } from "@/lib/tasks/task-filter";

const bodySchema = z
  .object({ action: z.enum(taskActions), filter: taskFilterSchema, note: z.string().trim().max(2000).optional() })
  .strict()
  .superRefine(bulkNoteSchema);

/** Starts "this action on everything matching the filter" as a background job in the worker. */
export const POST = withSession(
  async (req, { user }) => {
    const body = parseOrThrow(bodySchema, await readJson(req));
    // A UUID, not BullMQ's counter: the audit log refers to the job, and a counter restarts when Redis loses its data.
    const job = await getBulkQueue().add(
      `bulk.${body.action}`,
      { action: body.action, filter: body.filter, actor: user.actor, note: body.note || undefined },
      { jobId: uuidv7() },
    );
    return NextResponse.json({ id: job.id }, { status: 202 });
  },
  { role: "operator" },
);
