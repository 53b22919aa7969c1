import { NextResponse } from "next/server";
import { getAppContext } from "@/lib/context";
import { parseOrThrow } from "@/lib/errors";
import { withSession } from "@/lib/http/with-session";
import { listAlerts, listAlertsQuerySchema } from "@/lib/notify/list-alerts";
import { serializeAlert } from "@/lib/notify/serialize-channel";

export const GET = withSession(async (req) => {
  const query = parseOrThrow(listAlertsQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  const page = await listAlerts(getAppContext().db, query);
  return NextResponse.json({ items: page.items.map(serializeAlert), nextCursor: page.nextCursor });
});
