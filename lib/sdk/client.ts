import type { z } from "zod";
import type { taskInputSchema } from "../tasks/task-input";
import type { AttemptView, TaskView } from "../tasks/serialize";
import { isFinal } from "../tasks/lifecycle/statuses";
import { BidaError } from "./bida-error";

/** What `call` accepts: the native API's task body (defaults filled in by the server). */
export type TaskRequest = z.input<typeof taskInputSchema>;
export type TaskDetail = TaskView & { attempts: AttemptView[] };

export interface BidaClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

/**
 * A small typed client for Bida's native API: `call(task)` returns the task id once Bida has durably accepted
 * the task; `get(id)` reads it with its attempts; `waitFor(id)` polls until it is final.
 */
export class BidaClient {
  private readonly baseUrl: string;

  constructor(private readonly opts: BidaClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
  }

  /**
   * Submits a task; resolves with its id once it is committed. Tasks with the same `orderingKey` are attempted one
   * at a time, in the order they were committed: await one `call` before the next (or send them in one batch) for
   * that order to be yours; calls still in flight together may commit in either order.
   */
  async call(task: TaskRequest, opts: { idempotencyKey?: string } = {}): Promise<string> {
    const headers: Record<string, string> = opts.idempotencyKey ? { "idempotency-key": opts.idempotencyKey } : {};
    const created = await this.request<TaskView>("POST", "/api/v1/tasks", task, headers);
    return created.id;
  }

  get(id: string): Promise<TaskDetail> {
    return this.request<TaskDetail>("GET", `/api/v1/tasks/${encodeURIComponent(id)}`);
  }

  retry(id: string, attempts?: number): Promise<TaskView> {
    return this.request<TaskView>("POST", `/api/v1/tasks/${encodeURIComponent(id)}/retry`, attempts ? { attempts } : {});
  }

  cancel(id: string): Promise<TaskView> {
    return this.request<TaskView>("POST", `/api/v1/tasks/${encodeURIComponent(id)}/cancel`);
  }

  /** Polls until the task is final; throws a `timeout` BidaError when it is not within `timeoutMs` (default 60 s). */
  async waitFor(id: string, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<TaskDetail> {
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    for (;;) {
      const task = await this.get(id);
      if (isFinal(task.status)) return task;
      if (Date.now() >= deadline) throw new BidaError(`Task ${id} is still ${task.status}.`, { status: null, code: "timeout" });
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
    }
  }

  private async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.opts.apiKey}`, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new BidaError(`Bida could not be reached: ${(err as Error).message}`, { status: null, code: "network", cause: err });
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: reported below
    }
    if (!res.ok) {
      const e = (parsed as { error?: { code?: string; message?: string; details?: BidaError["details"] } } | null)?.error;
      const retryAfterS = Number(res.headers.get("retry-after") ?? "NaN");
      throw new BidaError(e?.message ?? `HTTP ${res.status}`, { status: res.status, code: e?.code ?? "http_error", details: e?.details, retryAfterS: Number.isFinite(retryAfterS) ? retryAfterS : null });
    }
    if (parsed === null) throw new BidaError("Bida answered without a JSON body.", { status: res.status, code: "bad_response" });
    return parsed as T;
  }
}
