import { describe, expect, it } from "vitest";
import type { FoldEntry } from "../queue/alert-queue";
import { summaryAlert, summaryHeadline } from "./summary";

const entries = (host: string, count: number, event: FoldEntry["event"] = "task.exhausted"): FoldEntry[] =>
  Array.from({ length: count }, (_, i) => ({ alertId: i + 1, taskId: `t-${host}-${i}`, host, event }));

describe("summary", () => {
  it("names the host when there is one", () => {
    expect(summaryHeadline(entries("x.y", 37))).toBe("37 more tasks failed for host x.y");
    expect(summaryHeadline(entries("x.y", 1))).toBe("1 more task failed for host x.y");
  });

  it("lists hosts by count and sums up the rest", () => {
    const all = [...entries("a.test", 2), ...entries("b.test", 30), ...["c", "d", "e", "f", "g"].flatMap((h) => entries(`${h}.test`, 1))];
    expect(summaryHeadline(all)).toBe("37 more tasks failed for hosts b.test (30), a.test (2), c.test (1), d.test (1), e.test (1) and 2 other hosts");
  });

  it("keeps the channel's format and tells gave-up from still-failing", () => {
    const mixed = [...entries("x.y", 3), ...entries("x.y", 2, "task.failing")];
    const text = summaryAlert({ kind: "dingtalk", format: "text" }, mixed, "alert_9", 10_000);
    expect(text.message).toEqual({
      type: "text",
      text: "[Bida] 5 more tasks failed for host x.y in the last 10 s (3 gave up, 2 still failing).\nConsole: http://localhost:3000/tasks?status=failed",
    });
    expect(summaryAlert({ kind: "wecom", format: "markdown" }, mixed, "a").message.type).toBe("markdown");
    expect(text.payload).toMatchObject({ event: "alerts.folded", count: 5, hosts: [{ host: "x.y", count: 5 }] });
  });
});
