// Reads the few worker counters that explain a phase's figures — attempts by result, deferrals at the hosts'
// gates by reason, circuit changes — from the worker's own Prometheus endpoint (its port is the bench's choice).
import { request } from "undici";

export type Counters = Record<string, number>;

/** Counter → the label it is summed by. */
const wanted: Record<string, string> = { bida_attempts_total: "result", bida_deferrals_total: "reason", bida_circuit_changes_total: "change" };

/** Sums each wanted counter by one label: `attempts.ok`, `deferrals.cap`, `circuit.opened`, … */
export async function readCounters(port: number): Promise<Counters> {
  const res = await request(`http://127.0.0.1:${port}/metrics`, { headersTimeout: 3_000, bodyTimeout: 3_000 });
  const text = await res.body.text();
  const out: Counters = {};
  for (const line of text.split("\n")) {
    const m = /^(\w+)\{([^}]*)\}\s+(\S+)$/.exec(line);
    const label = m && wanted[m[1]!];
    if (!m || !label) continue;
    const value = new RegExp(`(?:^|,)${label}="([^"]*)"`).exec(m[2]!)?.[1] ?? "";
    const key = `${m[1]!.replace(/^bida_/, "").replace(/(_changes)?_total$/, "")}.${value}`;
    out[key] = (out[key] ?? 0) + Number(m[3]);
  }
  return out;
}

/** Counters that grew between two readings; a worker that does not answer gives an empty reading, not an error. */
export function delta(after: Counters, before: Counters): Counters {
  return Object.fromEntries(Object.entries(after).flatMap(([k, v]) => (v - (before[k] ?? 0) > 0 ? [[k, v - (before[k] ?? 0)]] : [])));
}

export async function readCountersOrEmpty(port: number): Promise<Counters> {
  try {
    return await readCounters(port);
  } catch {
    return {};
  }
}
