import { withoutInternalHeaders } from "../tasks/internal-headers";

/**
 * What the console and API show of a channel's URL: robot URLs carry their credential as a token
 * (DingTalk `access_token=…`, WeCom `key=…`, Feishu `/hook/<uuid>`, Slack `/services/T…/B…/<secret>`), so
 * every query value, every long path segment and any user:password are cut to a short, recognisable stub.
 */
export function maskUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return maskToken(raw);
  }
  const userinfo = url.username || url.password ? "****@" : "";
  const slack = url.hostname === "hooks.slack.com";
  const segments = url.pathname.split("/").map((s, i, all) => {
    const afterServices = slack && all.slice(0, i).includes("services");
    return afterServices || s.length >= 16 ? maskToken(decodeURIComponent(s)) : s;
  });
  const query = [...url.searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${maskToken(v)}`).join("&");
  return `${url.protocol}//${userinfo}${url.host}${segments.join("/")}${query ? `?${query}` : ""}`;
}

/** The first few characters, so two channels can be told apart, and never enough to use. */
export function maskToken(token: string): string {
  if (token.length === 0) return token;
  const keep = token.length >= 16 ? 4 : 0;
  return `${encodeURIComponent(token.slice(0, keep))}****`;
}

/**
 * Names whose values are credentials wherever they appear: task headers, params (at any depth) and the query
 * string of a task's URL. Matched case-insensitively as a substring, so `X-Api-Key`, `access_token`,
 * `client_secret`, `Set-Cookie` and `db_password` all count; a false positive only hides a harmless value.
 */
const secretNamePattern = /authorization|cookie|token|secret|passw(or)?d|key|signature|credential/i;

export function isSecretName(name: string): boolean {
  return secretNamePattern.test(name);
}

/** What every masked task value shows; nothing of the value itself (header values are not even decrypted to show). */
export const maskedValue = "****";

/** Header values of secret-looking names replaced; the names stay, so the reader sees what was sent. */
export function maskSecretHeaders(headers: Record<string, string> | null): Record<string, string> | null {
  // Bida's own entries (the stored traceparent) are not the task's headers: no view shows them.
  const visible = withoutInternalHeaders(headers);
  if (!visible) return visible;
  return Object.fromEntries(Object.entries(visible).map(([k, v]) => [k, isSecretName(k) ? maskedValue : v]));
}

/** Params with the value of every secret-looking key replaced, at any depth (objects inside arrays too). */
export function maskSecretParams<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => maskSecretParams(v)) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, isSecretName(k) ? maskedValue : maskSecretParams(v)]),
  ) as T;
}

/**
 * A task URL with the values of secret-looking query parameters and any user:password replaced; everything else
 * byte for byte as given, so the URL still reads as the one submitted.
 */
export function maskSecretQuery(raw: string): string {
  const q = raw.indexOf("?");
  const hash = raw.indexOf("#", q < 0 ? 0 : q);
  const end = hash < 0 ? raw.length : hash;
  const base = (q < 0 ? raw.slice(0, end) : raw.slice(0, q)).replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, `$1${maskedValue}@`);
  if (q < 0) return base + raw.slice(end);
  const query = raw
    .slice(q + 1, end)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && isSecretName(safeDecode(name)) ? `${name}=${maskedValue}` : pair;
    })
    .join("&");
  return `${base}?${query}${raw.slice(end)}`;
}

/** The task fields that can carry credentials, masked: headers always, params and URL when `all`. */
export function maskTaskFields<T extends { url: string; params: Record<string, unknown> | null; headers: Record<string, string> | null }>(
  task: T,
  { all }: { all: boolean },
): T {
  const headers = maskSecretHeaders(task.headers);
  return all ? { ...task, headers, url: maskSecretQuery(task.url), params: maskSecretParams(task.params) } : { ...task, headers };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}
