import type { AppContext } from "../context";
import { ApiError, zodDetails } from "../errors";
import { kkbidaTaskSchema, toTaskInput } from "../kkbida/kkbida-task";
import { normalizeIp } from "../net/cidr-list";
import { recordClientUse } from "../clients/record-client-use";
import { submitTask } from "../tasks/submit-tasks";
import type { Invocation, Outcome } from "./body-codec";
import { callBackTaskJson, kkbidaRefusals, refusalMessage } from "./call-back-task";
import { dubboClient } from "./dubbo-client";
import { Status } from "./frame";
import { retryKey } from "./retry-dedupe";

/** kkbida's Dubbo service, as its SDK defines it (shared/fixtures/kkbida-dubbo-interface.md). */
export const SERVICE = "cn.keking.callcenter.sdk.service.CallBackService";
export const SERVICE_VERSION = "1.0";
export const METHODS = ["call", "doCall"] as const;
export const TASK_DESCRIPTOR = "Lcn/keking/callcenter/sdk/model/CallBackTask;";
export const CALL_BACK_EXCEPTION = "cn.keking.callcenter.sdk.exception.CallBackException";

export type Reply = { status: typeof Status.OK; outcome: Outcome } | { status: number; message: string };

export interface ServiceOptions {
  clientName: string;
  retryWindowMs: number;
}

/** A refusal the consumer sees thrown as kkbida's CallBackException (a business exception: Dubbo does not retry it). */
class Refusal extends Error {}

const refused = (reasons: string[]) => new Refusal(refusalMessage(reasons));

function apiReasons(err: ApiError): string[] {
  return [err.message, ...err.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message))];
}

/**
 * Answers one invocation. Unknown service, version, group or method: SERVICE_ERROR, as a Dubbo provider answers
 * them. A task kkbida or Bida refuses (its checks, the client's hosts, callers, quotas): a CallBackException.
 * Anything else (MySQL or Redis down): SERVICE_ERROR, which Dubbo consumers retry on another provider.
 */
export async function invokeCallBackService(ctx: AppContext, opts: ServiceOptions, inv: Invocation, remote: string | null): Promise<Reply> {
  const path = inv.attachments.path || inv.path;
  const version = inv.attachments.version ?? inv.version;
  const group = inv.attachments.group ?? "";
  if (path !== SERVICE || version !== SERVICE_VERSION || group !== "") {
    const key = `${group ? `${group}/` : ""}${path}${version ? `:${version}` : ""}`;
    return { status: Status.SERVICE_ERROR, message: `Not found exported service: ${key}; this provider exports ${SERVICE}:${SERVICE_VERSION}` };
  }
  if (!(METHODS as readonly string[]).includes(inv.method) || inv.parameterTypes !== TASK_DESCRIPTOR) {
    return { status: Status.SERVICE_ERROR, message: `Not found method "${inv.method}(${inv.parameterTypes})" in ${SERVICE}; it has call and doCall(${TASK_DESCRIPTOR})` };
  }
  try {
    const id = await addTask(ctx, opts, inv.method as (typeof METHODS)[number], inv.args[0], remote);
    return { status: Status.OK, outcome: { value: id } };
  } catch (err) {
    if (err instanceof Refusal) return { status: Status.OK, outcome: { exception: { className: CALL_BACK_EXCEPTION, message: err.message } } };
    throw err;
  }
}

async function addTask(ctx: AppContext, opts: ServiceOptions, method: (typeof METHODS)[number], arg: unknown, remote: string | null): Promise<string> {
  const caller = remote ? normalizeIp(remote) : null;
  const { client, callers } = await dubboClient(ctx.db, opts.clientName);
  if (!client) throw new Error(`DUBBO_CLIENT names no API client ("${opts.clientName}"); create it or fix the setting`);
  if (client.disabled) throw refused(["This API client is disabled."]);
  if (!callers(caller)) throw refused([`Calls from ${caller ?? "an unknown address"} are not allowed for this API client.`]);
  recordClientUse(ctx.db, client, "current");

  const task = callBackTaskJson(arg);
  if (!task) throw refused(["task为空"]);
  // `call` ran kkbida's checks on the provider (the interface's default method); `doCall` went without them.
  if (method === "call") {
    const reasons = kkbidaRefusals(task);
    if (reasons.length > 0) throw refused(reasons);
  }
  const raw = kkbidaTaskSchema.safeParse(task);
  if (!raw.success) throw refused(apiReasons(new ApiError("validation_failed", "The task is not valid.", zodDetails(raw.error))));
  const input = toTaskInput(raw.data);
  if (!input.success) throw refused(apiReasons(new ApiError("validation_failed", "The task is not valid.", zodDetails(input.error))));

  const idempotencyKey = await retryKey(ctx.redis, caller, { method, task }, opts.retryWindowMs);
  try {
    const { task: row } = await submitTask(ctx, client, input.data, { protocol: "kkbida", idempotencyKey });
    return row.id;
  } catch (err) {
    // The client's hosts, quotas and the outbound policy refuse as on HTTP (4xx); a 5xx is the provider's problem.
    if (err instanceof ApiError && err.status < 500) throw refused(apiReasons(err));
    throw err;
  }
}
