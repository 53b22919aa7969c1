import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { env } from "../env";

/**
 * Secrets at rest (task header values with secret-looking names, callback signing secrets, client TLS keys):
 * AES-256-GCM under SECRETS_KEY. The sealed form names its key, `sbx1.<key id>.<iv>.<ciphertext+tag>` (base64url),
 * so a rotated key (the old one moved to SECRETS_KEY_PREVIOUS) still opens what it sealed while everything new is
 * sealed with the current one.
 *
 * Without SECRETS_KEY the key is derived from AUTH_SECRET (HKDF-SHA256): `npm start` generates both into .env, but
 * a bare `npm run web` or a test setup may only have AUTH_SECRET. That derived key also stays an opening key when
 * SECRETS_KEY is set later, so values sealed before keep opening.
 */

interface Key {
  id: string;
  bytes: Buffer;
}

const prefix = "sbx1";
const sealedForm = /^sbx1\.([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

export class SecretBoxError extends Error {}

const keyId = (bytes: Buffer) => createHash("sha256").update("bida-secret-box-key-id").update(bytes).digest("base64url").slice(0, 8);

function configuredKey(base64: string, name: string): Key {
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length !== 32) throw new SecretBoxError(`${name} must be 32 bytes in base64 (openssl rand -base64 32).`);
  return { id: keyId(bytes), bytes };
}

function derivedKey(authSecret: string): Key {
  const bytes = Buffer.from(hkdfSync("sha256", authSecret, "bida-secret-box", "bida secrets at rest v1", 32));
  return { id: keyId(bytes), bytes };
}

/** The sealing key first, then the keys that only open. */
export function keyRing(secrets: { key?: string; previousKeys: readonly string[]; authSecret?: string }): Key[] {
  const ring: Key[] = [];
  if (secrets.key) ring.push(configuredKey(secrets.key, "SECRETS_KEY"));
  for (const k of secrets.previousKeys) ring.push(configuredKey(k, "SECRETS_KEY_PREVIOUS"));
  if (secrets.authSecret) ring.push(derivedKey(secrets.authSecret));
  return ring;
}

let ring: Key[] | null = null;
function keys(): Key[] {
  ring ??= keyRing({ key: env.secrets.key, previousKeys: env.secrets.previousKeys, authSecret: env.auth.secret });
  if (ring.length === 0) throw new SecretBoxError("No key for secrets at rest: set SECRETS_KEY (32 bytes, base64) or AUTH_SECRET.");
  return ring;
}

export function sealWith(key: Key, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.bytes, iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${prefix}.${key.id}.${iv.toString("base64url")}.${data.toString("base64url")}`;
}

export function openWith(ring: readonly Key[], sealed: string): string {
  const m = sealedForm.exec(sealed);
  if (!m) throw new SecretBoxError("not a sealed secret");
  const key = ring.find((k) => k.id === m[1]);
  if (!key) throw new SecretBoxError(`sealed with key ${m[1]}, which is neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS`);
  const data = Buffer.from(m[3]!, "base64url");
  if (data.length < 16) throw new SecretBoxError("not a sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(m[2]!, "base64url"));
  decipher.setAuthTag(data.subarray(data.length - 16));
  try {
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError(`the sealed secret does not open with key ${m[1]} (altered, or a different key with the same id)`);
  }
}

/** Encrypts a secret for storage; the result is ASCII, at most about 4/3 of the input plus 60 characters. */
export function sealSecret(plain: string): string {
  return sealWith(keys()[0]!, plain);
}

/** Opens a value sealSecret made with the current or a previous key; throws SecretBoxError otherwise. */
export function openSecret(sealed: string): string {
  return openWith(keys(), sealed);
}

/** Whether a stored value has the sealed form (rows written before sealing hold plain text). */
export function isSealed(value: string): boolean {
  return sealedForm.test(value);
}

/** Whether the value was sealed with the current key (false: re-seal it to retire an old key). */
export function sealedWithCurrentKey(sealed: string): boolean {
  return sealedForm.exec(sealed)?.[1] === keys()[0]!.id;
}
