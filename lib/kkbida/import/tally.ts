/** Counts of what an import did and skipped (by reason), for its progress lines and final summary. */
export class Tally {
  readonly imported: Record<string, Record<string, number>> = {};
  readonly skipped: Record<string, Record<string, number>> = {};
  readonly notes: string[] = [];

  add(what: string, kind: string, by = 1) {
    const m = (this.imported[what] ??= {});
    m[kind] = (m[kind] ?? 0) + by;
  }

  skip(what: string, reason: string, by = 1) {
    if (by === 0) return;
    const m = (this.skipped[what] ??= {});
    m[reason] = (m[reason] ?? 0) + by;
  }

  note(text: string) {
    if (this.notes.length < 50) this.notes.push(text);
  }

  total(bucket: "imported" | "skipped", what: string): number {
    return Object.values(this[bucket][what] ?? {}).reduce((a, b) => a + b, 0);
  }
}
