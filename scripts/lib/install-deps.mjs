import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { repoRoot, run } from "./run.mjs";

const lockFile = path.join(repoRoot, "package-lock.json");
const installedLock = path.join(repoRoot, "node_modules", ".package-lock.json");

/**
 * Why dependencies need installing, or null when node_modules matches package-lock.json.
 * A newer lock file alone is not enough: npm may touch it without changing anything, and a needless
 * `npm ci` wipes node_modules under whoever else is using it. So versions are compared too.
 */
export function dependenciesStale() {
  if (!existsSync(installedLock)) return "node_modules is missing";
  if (statSync(lockFile).mtimeMs <= statSync(installedLock).mtimeMs) return null;
  const wanted = JSON.parse(readFileSync(lockFile, "utf8")).packages ?? {};
  const have = JSON.parse(readFileSync(installedLock, "utf8")).packages ?? {};
  for (const [name, meta] of Object.entries(wanted)) {
    if (name === "" || meta.link) continue;
    // Optional packages for other platforms (e.g. other CPUs' binaries) are rightly absent.
    if (!have[name] && meta.optional) continue;
    if (have[name]?.version !== meta.version) return `package-lock.json changed: ${name.replace(/^node_modules\//, "")}`;
  }
  return null;
}

/** Installs dependencies when missing or out of date; returns false when installing failed. */
export async function ensureDependencies() {
  const reason = dependenciesStale();
  if (!reason) return true;
  console.log(`Installing dependencies (${reason})…`);
  if ((await run("npm", ["ci", "--no-audit", "--no-fund"])) === 0) return true;
  console.log("npm ci failed; trying npm install…");
  return (await run("npm", ["install", "--no-audit", "--no-fund"])) === 0;
}
