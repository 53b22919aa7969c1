import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * An API client has a public username and a random secret. The kkbida protocol sends them as the
 * `username`/`password` headers; the native API key joins them: `bida_<username>_<secret>`.
 */
export function newCredentials() {
  const username = `c${randomBytes(6).toString("hex")}`;
  const secret = randomBytes(24).toString("base64url");
  return { username, secret, apiKey: formatApiKey(username, secret), secretHash: hashSecret(secret) };
}

export const formatApiKey = (username: string, secret: string) => `bida_${username}_${secret}`;

// Generated secrets are 24 random bytes in base64url: 32 characters, which may hold `_`. A username taken over
// from kkbida is free text (`_`, `-`, spaces), so the key's last 32 characters are the secret and the rest the
// username.
export function parseApiKey(apiKey: string): { username: string; secret: string } | null {
  const m = /^bida_(.{1,64})_([A-Za-z0-9_-]{32})$/.exec(apiKey);
  return m ? { username: m[1]!, secret: m[2]! } : null;
}

// Secrets are 192-bit random, so a fast hash is as safe as a slow one and keeps auth off the CPU.
export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

export function secretMatches(secret: string, secretHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(secretHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
