import { beforeAll, describe, expect, it } from "vitest";
import { errorStatus, type ErrorCode } from "@/lib/errors";
import { baseUrl, newClient, type TestClient } from "./support/api";
import { statusCounts } from "./support/db";

// Hostile inputs, each answered with a 4xx in the protocol's own way, while another client's concurrent submits
// all get 201. None reaches a shared INSERT and fails it for the others; none is a 500.

type Protocol = "single" | "batch" | "kkbida";
interface Case {
  name: string;
  protocol: Protocol;
  /** A task (single), a batch item (batch), or a kkbida task (kkbida); or `raw` for the whole body. */
  task?: Record<string, unknown>;
  raw?: string;
  headers?: Record<string, string>;
}

const url = "http://127.0.0.1:9/hostile";
const nest = (depth: number, leaf: unknown = 1, array = false): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = array ? [v] : { a: v };
  return v;
};
// The params object itself is one level: params of nest(n) are n + 1 deep.
const deepParams = (depth: number, array = false) => ({ a: nest(depth - 1, 1, array) });
const lone = "\ud800";
const big = (bytes: number) => ({ blob: "x".repeat(bytes) });
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

const native: Array<[string, Record<string, unknown>]> = [
  ["params nested 40 deep", { url, params: deepParams(40) }],
  ["params nested 32 deep (MariaDB's own limit)", { url, params: deepParams(32) }],
  ["params nested 21 deep", { url, params: deepParams(21) }],
  ["params of arrays nested 25 deep", { url, params: deepParams(25, true) }],
  ["params nested 100,000 deep", { url, params: "DEEP" }],
  ["expect.json.equals nested 40 deep", { url, expect: { json: { path: "$.a", equals: nest(40) } } }],
  ["params with a lone surrogate in a value", { url, params: { a: lone } }],
  ["params with a lone surrogate in a key", { url, params: { [`k${lone}`]: 1 } }],
  ["expect.bodyContains with a lone surrogate", { url, expect: { bodyContains: `x${lone}` } }],
  ["params larger than 512 KiB as JSON", { url, params: big(600 * 1024) }],
  ["params not an object", { url, params: [1, 2, 3] }],
  ["params a string", { url, params: "a=1" }],
  ["runAt valid ISO landing in year 10000", { url, runAt: "9999-12-31T23:59:59-05:00" }],
  ["runAt with an extended year", { url, runAt: "+010000-01-01T00:00:00Z" }],
  ["runAt in year 0", { url, runAt: "0000-01-01T00:00:00Z" }],
  ["runAt five years ahead", { url, runAt: later(5 * 366 * 86_400_000) }],
  ["runAt not a date", { url, runAt: "tomorrow" }],
  ["runAt on February 30th", { url, runAt: "2027-02-30T00:00:00Z" }],
  ["url longer than 2048", { url: `${url}?q=${"a".repeat(2048)}` }],
  ["url ftp", { url: "ftp://127.0.0.1/x" }],
  ["url javascript:", { url: "javascript:alert(1)" }],
  ["url with CR LF", { url: `${url}\r\nX-Injected: 1` }],
  ["url with a NUL", { url: `${url}\u0000x` }],
  ["url with a lone surrogate", { url: `${url}/${lone}` }],
  ["sourceApp longer than 128", { url, sourceApp: "s".repeat(129) }],
  ["targetApp of 129 multi-byte characters", { url, targetApp: "中".repeat(129) }],
  ["sourceApp with a lone surrogate", { url, sourceApp: `a${lone}` }],
  ["sourceApp with a newline", { url, sourceApp: "a\nb" }],
  ["header name with a space", { url, headers: { "X Bad": "1" } }],
  ["header name with a colon", { url, headers: { "X:Y": "1" } }],
  ["header name empty", { url, headers: { "": "1" } }],
  ["header name longer than 256", { url, headers: { [`X-${"a".repeat(300)}`]: "1" } }],
  ["header name non-ASCII", { url, headers: { "X-名前": "1" } }],
  ["header value with CR LF (header injection)", { url, headers: { "X-A": "1\r\nX-Injected: yes" } }],
  ["header value with a bare LF", { url, headers: { "X-A": "1\nb" } }],
  ["header value with a NUL", { url, headers: { "X-A": "1\u0000" } }],
  ["header value with CJK (no Latin-1 byte)", { url, headers: { "X-A": "中文" } }],
  ["header value with an emoji", { url, headers: { "X-A": "ok 😀" } }],
  ["header value longer than 8192", { url, headers: { "X-A": "v".repeat(8193) } }],
  ["header value with a leading space", { url, headers: { "X-A": " v" } }],
  ["hop-by-hop header Transfer-Encoding", { url, headers: { "Transfer-Encoding": "chunked" } }],
  ["Host header", { url, headers: { Host: "internal.example" } }],
  ["101 headers", { url, headers: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`X-H${i}`, "v"])) }],
  ["headers larger than 64 KiB in all", { url, headers: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`X-H${i}`, "v".repeat(8000)])) }],
  ["maxAttempts past INT range", { url, maxAttempts: 2 ** 31 }],
  ["maxAttempts 0", { url, maxAttempts: 0 }],
  ["maxAttempts 1.5", { url, maxAttempts: 1.5 }],
  ["maxAttempts as a string", { url, maxAttempts: "10" }],
  ["maxAttempts 1e308", { url, maxAttempts: 1e308 }],
  ["timeoutMs 10^12", { url, timeoutMs: 1e12 }],
  ["timeoutMs negative", { url, timeoutMs: -1 }],
  ["retry.delayMs past INT range", { url, retry: { delayMs: 2 ** 32 } }],
  ["retry with an unknown field", { url, retry: { delayMs: 1000, jitter: 5 } }],
  ["expect.status 1000", { url, expect: { status: [1000] } }],
  ["expect.status past INT range", { url, expect: { status: [2 ** 31] } }],
  ["expect.bodyContains of 4097 characters", { url, expect: { bodyContains: "b".repeat(4097) } }],
  ["method TRACE", { url, method: "TRACE" }],
  ["bodyType xml", { url, bodyType: "xml" }],
  ["an unknown field", { url, callback: "http://elsewhere" }],
  ["__proto__ as a field", { url, ["__proto__"]: { admin: true } }],
  ["orderingKey of 256 characters", { url, orderingKey: "k".repeat(256) }],
  ["orderingKey with a lone surrogate", { url, orderingKey: `k${lone}` }],
  ["orderingKey empty", { url, orderingKey: "" }],
];

const cases: Case[] = [
  ...native.map(([name, task]): Case => ({ name, protocol: "single", task })),
  { name: "Idempotency-Key of 256 characters", protocol: "single", task: { url }, headers: { "idempotency-key": "i".repeat(256) } },
  { name: "Idempotency-Key empty", protocol: "single", task: { url }, headers: { "idempotency-key": "" } },
  { name: "malformed JSON", protocol: "single", raw: '{"url": "http://127.0.0.1:9/x",' },
  { name: "JSON null", protocol: "single", raw: "null" },
  { name: "a JSON array", protocol: "single", raw: "[]" },
  { name: "an empty body", protocol: "single", raw: "" },
  { name: "a body over 1 MiB", protocol: "single", raw: JSON.stringify({ url, params: big(1024 * 1024) }) },
  // Batch-level refusals, and items refused one by one inside an answered batch.
  { name: "batch: tasks not an array", protocol: "batch", raw: JSON.stringify({ tasks: { url } }) },
  { name: "batch: 1001 tasks", protocol: "batch", raw: JSON.stringify({ tasks: Array.from({ length: 1001 }, () => ({ url })) }) },
  { name: "batch: no tasks", protocol: "batch", raw: JSON.stringify({ tasks: [] }) },
  { name: "batch: malformed JSON", protocol: "batch", raw: "{tasks:" },
  { name: "batch item: params nested 40 deep", protocol: "batch", task: { url, params: deepParams(40) } },
  { name: "batch item: runAt in year 10000", protocol: "batch", task: { url, runAt: "9999-12-31T23:59:59-05:00" } },
  { name: "batch item: header value with CR LF", protocol: "batch", task: { url, headers: { "X-A": "a\r\nb: c" } } },
  { name: "batch item: lone surrogate in params", protocol: "batch", task: { url, params: { a: lone } } },
  { name: "batch item: sourceApp of 129 characters", protocol: "batch", task: { url, sourceApp: "s".repeat(129) } },
  // kkbida's protocol (its CallBackTask JSON).
  { name: "kkbida: requestParam nested 40 deep", protocol: "kkbida", task: { url, requestMethod: "POST", requestParam: deepParams(40) } },
  { name: "kkbida: requestParam with a lone surrogate", protocol: "kkbida", task: { url, requestMethod: "POST", requestParam: { a: lone } } },
  { name: "kkbida: requestParam larger than 512 KiB", protocol: "kkbida", task: { url, requestMethod: "POST", requestParam: big(600 * 1024) } },
  { name: "kkbida: url of 3000 characters", protocol: "kkbida", task: { url: `${url}?${"a".repeat(3000)}`, requestMethod: "GET" } },
  { name: "kkbida: url javascript:", protocol: "kkbida", task: { url: "javascript:alert(1)", requestMethod: "GET" } },
  { name: "kkbida: url with CR LF", protocol: "kkbida", task: { url: `${url}\r\nX: y`, requestMethod: "GET" } },
  { name: "kkbida: requestMethod TRACE", protocol: "kkbida", task: { url, requestMethod: "TRACE" } },
  { name: "kkbida: limitCallCount past INT range", protocol: "kkbida", task: { url, requestMethod: "GET", limitCallCount: 2 ** 31 } },
  { name: "kkbida: sourceAppName of 200 characters", protocol: "kkbida", task: { url, requestMethod: "GET", sourceAppName: "s".repeat(200) } },
  { name: "kkbida: targetAppName with a lone surrogate", protocol: "kkbida", task: { url, requestMethod: "GET", targetAppName: `t${lone}` } },
  { name: "kkbida: expectResult of 5000 characters", protocol: "kkbida", task: { url, requestMethod: "GET", expectResult: "e".repeat(5000) } },
  { name: "kkbida: no url", protocol: "kkbida", task: { requestMethod: "GET" } },
  { name: "kkbida: malformed JSON", protocol: "kkbida", raw: '{"url":' },
];

let attacker: TestClient;
let victim: TestClient;

beforeAll(async () => {
  attacker = await newClient("hostile");
  victim = await newClient("bystander");
});

function bodyOf(c: Case): string {
  if (c.raw !== undefined) return c.raw;
  if (c.task!.params === "DEEP") return `{"url":${JSON.stringify(url)},"params":{"a":${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}}}`;
  return JSON.stringify(c.protocol === "batch" ? { tasks: [{ url: `${url}/fine` , runAt: later(3_600_000) }, c.task] } : c.task);
}

async function send(c: Case) {
  const path = c.protocol === "single" ? "/api/v1/tasks" : c.protocol === "batch" ? "/api/v1/tasks/batch" : "/api/addTask";
  const auth: Record<string, string> = c.protocol === "kkbida" ? { username: attacker.username, password: attacker.password } : { authorization: `Bearer ${attacker.apiKey}` };
  const res = await fetch(`${baseUrl()}${path}`, { method: "POST", headers: { "content-type": "application/json", ...auth, ...c.headers }, body: bodyOf(c) });
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
}

/** The native API's one error shape, with a code whose status is the one answered. */
function expectErrorShape(body: unknown, status: number, name: string) {
  const error = (body as { error?: { code?: ErrorCode; message?: unknown; details?: unknown } }).error;
  expect(error, name).toBeDefined();
  expect(typeof error!.message, name).toBe("string");
  expect(Array.isArray(error!.details), name).toBe(true);
  expect(errorStatus[error!.code!], name).toBe(status);
}

describe("hostile inputs", () => {
  it("has at least 50 cases on both protocols", () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(cases.filter((c) => c.protocol === "kkbida").length).toBeGreaterThanOrEqual(10);
  });

  it("each is refused with a 4xx in its protocol's way while another client's concurrent submits all get 201", async () => {
    const bystanders = Array.from({ length: 120 }, (_, i) =>
      fetch(`${baseUrl()}/api/v1/tasks`, {
        method: "POST",
        headers: { authorization: `Bearer ${victim.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ url: `http://127.0.0.1:9/bystander/${i}`, params: { i }, headers: { "X-Trace": `t-${i}` }, runAt: later(3_600_000) }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string } })),
    );
    const answers = await Promise.all(cases.map(send));
    const ok = await Promise.all(bystanders);

    const problems: string[] = [];
    cases.forEach((c, i) => {
      const a = answers[i]!;
      const name = `${c.protocol}: ${c.name} → ${a.status} ${a.text.slice(0, 160)}`;
      if (c.protocol === "batch" && c.task) {
        // An answered batch: the good item is taken, the hostile one refused on its own with a 4xx code.
        if (a.status !== 200) return void problems.push(name);
        const results = (JSON.parse(a.text) as { results: Array<{ id?: string; error?: { code: ErrorCode } }> }).results;
        if (!results[0]?.id || !results[1]?.error) return void problems.push(name);
        const s = errorStatus[results[1].error.code];
        if (s < 400 || s >= 500) problems.push(name);
        return;
      }
      if (a.status < 400 || a.status >= 500) return void problems.push(name);
      if (c.protocol === "kkbida") {
        // kkbida's way: a status with plain text (or an empty body), never JSON.
        if (a.text !== "" && !a.type.startsWith("text/plain")) problems.push(`${name} (content-type ${a.type})`);
        return;
      }
      try {
        expectErrorShape(JSON.parse(a.text), a.status, name);
      } catch {
        problems.push(`${name} (not the error shape)`);
      }
    });
    expect(problems).toEqual([]);

    expect(ok.map((r) => r.status)).toEqual(ok.map(() => 201));
    expect(await statusCounts(ok.map((r) => r.body.id))).toEqual({ queued: 120 });
  }, 120_000);
});
