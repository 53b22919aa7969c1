import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { repoRoot, run } from "./run.mjs";

const lockFile = path.join(repoRoot, "package-lock.json");
const installedLock = path.join(repoRoot, "node_modules", ".package-lock.json");

/**
 * Why dependencies need installing, or null when node_modules matches package-lock.json.
 * The two lock files' versions are compared every time (a few ms), not only when package-lock.json is newer:
 * a node_modules installed without devDependencies (NODE_ENV=production, --omit=dev) lacks packages whatever
 * the mtimes say. Comparing versions also keeps a merely touched lock file from causing a needless `npm ci`,
 * which would wipe node_modules under whoever else is using it.
 */
export function dependenciesStale() {
  if (!existsSync(installedLock)) return "node_modules is missing";
  const wanted = JSON.parse(readFileSync(lockFile, "utf8")).packages ?? {};
  const have = JSON.parse(readFileSync(installedLock, "utf8")).packages ?? {};
  for (const [name, meta] of Object.entries(wanted)) {
    if (name === "" || meta.link) continue;
    // Optional packages for other platforms (e.g. other CPUs' binaries) are rightly absent.
    if (!have[name] && meta.optional) continue;
    const what = name.replace(/^node_modules\//, "");
    if (!have[name]) return `${what} is not installed${meta.dev ? " (devDependencies were left out)" : ""}`;
    if (have[name].version !== meta.version) return `package-lock.json changed: ${what}`;
  }
  return null;
}

/**
 * Installs dependencies when missing or out of date; returns false when installing failed.
 * devDependencies too, whatever NODE_ENV says: npm start builds (Tailwind, TypeScript) and npm test needs them.
 */
export async function ensureDependencies() {
  const reason = dependenciesStale();
  if (!reason) return true;
  console.log(`Installing dependencies (${reason})…`);
  let code = await run("npm", ["ci", "--include=dev", "--no-audit", "--no-fund"]);
  if (code !== 0) {
    console.log("npm ci failed; trying npm install…");
    code = await run("npm", ["install", "--include=dev", "--no-audit", "--no-fund"]);
  }
  if (code !== 0) return false;
  // Turbopack's cache keeps failing on a module it once could not find (e.g. @tailwindcss/postcss after an
  // install without devDependencies), even once it is installed: the next build starts without it.
  rmSync(path.join(repoRoot, ".next", "cache"), { recursive: true, force: true });
  return true;
}
