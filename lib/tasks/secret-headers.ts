import { isSealed, openSecret, sealSecret } from "../crypto/secret-box";
import { isSecretName } from "../notify/mask";

/**
 * Task headers whose names look like credentials (Authorization, Cookie, X-Api-Key, …; lib/notify/mask.ts) are
 * stored sealed (lib/crypto/secret-box.ts): a database dump, a backup or an SQL console shows no usable
 * credential. Only the worker opens them, when it builds the request; every view masks them instead.
 */
export function sealSecretHeaders(headers: Record<string, string> | null | undefined): Record<string, string> | null {
  if (!headers) return null;
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, isSecretName(k) ? sealSecret(v) : v]));
}

/** The headers as they are sent. A plain value under a secret name is a row stored before sealing existed. */
export function openSecretHeaders(headers: Record<string, string> | null | undefined): Record<string, string> | null {
  if (!headers) return null;
  let opened: Record<string, string> | null = null;
  for (const [k, v] of Object.entries(headers)) {
    if (!isSecretName(k) || !isSealed(v)) continue;
    opened ??= { ...headers };
    opened[k] = openSecret(v);
  }
  return opened ?? headers;
}
