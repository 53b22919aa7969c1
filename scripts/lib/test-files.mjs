import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./run.mjs";

/** Whether any file under `dir` (relative to the repo) matches `pattern`; node_modules and .next are skipped. */
export function hasFiles(dir, pattern) {
  const full = path.join(repoRoot, dir);
  if (!existsSync(full)) return false;
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === ".next") continue;
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory() ? hasFiles(rel, pattern) : pattern.test(entry.name)) return true;
  }
  return false;
}

export const hasRootFile = (pattern) => readdirSync(repoRoot).some((name) => pattern.test(name));
