import { isSecretName, maskedValue } from "../notify/mask";

/** What an attempt keeps of the answer's headers: enough to debug a receiver, never a large or secret-bearing blob. */
export const maxResponseHeaders = 50;
export const maxResponseHeaderBytes = 4096;

/**
 * The answer's headers as stored on the attempt: names lower case, repeated headers joined with ", ", values of
 * credential-looking names (set-cookie, authorization, …; lib/notify/mask.ts) replaced, at most 50 headers and
 * 4 KiB of names and values in all (the rest dropped, and `…` says how many). Null when no answer arrived.
 */
export function keepResponseHeaders(headers: Record<string, string | string[] | undefined>, answered: boolean): Record<string, string> | null {
  if (!answered) return null;
  const kept: Record<string, string> = {};
  let bytes = 0;
  let count = 0;
  let dropped = 0;
  for (const [rawName, rawValue] of Object.entries(headers)) {
    if (rawValue === undefined) continue;
    const name = rawName.toLowerCase();
    let value = isSecretName(name) ? maskedValue : Array.isArray(rawValue) ? rawValue.join(", ") : rawValue;
    const room = maxResponseHeaderBytes - bytes - Buffer.byteLength(name, "utf8");
    if (count >= maxResponseHeaders || room <= 0) {
      dropped++;
      continue;
    }
    if (Buffer.byteLength(value, "utf8") > room) value = `${Buffer.from(value, "utf8").subarray(0, Math.max(0, room - 3)).toString("utf8").replace(/\uFFFD$/, "")}…`;
    kept[name] = value;
    bytes += Buffer.byteLength(name, "utf8") + Buffer.byteLength(value, "utf8");
    count++;
  }
  if (dropped > 0) kept["…"] = `${dropped} more header${dropped === 1 ? "" : "s"} not kept`;
  return kept;
}
