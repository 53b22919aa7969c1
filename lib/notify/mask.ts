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
