import { NextResponse } from "next/server";
import { z } from "zod";
import { getAppContext } from "@/lib/context";
import { auditFilterSchema, listAudit } from "@/lib/console/list-audit";
import { parseOrThrow } from "@/lib/errors";
import { withSession } from "@/lib/http/with-session";

export const dynamic = "force-dynamic";

const querySchema = auditFilterSchema.extend({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** GET /api/console/audit — the audit log page's data: ?actor, action, object, group=jobs, before, limit. */
export const GET = withSession(async (req) => {
  const { before, limit, ...filter } = parseOrThrow(querySchema, Object.fromEntries(new URL(req.url).searchParams));
  const page = await listAudit(getAppContext().db, { filter, before, limit });
  return NextResponse.json({ items: page.items.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })), nextBefore: page.nextBefore, scanLimited: page.scanLimited });
});
