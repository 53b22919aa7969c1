import { z } from "zod";
import { env } from "../env";
import { httpMethods } from "../db/schema/tasks";
import { futureInstant, headerNamePattern, headerValuePattern, jsonBytes, maxJsonBytes, storableJson, storableText } from "./input-limits";

// Hop-by-hop headers (RFC 9110 §7.6.1) and Host are the transport's business, not the task's.
const forbiddenHeaders = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
]);

const httpUrl = storableText(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.length > 0;
    } catch {
      return false;
    }
  }, "must be an absolute http or https URL");

const headerName = headerNamePattern;

export const expectSchema = z
  .object({
    status: z.union([z.literal("2xx"), z.array(z.number().int().min(100).max(599)).min(1).max(50)]).optional(),
    bodyContains: z.string().min(1).max(4096).optional(),
    bodyEquals: z.string().max(65536).optional(),
    json: z.object({ path: storableText(256).min(1), equals: z.unknown() }).optional(),
  })
  .strict();

export const retrySchema = z
  .object({
    strategy: z.enum(["exponential", "fixed"]).default("exponential"),
    delayMs: z.number().int().min(100).max(86_400_000).default(env.delivery.retryBaseMs),
    maxDelayMs: z.number().int().min(100).max(86_400_000).default(env.delivery.retryMaxMs),
  })
  .strict()
  .refine((r) => r.maxDelayMs >= r.delayMs, { message: "maxDelayMs must be at least delayMs", path: ["maxDelayMs"] });

export const taskInputSchema = z
  .object({
    url: httpUrl,
    method: z.enum(httpMethods).default("POST"),
    params: storableJson(z.record(z.string(), z.unknown()), maxJsonBytes.params).optional(),
    bodyType: z.enum(["json", "form"]).default("json"),
    headers: z
      .record(z.string().regex(headerName, "invalid header name").max(256), z.string().max(8192).regex(headerValuePattern, "header values are visible Latin-1 text: no CR, LF, control characters, characters above U+00FF or surrounding spaces"))
      .refine((h) => Object.keys(h).length <= 100, "at most 100 headers")
      .refine((h) => jsonBytes(h) <= maxJsonBytes.headers, `at most ${maxJsonBytes.headers} bytes of headers`)
      .optional()
      .superRefine((h, ctx) => {
        for (const name of Object.keys(h ?? {})) {
          if (forbiddenHeaders.has(name.toLowerCase())) {
            ctx.addIssue({ code: "custom", path: [name], message: `header "${name}" may not be set` });
          }
        }
      }),
    expect: storableJson(expectSchema, maxJsonBytes.expect).optional(),
    maxAttempts: z.number().int().min(1).max(100).default(env.delivery.defaultMaxAttempts),
    retry: retrySchema.optional(),
    timeoutMs: z.number().int().min(100).max(60_000).default(env.delivery.defaultTimeoutMs),
    runAt: futureInstant.optional(),
    // Not delivered by then, the task ends `failed` with lastError "expired" and alerts like a spent budget.
    expiresAt: futureInstant
      .refine((v) => Date.parse(v) > Date.now(), "must be in the future")
      .describe("Not delivered by then (ISO 8601), the task ends failed with lastError \"expired\" and raises task.exhausted; no attempt starts after it")
      .optional(),
    sourceApp: storableText(128).optional(),
    targetApp: storableText(128).optional(),
    // Tasks of one client with the same key are attempted one at a time, in the order they were committed.
    // Lone surrogates are refused: MySQL would store them as "?", merging keys that JavaScript tells apart.
    orderingKey: z
      .string()
      .min(1)
      .max(255)
      .refine((k) => !/\p{Cs}/u.test(k), "must be valid Unicode text")
      .describe("Tasks of this client with the same key are attempted one at a time, in submit order; each waits until the one before it is final")
      .optional(),
  })
  .strict()
  .refine((t) => !t.expiresAt || !t.runAt || Date.parse(t.runAt) < Date.parse(t.expiresAt), { path: ["expiresAt"], message: "must be after runAt" });

export type TaskInput = z.infer<typeof taskInputSchema>;
