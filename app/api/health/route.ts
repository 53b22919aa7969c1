import { NextResponse } from "next/server";
import { getAppContext } from "@/lib/context";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

/** 200 when MySQL and Redis both answer, 503 otherwise; the body says which, and whether a worker is running. */
export async function GET(): Promise<Response> {
  const health = await checkHealth(getAppContext());
  return NextResponse.json(health, { status: health.ok ? 200 : 503 });
}
