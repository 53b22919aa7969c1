import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { verifyPassword } from "./password";

// A bcrypt check costs ~60 ms of CPU; a kkbida client sends the same pair on every request. A pair is remembered
// for this long, and only while the client's stored hash is the one it was checked against: a password changed
// here is refused at once, and one changed on another process once this process re-reads the client (its 10 s
// row cache) — the TTL bounds how long any process can trust a pair it saw.
const VERIFIED_TTL_MS = 60_000;

interface Verdict {
  /** The stored hash the pair was checked against. */
  hash: string;
  ok: boolean;
}

// Ages read from Date.now(), the clock the rest of auth uses (and tests can move). On globalThis, like the client cache: the direct routes and Next's route handlers are two bundles of this module.
const globalForCheck = globalThis as unknown as { bidaKkbidaVerdicts?: LRUCache<string, Verdict> };
const verdicts = (globalForCheck.bidaKkbidaVerdicts ??= new LRUCache<string, Verdict>({ max: 10_000, ttl: VERIFIED_TTL_MS, ttlResolution: 0, perf: { now: () => Date.now() } }));

// Keyed by a digest, so the cache never holds a password in clear text.
const pairKey = (username: string, password: string) => createHash("sha256").update(username).update("\0").update(password).digest("hex");

/**
 * Whether `password` is the client's kkbida password. Wrong pairs are remembered too (against the same hash), so a
 * client misconfigured with a wrong password costs one bcrypt a minute, not one per request.
 */
export async function kkbidaPasswordMatches(username: string, password: string, hash: string): Promise<boolean> {
  const key = pairKey(username, password);
  const known = verdicts.get(key);
  if (known && known.hash === hash) return known.ok;
  const ok = await verifyPassword(password, hash);
  verdicts.set(key, { hash, ok });
  return ok;
}

/** How many pairs this process remembers (for tests). */
export const rememberedPairs = () => verdicts.size;
