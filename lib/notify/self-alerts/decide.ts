/**
 * One condition's life as the channels see it: a "started" message when it begins, one "resolved" message when it
 * ends, and no message for the checks in between. A condition that returns within SELF_ALERT_WINDOW_MS of its last
 * "started" is held back and folded into the next message (which says how many returns it stands for), so a
 * flapping condition costs at most one start and one end per window. Pure: the checker stores the state.
 */

export type Notice = "started" | "resolved";

export interface ConditionState {
  /** The condition holds now (for at least its grace period). */
  active: boolean;
  /** When the raw observation turned true, for the grace period; null while it is false. */
  rawSince: number | null;
  /** When the current phase (active or not) began. */
  since: number;
  /** What the channels were last told. */
  told: Notice | null;
  /** When the last "started" went out (0: never). */
  startedAt: number;
  /** Starts held back by the window since the last message. */
  held: number;
  /** The latest observation, for the messages. */
  detail: string;
  /** The measured value (lag ms, open tasks, tasks re-queued in all) now, its worst while active, its last quiet value. */
  value: number;
  peak: number;
  baseline: number;
  updatedAt: number;
}

export interface Observation {
  holds: boolean;
  detail: string;
  value?: number;
}

export interface NoticeOut {
  kind: Notice;
  /** The state the message describes (before this check's baseline update). */
  state: ConditionState;
  /** How long the condition lasted (resolved) or since when it holds (started). */
  since: number;
  /** Returns folded into this message. */
  folded: number;
}

export interface DecideOptions {
  graceMs: number;
  windowMs: number;
}

export function initialState(now: number): ConditionState {
  return { active: false, rawSince: null, since: now, told: null, startedAt: 0, held: 0, detail: "", value: 0, peak: 0, baseline: 0, updatedAt: now };
}

export function decide(prev: ConditionState | undefined, obs: Observation, now: number, opts: DecideOptions): { state: ConditionState; notice: NoticeOut | null } {
  const s: ConditionState = { ...(prev ?? initialState(now)) };
  const value = obs.value ?? 0;
  s.rawSince = obs.holds ? (s.rawSince ?? now) : null;
  const active = obs.holds && now - s.rawSince! >= opts.graceMs;
  const phaseStart = s.since;
  if (active !== s.active) {
    s.active = active;
    // The condition began when it was first seen, not when its grace ran out.
    s.since = active ? s.rawSince! : now;
    if (active) s.peak = value;
    // A start that the window will hold back: counted now, so a return that ends before the window does is not lost.
    if (active && s.told === "resolved" && now - s.startedAt < opts.windowMs) s.held++;
  }
  s.value = value;
  if (active) {
    s.peak = Math.max(s.peak, value);
    s.detail = obs.detail;
  }
  s.updatedAt = now;

  let notice: NoticeOut | null = null;
  if (active && s.told !== "started" && (s.told === null || now - s.startedAt >= opts.windowMs)) {
    notice = { kind: "started", state: { ...s }, since: s.since, folded: Math.max(0, s.held - 1) };
    s.told = "started";
    s.startedAt = now;
    s.held = 0;
  } else if (!active && s.told === "started") {
    // The end of what was announced goes at once: the window limits starts, not their endings.
    notice = { kind: "resolved", state: { ...s, detail: prev?.detail ?? s.detail }, since: active === prev?.active ? s.since : phaseStart, folded: s.held };
    s.told = "resolved";
    s.held = 0;
  }
  if (!active) s.baseline = value;
  return { state: s, notice };
}
