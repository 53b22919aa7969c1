import { z } from "zod";
import { alertEvents, channelKinds, messageFormats } from "../db/schema/alert-channels";
import { alertLocales } from "./alert-locales";

const appList = z.array(z.string().trim().min(1).max(128)).max(100);
const hostList = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^(\*\.)?[a-z0-9.-]+(:\d+)?$/, "must be a host name such as api.example.com or *.example.com"),
  )
  .max(100);

export const channelFiltersSchema = z
  .object({ sourceApps: appList.default([]), targetApps: appList.default([]), targetHosts: hostList.default([]) })
  .strict();

const url = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), "must be an http or https URL");

// A `whsec_` secret (Standard Webhooks) must carry base64 after the prefix; others are used as they are.
const secret = z
  .string()
  .max(512)
  .refine((v) => !v.startsWith("whsec_") || /^whsec_[A-Za-z0-9+/]+={0,2}$/.test(v), "a whsec_ secret must be base64 after the prefix");

const fields = {
  name: z.string().trim().min(1).max(128),
  kind: z.enum(channelKinds),
  url,
  /** Empty or null: no secret. */
  secret: secret.nullable().optional(),
  format: z.enum(messageFormats).default("text"),
  /** The default template's language (used when `template` is empty). */
  locale: z.enum(alertLocales).default("en"),
  /** Empty or null: the kind's default template. */
  // A TEXT column holds 65,535 bytes: 20,000 CJK characters would not fit.
  template: z
    .string()
    .max(20_000)
    .refine((v) => Buffer.byteLength(v, "utf8") <= 65_535, "at most 65,535 bytes")
    .nullable()
    .optional(),
  filters: channelFiltersSchema.nullable().optional(),
  events: z.array(z.enum(alertEvents)).min(1, "choose at least one event").max(alertEvents.length),
  failingAfter: z.number().int().min(1).max(100).default(3),
  enabled: z.boolean().default(true),
};

export const createChannelSchema = z.object(fields).strict();
export type CreateChannelInput = z.infer<typeof createChannelSchema>;

/**
 * An update names only what changes. `url` left out, or sent back as the masked URL the console showed, keeps
 * the stored one; `secret` left out keeps it, null or "" removes it.
 */
export const updateChannelSchema = z
  .object({
    name: fields.name,
    url: z.string().trim().max(2048),
    secret: fields.secret,
    format: z.enum(messageFormats),
    locale: z.enum(alertLocales),
    template: fields.template,
    filters: fields.filters,
    events: fields.events,
    failingAfter: z.number().int().min(1).max(100),
    enabled: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateChannelInput = z.infer<typeof updateChannelSchema>;

export { url as channelUrlSchema };
