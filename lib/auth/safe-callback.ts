/** A same-site path to return to after login; anything else (another host, "//evil") becomes the home page. */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/overview";
  if (value.startsWith("/login") || value.startsWith("/api/")) return "/overview";
  return value;
}
