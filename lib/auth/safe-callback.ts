// An origin no request can have: a value that resolves against it to another origin leaves the site.
const probe = "http://callback.invalid";

/**
 * A same-site path to return to after login; anything that could lead elsewhere becomes the home page: another
 * origin (absolute, or scheme-relative `//evil`), a backslash (`/\evil`, which browsers read as `//evil`), and
 * control or space characters (browsers drop tabs and newlines, so `/\t/evil` is `//evil`). What is kept is the
 * path as the URL parser understood it, so the browser cannot read it differently.
 */
export function safeCallbackPath(value: unknown): string {
  const home = "/overview";
  if (typeof value !== "string" || value.length > 2048 || !value.startsWith("/")) return home;
  if (/[\\\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]/.test(value)) return home;
  let url: URL;
  try {
    url = new URL(value, probe);
  } catch {
    return home;
  }
  if (url.origin !== probe) return home;
  const path = url.pathname + url.search + url.hash;
  // A path that decodes to "//" could be turned into a scheme-relative URL by a later decode; refuse it too.
  if (path.startsWith("//") || /^\/(%2f|%5c)/i.test(path)) return home;
  if (path.startsWith("/login") || path.startsWith("/api/")) return home;
  return path;
}
