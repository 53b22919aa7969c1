import { NextResponse } from "next/server";
import { ApiError, toApiError } from "../errors";
import { logger } from "../logger";
import { observeRequest, routeTemplate } from "../metrics/http-metrics";
import { noteOutage } from "../outage-log";

export type RouteContext<P = Record<string, string>> = { params: Promise<P> };

export function errorResponse(err: ApiError, headers?: HeadersInit): NextResponse {
  return NextResponse.json(err.toBody(), { status: err.status, headers: headers ?? err.headers });
}

/**
 * The outermost wrapper of every route handler: it turns any thrown value into the one error body. Unknown
 * errors are logged with their detail and answered as a bare 500; a down MySQL or Redis is a 503, counted by the
 * outage log (one line when it starts, a count while it lasts) rather than logged per request.
 */
export function apiHandler<P>(fn: (req: Request, ctx: RouteContext<P>) => Promise<Response>) {
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    const started = process.hrtime.bigint();
    let status = 500;
    try {
      const res = await fn(req, ctx);
      status = res.status;
      return res;
    } catch (err) {
      const apiErr = toApiError(err);
      if (apiErr.status >= 500 && !noteOutage(err, "requests refused")) {
        logger.error({ err, method: req.method, url: new URL(req.url).pathname }, "request failed");
      }
      status = apiErr.status;
      return errorResponse(apiErr);
    } finally {
      // By route template, never the raw path: ids in the path would make a label value per task.
      // Next gives routes without dynamic segments no params at all.
      const params = ((await Promise.resolve(ctx?.params).catch(() => undefined)) ?? {}) as Record<string, string | string[]>;
      observeRequest(routeTemplate(new URL(req.url).pathname, params), req.method, status, started);
    }
  };
}
