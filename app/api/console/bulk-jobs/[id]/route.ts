import { NextResponse } from "next/server";
import { ApiError } from "@/lib/errors";
import { withSession } from "@/lib/http/with-session";
import { getBulkJobView } from "@/lib/console/bulk-job-view";

/** A bulk job's state and progress, polled by the console while it runs. */
export const GET = withSession<{ id: string }>(async (_req, { params }) => {
  const { id } = await params;
  const view = await getBulkJobView(id);
  if (!view) throw new ApiError("not_found", `No bulk job with id ${id}; finished jobs are kept for a week.`);
  return NextResponse.json(view);
});
