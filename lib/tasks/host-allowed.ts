/** Whether a client limited to some hosts may call this URL: exact host names, or `*.example.com` for subdomains. */
export function hostAllowed(allowedHosts: string[] | null | undefined, url: string): boolean {
  if (!allowedHosts || allowedHosts.length === 0) return true;
  const host = new URL(url).hostname.toLowerCase();
  return allowedHosts.some((rule) => {
    const r = rule.toLowerCase();
    return r.startsWith("*.") ? host.endsWith(r.slice(1)) : host === r;
  });
}
