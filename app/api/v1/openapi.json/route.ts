import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { openApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

/** The native API described as OpenAPI 3.1, public so tools can generate clients from it. */
export function GET(): Response {
  return NextResponse.json(openApiDocument(env.web.publicUrl));
}
