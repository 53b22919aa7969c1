/** A failure the user can fix; the scripts print its message alone, without a stack trace. */
export class SetupError extends Error {
  override name = "SetupError";
}

/** The URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

export const isLocalHost = (host: string) => ["127.0.0.1", "localhost", "::1", "[::1]", "0.0.0.0", ""].includes(host);
