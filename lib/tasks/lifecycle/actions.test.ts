import { describe, expect, it } from "vitest";
import { tasks } from "../../db/schema/tasks";
import { actionsFor, allowedFrom, canApply, refusedWhileRunning, statusAfter, storedStatusesFor, taskActions, type TaskAction } from "./actions";
import { activeStatuses, finalStatuses, isActive, isFinal, liveStatuses, sqlStatusList, taskStatuses, type LiveStatus } from "./statuses";

// The action table written out again, on purpose: a change to `allowedFrom` must change this too.
const columns = ["retry", "run_now", "cancel", "resolve"] as const satisfies readonly TaskAction[];
const x = true;
const _ = false;
// prettier-ignore
const expected: Record<LiveStatus, readonly [retry: boolean, run_now: boolean, cancel: boolean, resolve: boolean]> = {
  //          retry run_now cancel resolve
  queued:    [_,    x,      x,     x],
  retrying:  [_,    x,      x,     x],
  running:   [_,    _,      x,     x],
  succeeded: [_,    _,      _,     _],
  failed:    [x,    _,      _,     x],
  cancelled: [x,    _,      _,     x],
  resolved:  [_,    _,      _,     _],
};
const allowed = (action: TaskAction, status: LiveStatus) => expected[status][columns.indexOf(action as (typeof columns)[number])];

const pairs = taskActions.flatMap((action) => liveStatuses.map((status) => [action, status, allowed(action, status)] as const));
const sorted = (list: readonly string[]) => [...list].sort();

describe("the status lists", () => {
  it("the expected matrix covers every action and every live status", () => {
    expect(sorted(taskActions)).toEqual(sorted(columns));
    expect(sorted(Object.keys(expected))).toEqual(sorted(liveStatuses));
    expect(pairs).toHaveLength(4 * 7);
  });

  it("live statuses are the stored ones plus running, which is never stored", () => {
    expect(sorted(liveStatuses)).toEqual(sorted([...taskStatuses, "running"]));
    expect(new Set(liveStatuses).size).toBe(liveStatuses.length);
    expect(taskStatuses).not.toContain("running");
  });

  it("active and final statuses split the stored ones without overlap", () => {
    expect(sorted([...activeStatuses, ...finalStatuses])).toEqual(sorted(taskStatuses));
    expect(activeStatuses.filter((s) => (finalStatuses as readonly string[]).includes(s))).toEqual([]);
    for (const s of liveStatuses) expect({ s, active: isActive(s), final: isFinal(s) }).toEqual({ s, active: (activeStatuses as readonly string[]).includes(s), final: (finalStatuses as readonly string[]).includes(s) });
  });

  it("MySQL's status enum is the stored statuses (one definition)", () => {
    expect(tasks.status.enumValues).toEqual([...taskStatuses]);
  });

  it("sqlStatusList quotes each status for an IN (…) body", () => {
    expect(sqlStatusList(activeStatuses)).toBe("'queued','retrying'");
    expect(sqlStatusList(finalStatuses)).toBe("'succeeded','failed','cancelled','resolved'");
    expect(sqlStatusList(["failed"])).toBe("'failed'");
  });
});

describe("the action table", () => {
  it.each(pairs)("canApply(%s, %s) is %s", (action, status, want) => {
    expect(canApply(action, status)).toBe(want);
  });

  it.each(liveStatuses.map((s) => [s]))("actionsFor(%s) lists exactly the allowed actions, in table order", (status) => {
    expect(actionsFor(status)).toEqual(taskActions.filter((a) => allowed(a, status)));
  });

  it("allowedFrom lists only live statuses, each once", () => {
    for (const a of taskActions) {
      expect(allowedFrom[a].every((s) => (liveStatuses as readonly string[]).includes(s))).toBe(true);
      expect(new Set(allowedFrom[a]).size).toBe(allowedFrom[a].length);
    }
  });

  it("from a final status, only retry and resolve ever apply", () => {
    for (const status of finalStatuses) {
      expect(actionsFor(status).filter((a) => a !== "retry" && a !== "resolve")).toEqual([]);
    }
    expect(actionsFor("succeeded")).toEqual([]);
    expect(actionsFor("resolved")).toEqual([]);
  });

  it("refusedWhileRunning is true exactly for the actions not allowed from running", () => {
    expect(taskActions.filter(refusedWhileRunning)).toEqual(taskActions.filter((a) => !allowed(a, "running")));
    expect(taskActions.filter(refusedWhileRunning)).toEqual(["retry", "run_now"]);
  });

  it.each(taskActions.map((a) => [a]))("storedStatusesFor(%s): the stored statuses it is allowed from, running read as queued and retrying", (action) => {
    const stored = storedStatusesFor(action);
    expect(stored).not.toContain("running");
    expect(stored.every((s) => (taskStatuses as readonly string[]).includes(s))).toBe(true);
    expect(new Set(stored).size).toBe(stored.length);
    const want = taskStatuses.filter((s) => allowed(action, s) || (allowed(action, "running") && (activeStatuses as readonly string[]).includes(s)));
    expect(sorted(stored)).toEqual(sorted(want));
  });

  it("storedStatusesFor, written out", () => {
    expect(Object.fromEntries(taskActions.map((a) => [a, sorted(storedStatusesFor(a))]))).toEqual({
      retry: ["cancelled", "failed"],
      run_now: ["queued", "retrying"],
      cancel: ["queued", "retrying"],
      resolve: ["cancelled", "failed", "queued", "retrying"],
    });
  });

  it("storedStatusesFor reads running as queued and retrying even for an action not allowed from them", () => {
    // In today's table every action allowed from running is also allowed from queued and retrying, so the mapping
    // is only seen with a table that differs; the table is put back before anything else reads it.
    const saved = allowedFrom.cancel;
    try {
      allowedFrom.cancel = ["running"];
      expect(storedStatusesFor("cancel")).toEqual(["queued", "retrying"]);
      allowedFrom.cancel = ["failed", "running"];
      expect(storedStatusesFor("cancel")).toEqual(["failed", "queued", "retrying"]);
    } finally {
      allowedFrom.cancel = saved;
    }
  });

  it("statusAfter is a stored status, or null for run_now which keeps it", () => {
    expect(statusAfter).toEqual({ retry: "queued", run_now: null, cancel: "cancelled", resolve: "resolved" });
    for (const a of taskActions) {
      const after = statusAfter[a];
      if (after !== null) expect(taskStatuses).toContain(after);
    }
  });
});
