/**
 * kkbida's CallBackTask as a Dubbo consumer sends it (hessian2, decoded by hessian.js), turned into the JSON shape
 * its HTTP SDK sends (shared/fixtures/kkbida-addtask.http), so both paths share lib/kkbida/kkbida-task.ts.
 * hessian.js gives enums as `{ name }` objects and java.sql.Timestamp as `{ value: Date }` or a Date; Jackson
 * writes both as the enum's name and epoch milliseconds.
 */
export type KkbidaJson = Record<string, unknown>;

const MAX_DEPTH = 64;

/** A decoded hessian value as JSON: plain objects with own keys only, dates as epoch ms, no functions. */
export function toJson(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new Error("requestParam is nested too deeply");
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map((v) => toJson(v, depth + 1));
  if (typeof value === "object") {
    // Object.entries reads own keys only, and fromEntries makes `__proto__` a plain key, never a prototype.
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJson(v, depth + 1)]));
  }
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return String(value);
}

function enumName(v: unknown): unknown {
  if (v && typeof v === "object" && typeof (v as { name?: unknown }).name === "string") return (v as { name: string }).name;
  return v ?? null;
}

function epochMs(v: unknown): unknown {
  if (v instanceof Date) return v.getTime();
  if (v && typeof v === "object" && "value" in v) return epochMs((v as { value: unknown }).value);
  return v ?? null;
}

const DATE_FIELDS = ["createDate", "lastModifiedDate", "expireTimestamp"];

/** The task argument as kkbida's HTTP JSON; null when the argument is not an object at all. */
export function callBackTaskJson(arg: unknown): KkbidaJson | null {
  if (arg === null || typeof arg !== "object" || Array.isArray(arg)) return null;
  const out = toJson(arg) as KkbidaJson;
  const raw = arg as Record<string, unknown>;
  out.requestMethod = enumName(raw.requestMethod);
  for (const f of DATE_FIELDS) if (f in raw) out[f] = epochMs(raw[f]);
  return out;
}

/**
 * The checks kkbida ran for `call` (the interface's default method) before adding a task, in its words; an empty
 * list when the task passes. `doCall` skipped them. Bida's own validation runs after either way.
 */
export function kkbidaRefusals(task: KkbidaJson): string[] {
  const reasons: string[] = [];
  const url = task.url;
  if (typeof url !== "string" || !/^https?:\/\//.test(url)) reasons.push("url为空或url格式不正确");
  const limit = task.limitCallCount;
  if (typeof limit !== "number" || limit <= 0 || limit > 100) reasons.push("最大重试次数不能为空且不能大于100");
  if (task.requestMethod === null || task.requestMethod === undefined) reasons.push("请求方式不能为空");
  const expect = task.expectResult;
  if (typeof expect !== "string" || expect.trim() === "") reasons.push("期望结果不能为空");
  return reasons;
}

/** kkbida's CallBackException message: "任务添加失败，" and the reasons. */
export function refusalMessage(reasons: string[]): string {
  return `任务添加失败，${reasons.join("，")}`;
}
