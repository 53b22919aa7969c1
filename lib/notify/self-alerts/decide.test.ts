import { describe, expect, it } from "vitest";
import { decide, type ConditionState, type Observation } from "./decide";

const opts = { graceMs: 0, windowMs: 10_000 };
const on: Observation = { holds: true, detail: "x", value: 5 };
const off: Observation = { holds: false, detail: "", value: 0 };

/** Feeds observations at the given times; returns the notices that came out, as "started@t" / "resolved@t". */
function run(steps: Array<[number, Observation]>, o = opts): string[] {
  let state: ConditionState | undefined;
  const out: string[] = [];
  for (const [t, obs] of steps) {
    const d = decide(state, obs, t, o);
    state = d.state;
    if (d.notice) out.push(`${d.notice.kind}@${t}${d.notice.folded ? `+${d.notice.folded}` : ""}`);
  }
  return out;
}

describe("a self-alert condition's messages", () => {
  it("sends one start and one end, not one per check", () => {
    expect(run([[0, off], [1_000, on], [2_000, on], [3_000, on], [4_000, off], [5_000, off]])).toEqual(["started@1000", "resolved@4000"]);
  });

  it("says nothing for a condition that never held", () => {
    expect(run([[0, off], [1_000, off]])).toEqual([]);
  });

  it("waits out the grace period before a start counts, and a blip shorter than it is never sent", () => {
    const g = { ...opts, graceMs: 3_000 };
    expect(run([[0, on], [1_000, off], [2_000, on], [4_000, on], [5_000, on], [6_000, off]], g)).toEqual(["started@5000", "resolved@6000"]);
  });

  it("holds a return within the window and folds the flaps into the next start", () => {
    const steps: Array<[number, Observation]> = [
      [0, on], [1_000, off], // started, resolved
      [2_000, on], [3_000, off], // held: within the window of the start at 0
      [4_000, on], // held again
      [10_000, on], // the window has passed, still on: one start standing for the earlier return too
      [11_000, off],
    ];
    expect(run(steps)).toEqual(["started@0", "resolved@1000", "started@10000+1", "resolved@11000"]);
  });

  it("keeps the worst value seen while active for the resolved message", () => {
    let s = decide(undefined, { holds: true, detail: "a", value: 3 }, 0, opts).state;
    s = decide(s, { holds: true, detail: "b", value: 9 }, 1, opts).state;
    s = decide(s, { holds: true, detail: "c", value: 4 }, 2, opts).state;
    const d = decide(s, { holds: false, detail: "", value: 0 }, 3, opts);
    expect(d.notice?.kind).toBe("resolved");
    expect(d.notice?.state.peak).toBe(9);
    expect(d.notice?.since).toBe(0);
  });
});
