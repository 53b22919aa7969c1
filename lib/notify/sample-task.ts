import type { Attempt } from "../db/schema/attempts";
import type { Task } from "../db/schema/tasks";

const sampleId = "00000000-0000-7000-8000-000000000000";

/** A made-up failed task for "Send test", shaped like a real alert so the operator sees what the group will get. */
export function sampleTask(now = new Date()): Task {
  return {
    id: sampleId,
    clientId: 0,
    protocol: "native",
    status: "failed",
    url: "https://orders.example.com/callback?order=42",
    method: "POST",
    params: { order: 42, paid: true },
    bodyType: "json",
    headers: null,
    expect: null,
    maxAttempts: 10,
    budget: 10,
    retry: null,
    timeoutMs: 10_000,
    sourceApp: "bida-test",
    targetApp: "orders",
    idempotencyKey: null,
    orderingKey: null,
    orderingSeq: null,
    orderingOpenSeq: null,
    attempts: 10,
    generation: 0,
    nextAttemptAt: null,
    waitingReason: null,
    waitingSince: null,
    waitingBehind: null,
    lastStatusCode: 503,
    lastError: "This is a test alert sent from the Bida console",
    note: null,
    expiresAt: null,
    externalId: null,
    replayOf: null,
    createdAt: new Date(now.getTime() - 5 * 60_000),
    updatedAt: now,
    finishedAt: now,
  };
}

export function sampleAttempt(now = new Date()): Attempt {
  return {
    id: 0,
    taskId: sampleId,
    n: 10,
    startedAt: new Date(now.getTime() - 120),
    durationMs: 120,
    statusCode: 503,
    responseExcerpt: "Service Unavailable",
    error: "This is a test alert sent from the Bida console",
    url: "https://orders.example.com/callback?order=42",
    responseHeaders: null,
    ok: false,
  };
}
