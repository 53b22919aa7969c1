import type { IncomingMessage, ServerResponse } from "node:http";
import * as kkbidaAddTask from "@/app/api/addTask/route";
import * as tasks from "@/app/api/v1/tasks/route";
import * as tasksBatch from "@/app/api/v1/tasks/batch/route";
import { ApiError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/api-handler";
import { logger } from "@/lib/logger";
import { noteOutage } from "@/lib/outage-log";
import { sendWebResponse, toWebRequest } from "./node-bridge";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * Submit routes the web server hands straight to their route handlers — the same exported functions Next.js
 * would call — skipping Next's routing pipeline, which costs about 1 ms of CPU per request here (a trivial route
 * handler under `next start` answers ~900 POSTs/s on one core of these machines; plain Node, 30,000). These are
 * the routes clients call at high rates; everything else goes through Next. The bridge reads the body itself and
 * hands it over in a BufferedRequest (lib/http/buffered-request.ts), which every way of reading a body serves.
 */
const routes: Record<string, Handler> = {
  "POST /api/v1/tasks": tasks.POST as Handler,
  "POST /api/v1/tasks/batch": tasksBatch.POST as Handler,
  "POST /api/addTask": kkbidaAddTask.POST as Handler,
};

const noParams = { params: Promise.resolve({}) };

/** Serves the request when it is a direct route; false means Next should. */
export function serveDirect(req: IncomingMessage, res: ServerResponse): boolean {
  const q = req.url?.indexOf("?") ?? -1;
  const path = q === -1 ? req.url : req.url!.slice(0, q);
  const handler = routes[`${req.method} ${path}`];
  if (!handler) return false;
  void (async () => {
    try {
      await sendWebResponse(res, await handler(await toWebRequest(req, res), noParams));
    } catch (err) {
      // The handlers answer their own errors: this is a broken connection or a fault in the bridge.
      if (!noteOutage(err, "requests refused")) logger.warn({ err, method: req.method, path }, "direct route failed");
      if (res.headersSent) res.destroy();
      else await sendWebResponse(res, errorResponse(new ApiError("internal", "Internal error."))).catch(() => res.destroy());
    }
  })();
  return true;
}
