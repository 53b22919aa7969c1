/**
 * Escapers for a placeholder value in each target format. A value (a URL, an error text) is data, never
 * markup: it must not break the JSON body, start a heading, open a link or ping a Slack channel.
 */
import type { ChannelKind } from "../db/schema/alert-channels";

export type Escaper = (value: string) => string;

export const escapeText: Escaper = (v) => v;

/** Inside a JSON string literal: quotes, backslashes, newlines and control characters. */
export const escapeJsonString: Escaper = (v) => JSON.stringify(v).slice(1, -1);

/**
 * Markdown as DingTalk, WeCom and Feishu cards render it: line breaks become spaces (a value cannot start a
 * new block) and the characters that open emphasis, code, links, headings, tables or HTML are backslashed.
 */
export const escapeMarkdown: Escaper = (v) => v.replace(/\r\n|\r|\n/g, " ").replace(/[\\`*_[\]()#<>|~]/g, "\\$&");

/** Slack's mrkdwn and text: only &, < and > are control characters (`<!channel>` would notify everyone). */
export const escapeSlack: Escaper = (v) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Mention syntax made inert: a zero-width space after every `@` (`@all`, `@channel`, DingTalk's `@<mobile>`) and
 * after a `<` that opens a tag or a Slack control sequence (Feishu's `<at user_id="all">`, `<at id=all>`, WeCom's
 * `<@userid>`, Slack's `<!channel>`, `<@U…>`, `<#C…>`). The text reads the same; no platform parses it as a ping.
 */
export const escapeMentions: Escaper = (v) => v.replace(/[@＠]/g, "$&\u200b").replace(/<(?=[\s@!#/a-zA-Z])/g, "<\u200b");

/**
 * The escaper for a placeholder value in a channel's message: per platform and format, mentions always inert.
 * The generic webhook's text is data for a program, left as it is (its JSON payload escapes itself).
 */
export function escaperFor(kind: ChannelKind, format: "text" | "markdown"): Escaper {
  // Slack's `<` is already an entity; only `@` is left to neutralize.
  if (kind === "slack") return (v) => escapeSlack(v).replace(/[@＠]/g, "$&\u200b");
  if (kind === "webhook") return format === "markdown" ? escapeMarkdown : escapeText;
  return format === "markdown" ? (v) => escapeMarkdown(escapeMentions(v)) : escapeMentions;
}

/** Cuts a string to at most `maxBytes` of UTF-8 without splitting a character, marking the cut. */
export function truncateBytes(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s, "utf8") <= maxBytes) return s;
  const mark = " …";
  const buf = Buffer.from(s, "utf8").subarray(0, maxBytes - Buffer.byteLength(mark));
  // A cut inside a multi-byte character decodes to U+FFFD; drop it.
  return buf.toString("utf8").replace(/\uFFFD+$/, "") + mark;
}
