/**
 * What an operator may paste to find a task: a full id, a prefix of one, the short form the console shows
 * (`01a23354…915c`, also typed with three dots), or only its tail (`…915c`). Dashes are optional: they are put
 * back where a UUID has them, so `01a233549d` and `01a23354-9d` find the same tasks.
 */
export type TaskIdQuery =
  | { kind: "exact"; id: string }
  | { kind: "match"; prefix: string; suffix: string };

const dashAfter = [8, 12, 16, 20];

/** Hex digits as the start of a canonical id (dashes where a UUID has them). */
function asPrefix(hex: string): string {
  let out = "";
  for (let i = 0; i < hex.length; i++) {
    if (dashAfter.includes(i)) out += "-";
    out += hex[i];
  }
  return out;
}

/** Hex digits as the end of a canonical id: the same positions, counted from the end of 32 digits. */
function asSuffix(hex: string): string {
  const start = 32 - hex.length;
  let out = "";
  for (let i = 0; i < hex.length; i++) {
    if (i > 0 && dashAfter.includes(start + i)) out += "-";
    out += hex[i];
  }
  return out;
}

/** A short prefix or tail matches too much to be meant as an id. */
const minPrefix = 4;
const minSuffix = 3;

/** The query a typed value stands for, or null when it cannot be (part of) a task id. */
export function parseTaskIdQuery(raw: string): TaskIdQuery | null {
  const value = raw.trim().toLowerCase().replace(/\.{2,}/g, "…").replace(/\s+/g, "");
  if (!/^[0-9a-f-]*…?[0-9a-f-]*$/.test(value) || value.length === 0) return null;
  const [head = "", tail = ""] = value.includes("…") ? value.split("…") : [value, ""];
  const prefixHex = head.replace(/-/g, "");
  const suffixHex = tail.replace(/-/g, "");
  if (prefixHex.length + suffixHex.length > 32) return null;
  if (!value.includes("…")) {
    if (prefixHex.length === 32) return { kind: "exact", id: asPrefix(prefixHex) };
    if (prefixHex.length < minPrefix) return null;
    return { kind: "match", prefix: asPrefix(prefixHex), suffix: "" };
  }
  if (prefixHex.length === 0 && suffixHex.length < minSuffix) return null;
  if (suffixHex.length === 0 && prefixHex.length < minPrefix) return null;
  return { kind: "match", prefix: asPrefix(prefixHex), suffix: asSuffix(suffixHex) };
}

/** The query as one LIKE pattern over the canonical id (only hex digits and dashes: nothing to escape). */
export function taskIdPattern(q: Extract<TaskIdQuery, { kind: "match" }>): string {
  return `${q.prefix}%${q.suffix}`;
}
