import { z } from "zod";

/**
 * kkbida's HTTP clients send `callcenter.system.username` / `password` (free text an operator chose) as the
 * `username` / `password` headers. A Bida client can take them over so those clients change nothing.
 *
 * Usernames: whatever a header can carry and kkbida compared — any characters but control characters, without
 * the leading or trailing spaces an HTTP parser strips, at most 64 (the column). Passwords: bcrypt reads only the
 * first 72 bytes, so a longer one would be silently cut; it is refused instead.
 */
const CONTROL = /[\u0000-\u001f\u007f]/;

export const kkbidaUsernameSchema = z
  .string()
  .min(1, "a kkbida username has 1 to 64 characters")
  .max(64, "a kkbida username has 1 to 64 characters")
  .refine((v) => !CONTROL.test(v), "a kkbida username cannot hold control characters")
  .refine((v) => v.trim() === v, "a kkbida username cannot start or end with a space (HTTP strips them)");

export const kkbidaPasswordSchema = z
  .string()
  .min(1, "a kkbida password cannot be empty")
  .refine((v) => Buffer.byteLength(v, "utf8") <= 72, "a kkbida password has at most 72 bytes (bcrypt's limit)")
  .refine((v) => !CONTROL.test(v), "a kkbida password cannot hold control characters");

export const kkbidaCredentialsSchema = z.object({ username: kkbidaUsernameSchema, password: kkbidaPasswordSchema });
export type KkbidaCredentials = z.infer<typeof kkbidaCredentialsSchema>;

/**
 * A header value as Node hands it over is Latin-1: a username or password a Java client sent as UTF-8 bytes
 * (`张三`) arrives as mojibake. Returns the UTF-8 reading too when the value could be one, for a second lookup.
 */
export function utf8Reading(value: string): string | null {
  if (!/[\u0080-\u00ff]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return null;
  const decoded = Buffer.from(value, "latin1").toString("utf8");
  return decoded.includes("\ufffd") ? null : decoded;
}
