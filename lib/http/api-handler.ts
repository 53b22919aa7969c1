import { NextResponse } from "next/server";
import { ApiError, toApiError } from "../errors";
import { logger } from "../logger";
import { noteOutage } from "../outage-log";

export type RouteContext<P = Record<string, string>> = { params: Promise<P> };

export function errorResponse(err: ApiError, headers?: HeadersInit): NextResponse {
  return NextResponse.json(err.toBody(), { status: err.status, headers });
}

/**
 * The outermost wrapper of every route handler: it turns any thrown value into the one error body. Unknown
 * errors are logged with their detail and answered as a bare 500; a down MySQL or Redis is a 503, counted by the
 * outage log (one line when it starts, a count while it lasts) rather than logged per request.
 */
export function apiHandler<P>(fn: (req: Request, ctx: RouteContext<P>) => Promise<Response>) {
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    try {
      return await fn(req, ctx);
    } catch (err) {
      const apiErr = toApiError(err);
      if (apiErr.status >= 500 && !noteOutage(err, "requests refused")) {
        logger.error({ err, method: req.method, url: new URL(req.url).pathname }, "request failed");
      }
      return errorResponse(apiErr);
    }
  };
}
