import { readFileSync } from "node:fs";
import { expect, type APIRequestContext } from "@playwright/test";
import { clientFile } from "./accounts";

const apiKey = () => (JSON.parse(readFileSync(clientFile, "utf8")) as { apiKey: string }).apiKey;
const auth = () => ({ Authorization: `Bearer ${apiKey()}` });

export interface TaskBody {
  url: string;
  method?: string;
  params?: Record<string, unknown>;
  headers?: Record<string, string>;
  maxAttempts?: number;
  retry?: { strategy: "fixed" | "exponential"; delayMs: number; maxDelayMs: number };
  runAt?: string;
  sourceApp?: string;
  targetApp?: string;
}

/** Submits tasks through the native API as a real client would. */
export async function submitTask(request: APIRequestContext, body: TaskBody): Promise<string> {
  const res = await request.post("/api/v1/tasks", { headers: auth(), data: body });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

export async function submitBatch(request: APIRequestContext, tasks: TaskBody[]): Promise<string[]> {
  const res = await request.post("/api/v1/tasks/batch", { headers: auth(), data: { tasks } });
  expect(res.ok(), await res.text()).toBe(true);
  const { results } = (await res.json()) as { results: { id?: string; error?: unknown }[] };
  return results.map((r) => {
    if (!r.id) throw new Error(`batch item refused: ${JSON.stringify(r.error)}`);
    return r.id;
  });
}

export async function getTask(request: APIRequestContext, id: string) {
  const res = await request.get(`/api/v1/tasks/${id}`, { headers: auth() });
  expect(res.ok()).toBe(true);
  return (await res.json()) as { status: string; attemptCount?: number; attempts: unknown[] };
}

/** Waits (through the API, not the page) until every task has the status. */
export async function waitForStatus(request: APIRequestContext, ids: string[], status: string, timeoutMs = 30_000) {
  await expect
    .poll(async () => {
      for (const id of ids) if ((await getTask(request, id)).status !== status) return false;
      return true;
    }, { timeout: timeoutMs, intervals: [200, 300, 500] })
    .toBe(true);
}
