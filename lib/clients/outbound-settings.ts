import { X509Certificate, createPrivateKey } from "node:crypto";
import { z } from "zod";
import type { ClientOutbound } from "../db/schema/api-clients";
import { parseCidr } from "../delivery/address-policy";
import { isSealed, openSecret, sealSecret } from "../crypto/secret-box";
import { ApiError, parseOrThrow } from "../errors";

const pemBlocks = (text: string, label: string) => text.match(new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`, "g")) ?? [];
const maxPem = 256 * 1024;

/**
 * What an admin may change about how the worker reaches one client's targets. Every field left out keeps what is
 * stored; null (or an empty string) removes it. The client key is write-only: it is sealed at once and never
 * shown again.
 */
export const clientNetworkInputSchema = z
  .object({
    targetCidrs: z.array(z.string().trim().min(1).max(64)).max(200).nullable(),
    caBundle: z.string().max(maxPem).nullable(),
    clientCert: z.string().max(maxPem).nullable(),
    clientKey: z.string().max(maxPem).nullable(),
    proxyUrl: z.string().trim().max(2048).nullable(),
    noProxy: z.string().trim().max(4096).nullable(),
  })
  .partial()
  .strict();

export type ClientNetworkInput = z.infer<typeof clientNetworkInputSchema>;

export interface ClientNetwork {
  allowedTargetCidrs: string[] | null;
  outbound: ClientOutbound | null;
}

const blank = (v: string | null | undefined) => v === null || (v !== undefined && v.trim() === "");

/** The stored settings after an update, checked: PEM that parses, a key that matches its certificate, a proxy URL. */
export function applyClientNetwork(current: ClientNetwork, raw: unknown): ClientNetwork {
  const input = parseOrThrow(clientNetworkInputSchema, raw);
  const fail = (path: string, message: string): never => {
    throw new ApiError("validation_failed", "The outbound settings are not valid.", [{ path, message }]);
  };
  const out: ClientOutbound = { ...(current.outbound ?? {}) };
  let cidrs = current.allowedTargetCidrs;

  if (input.targetCidrs !== undefined) {
    const list = input.targetCidrs ?? [];
    for (const rule of list) {
      try {
        parseCidr(rule);
      } catch {
        fail("targetCidrs", `"${rule}" is not an IP address or CIDR such as 10.0.0.0/8 or 2001:db8::/32`);
      }
    }
    cidrs = list.length > 0 ? list : null;
  }
  if (input.caBundle !== undefined) {
    if (blank(input.caBundle)) out.caBundle = null;
    else {
      const certs = pemBlocks(input.caBundle!, "CERTIFICATE");
      if (certs.length === 0) fail("caBundle", "must hold at least one PEM certificate (-----BEGIN CERTIFICATE-----)");
      for (const pem of certs) if (!parses(() => new X509Certificate(pem))) fail("caBundle", "holds a certificate that does not parse");
      out.caBundle = certs.join("\n");
    }
  }
  if (input.clientCert !== undefined) out.clientCert = blank(input.clientCert) ? null : input.clientCert!.trim();
  if (input.clientKey !== undefined) {
    if (blank(input.clientKey)) out.clientKeyEnc = null;
    else {
      if (!parses(() => createPrivateKey(input.clientKey!))) fail("clientKey", "must be an unencrypted PEM private key");
      out.clientKeyEnc = sealSecret(input.clientKey!.trim());
    }
  }
  // A new certificate without a new key would be paired with the old key: both are checked together below.
  if (out.clientCert) {
    let cert: X509Certificate | undefined;
    if (!parses(() => (cert = new X509Certificate(out.clientCert!)))) fail("clientCert", "must be a PEM certificate");
    if (!out.clientKeyEnc) fail("clientKey", "a client certificate needs its private key");
    if (input.clientCert !== undefined || input.clientKey !== undefined) {
      let keyPem = input.clientKey?.trim() ? input.clientKey : null;
      try {
        keyPem ??= openSecret(out.clientKeyEnc!);
      } catch {
        fail("clientKey", "the stored key cannot be opened with SECRETS_KEY; paste the key again");
      }
      if (!cert!.checkPrivateKey(createPrivateKey(keyPem!))) fail("clientKey", "does not belong to the client certificate");
    }
  } else if (out.clientKeyEnc && input.clientKey) fail("clientCert", "a client key needs its certificate");
  if (!out.clientCert) out.clientKeyEnc = null;

  if (input.proxyUrl !== undefined) {
    if (blank(input.proxyUrl)) out.proxyUrl = null;
    else {
      const u = URL.canParse(input.proxyUrl!) ? new URL(input.proxyUrl!) : null;
      if (!u || (u.protocol !== "http:" && u.protocol !== "https:") || (u.pathname !== "/" && u.pathname !== "") || u.search || u.hash) {
        fail("proxyUrl", "must be an http or https proxy URL such as http://proxy.internal:3128");
      }
      const href = u!.href.replace(/\/$/, "");
      // Proxy credentials are a secret like the client key: sealed at rest, opened by the worker only.
      out.proxyUrl = u!.password ? sealSecret(href) : href;
    }
  }
  if (input.noProxy !== undefined) {
    const entries = (input.noProxy ?? "").split(/[\s,]+/).filter(Boolean);
    if (entries.some((e) => !/^(\*|\*?\.?[a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d+)?$/i.test(e))) fail("noProxy", "host names, .suffix or host:port, separated by commas");
    out.noProxy = entries.length > 0 ? entries.join(",") : null;
  }

  const any = Object.values(out).some((v) => v !== null && v !== undefined);
  return { allowedTargetCidrs: cidrs, outbound: any ? out : null };
}

function parses(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

/** What the console and the cli show: no key, no proxy password; certificates by subject and expiry. */
export function describeClientNetwork(n: ClientNetwork) {
  const o = n.outbound ?? {};
  const cert = o.clientCert ? certSummary(o.clientCert) : null;
  const cas = o.caBundle ? pemBlocks(o.caBundle, "CERTIFICATE").map(certSummary) : [];
  return {
    targetCidrs: n.allowedTargetCidrs,
    caBundle: cas.length > 0 ? cas : null,
    clientCert: cert,
    clientKey: o.clientKeyEnc ? "stored (encrypted)" : null,
    proxyUrl: o.proxyUrl ? maskProxy(o.proxyUrl) : null,
    noProxy: o.noProxy ?? null,
  };
}

export type ClientNetworkSummary = ReturnType<typeof describeClientNetwork>;

function certSummary(pem: string) {
  try {
    const c = new X509Certificate(pem);
    return { subject: c.subject.replace(/\n/g, ", "), validTo: new Date(c.validTo).toISOString() };
  } catch {
    return { subject: "(unreadable)", validTo: null };
  }
}

/** The proxy URL as stored: sealed when it carries credentials. */
export function openProxyUrl(stored: string): string {
  return isSealed(stored) ? openSecret(stored) : stored;
}

function maskProxy(url: string): string {
  try {
    const u = new URL(openProxyUrl(url));
    if (u.password) u.password = "****";
    return u.toString().replace(/\/$/, "");
  } catch {
    return "(unreadable)";
  }
}
