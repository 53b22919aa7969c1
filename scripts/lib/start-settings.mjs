import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./run.mjs";

/**
 * A whole-number setting of npm start itself (lib/env.ts lists and checks it too, but start.mjs runs before
 * node_modules exists): the environment's value, else .env's, else the fallback. A bad value stops the start.
 */
export function startSetting(name, fallback) {
  let raw = process.env[name];
  const envFile = path.join(repoRoot, ".env");
  if (raw === undefined && existsSync(envFile)) raw = new RegExp(`^\\s*${name}\\s*=\\s*["']?([^"'\\r\\n#]*)`, "m").exec(readFileSync(envFile, "utf8"))?.[1]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a whole number of milliseconds, not "${raw}".`);
    process.exit(1);
  }
  return value;
}
