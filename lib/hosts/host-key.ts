/**
 * The unit the per-host cap, the circuit breaker and pausing work on: scheme, host and port of a target URL
 * (`https://pay.example.com:443`), the default port written out so both spellings of one server are one host.
 */
export function hostKey(url: string): string {
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === "https:" ? "443" : u.protocol === "http:" ? "80" : "");
    return `${u.protocol}//${u.hostname.toLowerCase()}:${port}`;
  } catch {
    // A URL that does not parse fails at the call; give it a host of its own so it never shares another's cap.
    return `invalid:${url.slice(0, 200)}`;
  }
}
