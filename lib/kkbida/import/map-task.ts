import { UUID } from "uuidv7";
import { randomBytes } from "node:crypto";
import type { NewAttempt } from "../../db/schema/attempts";
import { httpMethods, type HttpMethod, type NewTask } from "../../db/schema/tasks";
import { env } from "../../env";
import { EXPIRED } from "../../tasks/expire-tasks";
import { taskInputSchema } from "../../tasks/task-input";
import { wallTimeToDate } from "./kkbida-time";

/** A callback_task row as the importer selects it (DATETIMEs as text, bits as numbers). */
export interface KkbidaTaskRow {
  taskId: string;
  callCount: number;
  createDate: string | null;
  expectResult: string | null;
  expireTimestamp: string | null;
  isSuccess: number | null;
  lastModifiedDate: string | null;
  limitCallCount: number;
  requestMethod: string | null;
  requestParamTxt: string | null;
  sourceAppName: string | null;
  targetAppName: string | null;
  url: string | null;
}

export interface KkbidaLogRow {
  id: number;
  taskId: string;
  createDate: string | null;
  isSuccess: number | null;
  responseTxt: string | null;
}

/** What becomes of a kkbida task: resumed (attempts left), history (final), or skipped, with the reason. */
export type TaskPlan =
  | { kind: "resumed" | "succeeded" | "failed" | "expired"; task: NewTask; attempts: NewAttempt[] }
  | { kind: "skipped"; reason: string };

export interface MapOptions {
  clientId: number;
  timeZone: string;
  now: Date;
  /** Final tasks that finished before this are left out: retention would delete them at once. */
  retentionCutoff: Date | null;
  pendingOnly: boolean;
}

const EXCERPT_CHARS = 65_536;
const clip = (text: string | null, max: number) => (text === null ? null : text.length > max ? text.slice(0, max) : text);

/**
 * A kkbida task and its call_back_log rows as a Bida task with its attempts. kkbida's callCount and limitCallCount
 * are kept (as attempts and max_attempts), so a resumed task has exactly the attempts kkbida had left.
 */
export function mapTask(row: KkbidaTaskRow, logs: KkbidaLogRow[], opts: MapOptions): TaskPlan {
  const zone = opts.timeZone;
  const createdAt = wallTimeToDate(row.createDate, zone) ?? opts.now;
  const updatedAt = wallTimeToDate(row.lastModifiedDate, zone) ?? createdAt;
  const expiresAt = wallTimeToDate(row.expireTimestamp, zone);
  if (row.taskId.length > 64) return { kind: "skipped", reason: "taskId longer than 64 characters" };
  const succeeded = row.isSuccess === 1;
  if (succeeded && opts.pendingOnly) return { kind: "skipped", reason: "succeeded (--pending-only)" };

  const method = (row.requestMethod ?? "POST").toUpperCase();
  if (!(httpMethods as readonly string[]).includes(method)) return { kind: "skipped", reason: `requestMethod ${JSON.stringify(row.requestMethod)} is not GET or POST` };
  const url = taskInputSchema.shape.url.safeParse(row.url ?? "");
  if (!url.success) return { kind: "skipped", reason: "url is not an absolute http(s) URL" };
  const params = parseParams(row.requestParamTxt);
  if (params === undefined) return { kind: "skipped", reason: "requestParamTxt is not a JSON object" };

  const sorted = [...logs].sort((a, b) => a.id - b.id);
  // callCount counts kkbida's attempts; its log may have lost rows, or hold more than it counted.
  const made = Math.max(row.callCount, sorted.length);
  const limit = Math.max(row.limitCallCount, 1);
  const lastLog = sorted[sorted.length - 1];
  const kind = succeeded ? "succeeded" : expiresAt && expiresAt <= opts.now ? "expired" : made >= limit ? "failed" : "resumed";
  if (kind !== "resumed" && opts.retentionCutoff && updatedAt < opts.retentionCutoff) return { kind: "skipped", reason: "finished before RETENTION_DAYS" };

  const attempts: NewAttempt[] = sorted.map((log, i) => {
    const ok = log.isSuccess === 1;
    return {
      n: i + 1,
      taskId: "",
      startedAt: wallTimeToDate(log.createDate, zone) ?? createdAt,
      durationMs: 0,
      statusCode: null,
      responseExcerpt: clip(log.responseTxt, EXCERPT_CHARS),
      error: ok ? null : clip(`kkbida: ${firstLine(log.responseTxt) || "failed"}`, 1024),
      url: url.data,
      ok,
    };
  });
  const final = kind !== "resumed";
  const id = idAt(createdAt);
  for (const a of attempts) a.taskId = id;
  const task: NewTask = {
    id,
    clientId: opts.clientId,
    protocol: "kkbida",
    status: kind === "resumed" ? (made > 0 ? "retrying" : "queued") : kind === "succeeded" ? "succeeded" : "failed",
    url: url.data,
    method: method as HttpMethod,
    params,
    bodyType: "json",
    headers: null,
    expect: row.expectResult && row.expectResult.trim() !== "" ? { bodyContains: row.expectResult } : null,
    maxAttempts: Math.max(limit, made),
    budget: Math.min(limit, 32_767),
    retry: null,
    timeoutMs: env.delivery.defaultTimeoutMs,
    sourceApp: clip(row.sourceAppName, 128),
    targetApp: clip(row.targetAppName, 128),
    idempotencyKey: null,
    orderingKey: null,
    orderingSeq: null,
    attempts: made,
    generation: 0,
    // A resumed task is due now: kkbida's own schedule for it stopped with kkbida.
    nextAttemptAt: final ? null : opts.now,
    lastStatusCode: null,
    lastError: kind === "expired" ? EXPIRED : kind === "failed" ? clip(lastLog ? `kkbida: ${firstLine(lastLog.responseTxt) || "failed"}` : "kkbida: attempts used up", 1024) : null,
    note: "imported from kkbida",
    expiresAt,
    externalId: row.taskId,
    createdAt,
    updatedAt,
    finishedAt: final ? updatedAt : null,
  };
  return { kind, task, attempts };
}

/** null for no parameters, undefined for text that is not a JSON object (the task cannot be rebuilt). */
function parseParams(text: string | null): Record<string, unknown> | null | undefined {
  if (text === null || text.trim() === "" || text.trim() === "null") return null;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const firstLine = (text: string | null) => (text ?? "").split(/\r?\n/, 1)[0]!.trim();

/** A UUIDv7 carrying the kkbida task's creation time, so imported tasks sort among the others by age. */
function idAt(createdAt: Date): string {
  const r = randomBytes(10);
  const ms = Math.max(0, createdAt.getTime());
  return UUID.fromFieldsV7(ms, r.readUInt16BE(0) & 0xfff, r.readUInt32BE(2) & 0x3fffffff, r.readUInt32BE(6)).toString();
}
