import { NextResponse } from "next/server";
import { getOverview } from "@/lib/console/overview";
import { getAppContext } from "@/lib/context";
import { withSession } from "@/lib/http/with-session";
import { viewerTimeZone } from "@/lib/i18n/viewer-time-zone";

export const dynamic = "force-dynamic";

/** The overview's figures, reloaded by the page when live events arrive. */
export const GET = withSession(async () => NextResponse.json(await getOverview(getAppContext(), await viewerTimeZone())));
