import type { z } from "zod";

/** Resolving needs a note, whether for one task or many. */
export function bulkNoteSchema(v: { action: string; note?: string }, ctx: z.RefinementCtx): void {
  if (v.action === "resolve" && !v.note?.trim()) ctx.addIssue({ code: "custom", path: ["note"], message: "say what was done by hand" });
}
