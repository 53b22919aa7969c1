import { Pool } from "undici";

/** Wall-clock time with sub-millisecond precision, comparable with the receiver's (another process). */
export const now = () => performance.timeOrigin + performance.now();

export interface ApiTarget {
  pool: Pool;
  apiKey: string;
  /** The URL every benchmark task calls. */
  hookUrl: string;
}

/** Fields a phase sets on its tasks over the defaults (the receiver's hook, targetApp "bench-receiver"): url, timeoutMs, … */
export type TaskFields = Record<string, unknown>;

const taskBody = (hookUrl: string, i: number, sourceApp: string, fields: TaskFields = {}) => ({
  url: hookUrl,
  params: { order: i },
  sourceApp,
  targetApp: "bench-receiver",
  ...fields,
});

/** What the benchmark reads of an answer (parsed JSON, not checked): a task's id, or a batch's results. */
interface Answer {
  id: string;
  results: Array<{ id: string; error?: unknown }>;
}

async function post(api: ApiTarget, path: string, body: unknown): Promise<{ status: number; json: Answer }> {
  const res = await api.pool.request({
    path,
    method: "POST",
    headers: { authorization: `Bearer ${api.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.body.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text.slice(0, 300) };
  }
  return { status: res.statusCode, json: json as Answer };
}

export interface SubmitResult {
  ids: string[];
  errors: number;
  firstError: string | null;
  ms: number;
}

/** Runs `count` calls of `one(i)`, at most `concurrency` at once; stops early after 100 errors. */
async function runPool(count: number, concurrency: number, one: (i: number) => Promise<string[]>): Promise<SubmitResult> {
  const ids: string[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | null = null;
  const started = now();
  const lane = async () => {
    while (next < count && errors < 100) {
      const i = next++;
      try {
        ids.push(...(await one(i)));
      } catch (err) {
        errors++;
        firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { ids, errors, firstError, ms: now() - started };
}

/** `count` single `POST /api/v1/tasks`, `concurrency` in flight. */
export function submitSingles(api: ApiTarget, count: number, concurrency: number, sourceApp: string): Promise<SubmitResult> {
  return runPool(count, concurrency, async (i) => {
    const { status, json } = await post(api, "/api/v1/tasks", taskBody(api.hookUrl, i, sourceApp));
    if (status !== 201) throw new Error(`POST /api/v1/tasks answered ${status}: ${JSON.stringify(json).slice(0, 300)}`);
    return [json.id];
  });
}

/** `count` tasks through `POST /api/v1/tasks/batch`, `batchSize` per request, `parallel` requests in flight. */
export function submitBatches(api: ApiTarget, count: number, batchSize: number, parallel: number, sourceApp: string, fields?: TaskFields): Promise<SubmitResult> {
  const batches = Math.ceil(count / batchSize);
  return runPool(batches, parallel, async (b) => {
    const size = Math.min(batchSize, count - b * batchSize);
    const tasks = Array.from({ length: size }, (_, k) => taskBody(api.hookUrl, b * batchSize + k, sourceApp, fields));
    const { status, json } = await post(api, "/api/v1/tasks/batch", { tasks });
    if (status !== 200) throw new Error(`POST /api/v1/tasks/batch answered ${status}: ${JSON.stringify(json).slice(0, 300)}`);
    const failed = (json.results as Array<{ id?: string; error?: unknown }>).find((r) => !r.id);
    if (failed) throw new Error(`a batch item was refused: ${JSON.stringify(failed.error).slice(0, 300)}`);
    return json.results.map((r: { id: string }) => r.id);
  });
}

export interface PacedResult {
  /** Task id → when its request was sent (client side). */
  sentAt: Map<string, number>;
  /** Send → 201 for each accepted submit, ms. */
  answerMs: number[];
  errors: number;
  firstError: string | null;
  /** Rate actually achieved, tasks/s. */
  achievedPerSec: number;
}

/**
 * Open-loop load: single submits at a steady `perSec` for `seconds`, each sent on schedule whether or not the
 * earlier ones have been answered, so a slow server shows up as latency instead of as a lower rate.
 */
export async function submitPaced(api: ApiTarget, perSec: number, seconds: number, sourceApp: string): Promise<PacedResult> {
  const total = Math.round(perSec * seconds);
  const sentAt = new Map<string, number>();
  const answerMs: number[] = [];
  const inFlight: Promise<void>[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let sent = 0;
  const started = now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((now() - started) * perSec) / 1000) + 1);
      for (; sent < due; sent++) {
        const i = sent;
        const t0 = now();
        inFlight.push(
          post(api, "/api/v1/tasks", taskBody(api.hookUrl, i, sourceApp)).then(
            ({ status, json }) => {
              if (status === 201) {
                sentAt.set(json.id, t0);
                answerMs.push(now() - t0);
              }
              else {
                errors++;
                firstError ??= `answered ${status}: ${JSON.stringify(json).slice(0, 300)}`;
              }
            },
            (err: Error) => {
              errors++;
              firstError ??= err.message;
            },
          ),
        );
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, Math.max(1, Math.min(10, Math.floor(1000 / perSec))));
  });
  const sendMs = now() - started;
  await Promise.all(inFlight);
  return { sentAt, answerMs, errors, firstError, achievedPerSec: (total / sendMs) * 1000 };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
