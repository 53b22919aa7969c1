import type { ApiClient } from "../db/schema/api-clients";
import { getAppContext, type AppContext } from "../context";
import { authenticateBearer } from "../auth/api-client";
import { apiHandler, type RouteContext } from "./api-handler";
import { requestCaller } from "./request-caller";

export interface ApiClientContext<P> {
  client: ApiClient;
  app: AppContext;
  params: P;
}

/** Wraps a native-API route handler: authenticates the Bearer key (and the caller's address), then runs the handler inside apiHandler. */
export function withApiClient<P = Record<string, string>>(fn: (req: Request, ctx: ApiClientContext<P>) => Promise<Response>) {
  return apiHandler<P>(async (req, routeCtx: RouteContext<P>) => {
    const app = getAppContext();
    const client = await authenticateBearer(app.db, req.headers.get("authorization"), requestCaller(req));
    return fn(req, { client, app, params: await routeCtx.params });
  });
}
