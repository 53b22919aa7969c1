import { ApiError, toApiError, zodDetails } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { noteOutage } from "@/lib/outage-log";
import { getAppContext } from "@/lib/context";
import { authenticateKkbida } from "@/lib/kkbida/kkbida-auth";
import { CallerRefusedError } from "@/lib/auth/caller-allowed";
import { requestCaller } from "@/lib/http/request-caller";
import { readJson } from "@/lib/http/read-body";
import { kkbidaPath, kkbidaTaskSchema, toTaskInput } from "@/lib/kkbida/kkbida-task";
import { submitTask } from "@/lib/tasks/submit-tasks";
import { withSubmitSpan } from "@/lib/tracing/submit-span";
import { timedRoute } from "@/lib/metrics/http-metrics";

export const dynamic = "force-dynamic";

const text = (body: string, status: number, headers?: Record<string, string>) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers } });

/**
 * kkbida's protocol, for its existing clients: credentials in `username`/`password` headers, the task as
 * kkbida's JSON, and the bare task id as text/plain. Errors are text too, since kkbida's SDK reads a String.
 */
export const POST = timedRoute("/api/addTask", withSubmitSpan("/api/addTask", addTask));

async function addTask(req: Request): Promise<Response> {
  try {
    const app = getAppContext();
    const client = await authenticateKkbida(app.db, req.headers.get("username"), req.headers.get("password"), requestCaller(req));
    const raw = kkbidaTaskSchema.safeParse(await readJson(req));
    if (!raw.success) throw reason(raw.error);
    const input = toTaskInput(raw.data);
    if (!input.success) throw reason(input.error, kkbidaPath);
    const { task } = await submitTask(app, client, input.data, { protocol: "kkbida", traceparent: req.headers.get("traceparent") });
    return text(task.id, 200);
  } catch (err) {
    // kkbida answered a caller outside its whitelist with a bare 403; its clients may test for exactly that.
    if (err instanceof CallerRefusedError) return new Response(null, { status: 403 });
    const apiErr = toApiError(err);
    if (apiErr.status >= 500 && !noteOutage(err, "requests refused")) logger.error({ err }, "kkbida addTask failed");
    const detail = apiErr.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; ");
    return text(detail ? `${apiErr.message} ${detail}` : apiErr.message, apiErr.status, apiErr.headers);
  }
}

function reason(error: import("zod").ZodError, rename: (path: PropertyKey[]) => PropertyKey[] = (p) => p): ApiError {
  const issues = error.issues.map((i) => ({ ...i, path: rename(i.path) }));
  return new ApiError("validation_failed", "The task is not valid.", zodDetails({ issues } as import("zod").ZodError));
}
