import { z } from "zod";

/**
 * What the database (MariaDB/MySQL, utf8mb4, strict mode) or the HTTP stack would refuse later, refused at the
 * boundary with a 422 instead. A value that fails inside a shared INSERT fails that INSERT for every request in
 * it; a header that undici cannot send fails every attempt of its task. docs/security/harm.md lists each limit.
 */

/**
 * Containers (objects and arrays) nested in one stored JSON value, the value itself counted. MariaDB's
 * json_valid() — the CHECK on every JSON column — answers false from 32 levels on; 20 leaves room for the
 * wrapper a column adds (expect.json.equals sits two levels down) and is deeper than any real payload.
 */
export const maxJsonDepth = 20;

/** Encoded sizes of the stored JSON columns (UTF-8 bytes of the serialized value). */
export const maxJsonBytes = { params: 512 * 1024, headers: 64 * 1024, expect: 256 * 1024 } as const;

/** How far ahead `runAt` may lie: a task due in years is a mistake, and DATETIME ends at 9999-12-31. */
export const maxRunAheadMs = 366 * 24 * 3600 * 1000;

// A lone UTF-16 surrogate has no UTF-8 form: MySQL would store "?" (or refuse the row), so the value read back
// would differ from the one accepted.
const loneSurrogate = /\p{Cs}/u;
// C0 controls and DEL: no stored name or URL needs them, and in a URL they are silently dropped by the parser.
const control = /[\u0000-\u001f\u007f]/;

/**
 * Depth of nested containers in a JSON-like value, and whether any string or key in it holds a lone surrogate
 * (JSON.stringify writes it as "\ud800", which json_valid() refuses, failing the row). Walked without recursion:
 * a hostile value may be deeper than the stack.
 */
export function inspectJson(value: unknown): { depth: number; loneSurrogate: boolean } {
  let depth = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v === "string") {
      if (loneSurrogate.test(v)) return { depth, loneSurrogate: true };
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (d > depth) depth = d;
    // Past the limit the exact depth does not matter; stop walking a value built to be walked forever.
    if (depth > maxJsonDepth) return { depth, loneSurrogate: false };
    if (Array.isArray(v)) for (const child of v) stack.push([child, d + 1]);
    else
      for (const [key, child] of Object.entries(v)) {
        stack.push([key, d], [child, d + 1]);
      }
  }
  return { depth, loneSurrogate: false };
}

export const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");

/** A JSON value the database will store: nested at most maxJsonDepth deep, valid Unicode, at most `maxBytes` encoded. */
export function storableJson<T extends z.ZodType>(schema: T, maxBytes: number) {
  return schema.superRefine((v, ctx) => {
    const seen = inspectJson(v);
    if (seen.depth > maxJsonDepth) ctx.addIssue({ code: "custom", message: `nested deeper than ${maxJsonDepth} levels` });
    else if (seen.loneSurrogate) ctx.addIssue({ code: "custom", message: "must be valid Unicode text (a lone surrogate has no UTF-8 form)" });
    else if (jsonBytes(v) > maxBytes) ctx.addIssue({ code: "custom", message: `larger than ${maxBytes} bytes as JSON` });
  });
}


/** Text for a VARCHAR(max) column: at most `max` characters, valid Unicode, no control characters. */
export const storableText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !loneSurrogate.test(v), "must be valid Unicode text")
    .refine((v) => !control.test(v), "must not contain control characters");

/** RFC 9110 token: the characters a header name may hold. */
export const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * A header value HTTP can carry (RFC 9110 field-value): visible Latin-1 and inner spaces and tabs. CR, LF and NUL
 * would split or end the header; a character above U+00FF has no byte to send; undici refuses both, so the task
 * could never be delivered.
 */
export const headerValuePattern = /^(?:[\u0021-\u007e\u0080-\u00ff](?:[\u0020\u0009\u0021-\u007e\u0080-\u00ff]*[\u0021-\u007e\u0080-\u00ff])?)?$/;

/** An ISO 8601 date and time that is a real instant DATETIME can hold, no further ahead than maxRunAheadMs. */
export const futureInstant = z.iso
  .datetime({ offset: true })
  .refine((v) => {
    const t = Date.parse(v);
    // 9999-12-31T23:59:59-05:00 is valid ISO and lands in year 10000 UTC.
    return Number.isFinite(t) && new Date(t).getUTCFullYear() >= 1970 && new Date(t).getUTCFullYear() <= 9999;
  }, "must be a date between 1970 and 9999")
  .refine((v) => Date.parse(v) <= Date.now() + maxRunAheadMs, `must be at most ${maxRunAheadMs / 86_400_000} days ahead`);
