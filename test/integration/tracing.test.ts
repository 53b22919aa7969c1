import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClient, type TestClient } from "./support/api";
import { startOtlpReceiver } from "./support/otlp-receiver";
import { startReceiver, type Receiver } from "./support/receiver";
import { startWeb, startWorker, waitFor, type Proc } from "./support/processes";
import { waitForFinal } from "./support/wait";
import { taskRow } from "./support/db";

let receiver: Receiver;
let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
let client: TestClient;
const procs: Proc[] = [];
const tracedPort = 3700 + (process.pid % 200);

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const traceparentOf = (v: unknown) => /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(v ?? ""));

beforeAll(async () => {
  receiver = await startReceiver();
  otlp = await startOtlpReceiver();
  client = await newClient("tracing");
});
afterAll(async () => {
  for (const p of procs) await p.stop();
  await receiver?.close();
  await otlp?.close();
});

describe("tracing with an OTLP endpoint", () => {
  let web: Proc;
  let worker: Proc;
  beforeAll(async () => {
    const traced = { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, LOG_LEVEL: "info" };
    web = await startWeb(tracedPort, traced);
    worker = await startWorker(traced);
    procs.push(web, worker);
  });
  afterAll(async () => {
    // Stopping flushes the spans still batched.
    await worker?.stop();
    await web?.stop();
  });

  it("exports submit, enqueue, attempt and commit spans in the client's trace, and the callback carries it on", async () => {
    const traceId = hex(16);
    const clientSpan = hex(8);
    const res = await fetch(`http://127.0.0.1:${tracedPort}/api/v1/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json", traceparent: `00-${traceId}-${clientSpan}-01` },
      body: JSON.stringify({ url: receiver.url("/traced"), params: { a: 1 } }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await waitForFinal(id);

    // The receiver's call is in the client's trace, as a child of Bida's attempt span.
    const [call] = receiver.requests("/traced");
    const sent = traceparentOf(call?.headers.traceparent);
    expect(sent?.[1]).toBe(traceId);

    let names: string[] = [];
    await waitFor(() => {
      names = otlp.spans.filter((s) => s.traceId === traceId).map((s) => s.name);
      return ["submit", "enqueue", "attempt", "commit"].every((n) => names.includes(n));
    }, 20_000, () => `spans in the trace: ${names.join(", ")}; posts: ${otlp.posts.join(" | ")}`);
    const span = (name: string) => otlp.spans.find((s) => s.traceId === traceId && s.name === name)!;
    const submit = span("submit");
    const attempt = span("attempt");
    expect(submit.parentSpanId).toBe(clientSpan);
    expect(span("enqueue").parentSpanId).toBe(submit.spanId);
    expect(attempt.parentSpanId).toBe(submit.spanId);
    expect(sent?.[2]).toBe(attempt.spanId);
    expect(attempt.attributes["bida.task_id"]).toBe(id);
    const commit = span("commit");
    expect(commit.parentSpanId).toBe(attempt.spanId);
    expect(commit.links).toContainEqual({ traceId, spanId: attempt.spanId });
    expect(submit.resource["service.name"]).toBe("bida-web");
    expect(attempt.resource["service.name"]).toBe("bida-worker");
    // No resource detectors ran: nothing about the host, the process or a cloud, only service and SDK.
    for (const s of [submit, attempt]) {
      for (const key of Object.keys(s.resource)) expect(key).toMatch(/^(service\.(name|version)|telemetry\.sdk\.\w+)$/);
    }
    // The stored traceparent is Bida's own entry: the API does not show it as one of the task's headers.
    const view = await client.call(`/api/v1/tasks/${id}`);
    expect(JSON.stringify(view.body.headers ?? {})).not.toContain("traceparent");
    expect((await taskRow(id))?.headers?.[":traceparent"]).toBe(`00-${traceId}-${submit.spanId}-01`);
  });
});

describe("tracing without an OTLP endpoint", () => {
  it("starts no SDK and exports nothing, yet the callback still joins the client's trace", async () => {
    // The suite's web has no endpoint; this worker has none either, only the variables an SDK would read if one ran.
    const before = otlp.posts.length;
    const worker = await startWorker({ LOG_LEVEL: "info", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${otlp.endpoint}/v1/traces`, OTEL_TRACES_EXPORTER: "otlp" });
    procs.push(worker);
    const traceId = hex(16);
    const clientSpan = hex(8);
    const res = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/untraced") }, headers: { traceparent: `00-${traceId}-${clientSpan}-01` } });
    expect(res.status).toBe(201);
    await waitForFinal(res.body.id);
    const sent = traceparentOf(receiver.requests("/untraced")[0]?.headers.traceparent);
    expect(sent?.[1]).toBe(traceId);
    // A child of the client's span, not a copy of it.
    expect(sent?.[2]).not.toBe(clientSpan);
    await worker.stop();
    expect(otlp.posts.length).toBe(before);
    expect(worker.output()).not.toContain("tracing started");
  });

  it("ignores a malformed traceparent and sends none", async () => {
    const res = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/bad-trace") }, headers: { traceparent: "00-zz-1-01" } });
    expect(res.status).toBe(201);
    expect((await taskRow(res.body.id))?.headers).toBeNull();
  });
});
