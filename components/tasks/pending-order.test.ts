import { describe, expect, it } from "vitest";
import type { TaskRow } from "@/lib/console/task-row";
import { pendingOrder } from "./pending-order";

const row = (id: string, status: TaskRow["status"], nextAttemptAt: string | null): TaskRow => ({
  id, status, nextAttemptAt, method: "POST", url: "http://127.0.0.1/x", sourceApp: null, targetApp: null, attempts: 1, maxAttempts: 5,
  lastStatusCode: 503, lastError: null, createdAt: "2026-12-01T00:00:00.000Z", updatedAt: "2026-12-01T00:00:00.000Z",
});

describe("pendingOrder", () => {
  it("puts a rescheduled task at its new place, a call in flight first and an ended task last", () => {
    const loaded = [row("a", "retrying", "2026-12-01T10:00:00Z"), row("b", "retrying", "2026-12-01T10:05:00Z"), row("c", "retrying", "2026-12-01T10:10:00Z")];
    // "a" failed again and waits until 10:20; "c" was run now and is in flight; "b" succeeded meanwhile.
    const live = [row("a", "retrying", "2026-12-01T10:20:00Z"), row("b", "succeeded", null), row("c", "running", "2026-12-01T10:10:00Z")];
    expect(pendingOrder(loaded).map((r) => r.id)).toEqual(["a", "b", "c"]);
    expect(pendingOrder(live).map((r) => r.id)).toEqual(["c", "a", "b"]);
  });

  it("orders equal times by id, as the server does, and leaves its input alone", () => {
    const rows = [row("b", "retrying", "2026-12-01T10:00:00Z"), row("a", "retrying", "2026-12-01T10:00:00Z"), row("z", "queued", null)];
    expect(pendingOrder(rows).map((r) => r.id)).toEqual(["a", "b", "z"]);
    expect(rows.map((r) => r.id)).toEqual(["b", "a", "z"]);
  });
});
