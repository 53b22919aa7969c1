import type { TrustResult } from "./trust";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** How much slower single submits are with a caller allow-list and quotas, as a fraction (0.03 = 3%). */
export function trustCost(t: TrustResult): number {
  return 1 - median(t.guarded) / median(t.open);
}

export function printTrust(t: TrustResult): void {
  console.log("");
  console.log(`cost of caller allow-lists and quotas: single submits/s, ${t.submits} per round, ${t.rounds} rounds alternating:`);
  console.log(`  with both     ${t.guarded.join(", ")}   median ${Math.round(median(t.guarded))}`);
  console.log(`  with neither  ${t.open.join(", ")}   median ${Math.round(median(t.open))}`);
  console.log(`  cost ${(trustCost(t) * 100).toFixed(1)}% (target ≤ 5%)`);
  const g = median(t.guardedWebMs);
  const o = median(t.openWebMs);
  console.log(`  web CPU per submit: with both ${t.guardedWebMs.join(", ")} ms, with neither ${t.openWebMs.join(", ")} ms; medians ${g} / ${o} (${((g / o - 1) * 100).toFixed(1)}% more)`);
}
