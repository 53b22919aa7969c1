import { NextResponse } from "next/server";
import { hasRole } from "@/lib/auth/roles";
import { listAttempts, attemptLogQuerySchema } from "@/lib/console/list-attempts";
import { getAppContext } from "@/lib/context";
import { parseOrThrow } from "@/lib/errors";
import { withSession } from "@/lib/http/with-session";

export const dynamic = "force-dynamic";

/** GET /api/console/attempts — the cross-task attempt log: ?taskId, host, result=ok|failed, from, to, cursor, limit. */
export const GET = withSession(async (req, { user }) => {
  const query = parseOrThrow(attemptLogQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  const page = await listAttempts(getAppContext().db, query, { revealUrls: hasRole(user.role, "operator") });
  return NextResponse.json({
    items: page.items.map((a) => ({ ...a, startedAt: a.startedAt.toISOString() })),
    nextCursor: page.nextCursor,
    scanLimited: page.scanLimited,
  });
});
