import type { Locale } from "./locales";

/** The catalogue of one language (messages/<locale>.json); en is the reference every other one must match. */
export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  return locale === "zh-CN" ? (await import("../../messages/zh-CN.json")).default : (await import("../../messages/en.json")).default;
}
