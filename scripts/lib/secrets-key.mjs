import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./run.mjs";

const envFile = path.join(repoRoot, ".env");

/**
 * Secrets at rest (task headers such as Authorization, callback signing secrets) are sealed with SECRETS_KEY.
 * Generate one on the first start and keep it in the git-ignored .env beside AUTH_SECRET, so it is independent of
 * the session secret (rotating AUTH_SECRET must not make stored secrets unreadable). A key the user set wins.
 */
export function ensureSecretsKey() {
  if (process.env.SECRETS_KEY) return;
  const current = existsSync(envFile) ? readFileSync(envFile, "utf8") : "";
  const line = /^\s*SECRETS_KEY\s*=\s*["']?([^"'\r\n]+)/m.exec(current);
  if (line) {
    process.env.SECRETS_KEY = line[1].trim();
    return;
  }
  const key = randomBytes(32).toString("base64");
  const separator = current === "" || current.endsWith("\n") ? "" : "\n";
  appendFileSync(envFile, `${separator}SECRETS_KEY=${key}\n`);
  process.env.SECRETS_KEY = key;
  console.log("Generated SECRETS_KEY (for secrets at rest) and saved it in .env; back it up with the database.");
}
