import { NextResponse } from "next/server";
import { z } from "zod";
import { hasRole } from "@/lib/auth/roles";
import { globalSearch } from "@/lib/console/global-search";
import { getAppContext } from "@/lib/context";
import { parseOrThrow } from "@/lib/errors";
import { withSession } from "@/lib/http/with-session";

export const dynamic = "force-dynamic";

const querySchema = z.object({ q: z.string().max(200) });

/** GET /api/console/search?q= — the search box: tasks by id (any shown form), kkbida id or URL; app names. */
export const GET = withSession(async (req, { user }) => {
  const { q } = parseOrThrow(querySchema, { q: new URL(req.url).searchParams.get("q") ?? "" });
  return NextResponse.json(await globalSearch(getAppContext(), q, { revealUrls: hasRole(user.role, "operator") }));
});
