// Latin words a Chinese console may show as they are: product and platform names, and the technical terms
// Chinese operators use untranslated (API, URL, HTTP…). Everything else Latin in a zh-CN page is untranslated
// text, unless it sits in an element marked data-i18n-exempt / translate="no" (ids, URLs, codes, user data).
// Read by lib/i18n/catalogues.test.ts and e2e/i18n.spec.ts.
export const allowedLatinWords = [
  // products and platforms
  "Bida", "kkbida", "DingTalk", "WeCom", "Feishu", "Lark", "Slack", "MariaDB", "MySQL", "Redis", "Chromium",
  // technical terms kept in Chinese UIs
  "API", "URL", "URLs", "HTTP", "HTTPS", "ID", "IDs", "JSON", "IP", "IPv4", "IPv6", "CIDR", "TLS", "HMAC", "SHA", "SDK",
  "DNS", "SEC", "Standard", "Webhooks", "whsec", "base64", "Markdown", "mrkdwn", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "Webhook", "webhook", "webhook-id", "Content-Type", "GMT", "UTC", "ms",
] as const;

const allowed = new Set<string>(allowedLatinWords);

/** The Latin words of a text that are not on the allow-list (ICU arguments such as {count} are not text). */
export function untranslatedWords(text: string): string[] {
  // "2xx" and "5xx" are status classes, not words.
  // Host names (*.example.com) are data in any language.
  const words = text.replace(/\{[^{}]*\}/g, " ").replace(/[\w*-]+(\.[\w-]+)+/g, " ").match(/(?<![0-9A-Za-z])[A-Za-z][A-Za-z0-9-]*/g) ?? [];
  return words.filter((w) => !allowed.has(w) && !/^GMT[+-]?\d*$/.test(w));
}
