/** A Dubbo version string ("2.0.2", "2.6.5") as numbers, or null when it is not one. */
function parts(version: string): number[] | null {
  if (!/^\d+(\.\d+)*$/.test(version)) return null;
  return version.split(".").map(Number);
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Whether a consumer that sent this dubbo version can read the result flags 3-5 (a result with attachments).
 * 2.6.3+ consumers send the protocol version 2.0.2; 2.0.10-2.6.2 sent their jar version and cannot read them,
 * nor can dubbox (2.8.x). The same rule as Dubbo's own Version.isSupportResponseAttachment.
 */
export function supportsResponseAttachments(version: string | null | undefined): boolean {
  const v = version ? parts(version) : null;
  if (!v) return false;
  if (compare(v, [2, 0, 10]) >= 0 && compare(v, [2, 6, 3]) < 0) return false;
  if (compare(v, [2, 8]) >= 0 && compare(v, [2, 9]) < 0) return false;
  return compare(v, [2, 0, 2]) >= 0;
}

/** The protocol version Bida speaks, sent back in a result's attachments as Dubbo providers do. */
export const PROTOCOL_VERSION = "2.0.2";
