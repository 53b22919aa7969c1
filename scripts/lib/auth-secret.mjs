import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./run.mjs";

const envFile = path.join(repoRoot, ".env");

/**
 * Auth.js refuses to run without AUTH_SECRET. Generate one on the first start and keep it in the
 * git-ignored .env, so sessions survive restarts; a secret the user set themselves always wins.
 */
export function ensureAuthSecret() {
  if (process.env.AUTH_SECRET) return;
  const current = existsSync(envFile) ? readFileSync(envFile, "utf8") : "";
  const line = /^\s*AUTH_SECRET\s*=\s*["']?([^"'\r\n]+)/m.exec(current);
  if (line) {
    process.env.AUTH_SECRET = line[1].trim();
    return;
  }
  const secret = randomBytes(32).toString("base64url");
  const separator = current === "" || current.endsWith("\n") ? "" : "\n";
  appendFileSync(envFile, `${separator}AUTH_SECRET=${secret}\n`);
  process.env.AUTH_SECRET = secret;
  console.log("Generated AUTH_SECRET and saved it in .env.");
}
