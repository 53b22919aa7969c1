import { SERVICE, SERVICE_VERSION, METHODS } from "./call-back-service";
import { PROTOCOL_VERSION } from "./protocol-version";

/**
 * The provider URL as Dubbo's URL.toFullString() writes it: parameters sorted by name, values plain. Consumers
 * match it on interface, version, group and category (none: providers).
 */
export function providerUrl(opts: { host: string; port: number; application: string; anyhost: boolean; pid?: number; timestamp?: number }): string {
  const params: Record<string, string> = {
    anyhost: String(opts.anyhost),
    application: opts.application,
    dubbo: PROTOCOL_VERSION,
    generic: "false",
    interface: SERVICE,
    methods: METHODS.join(","),
    pid: String(opts.pid ?? process.pid),
    revision: SERVICE_VERSION,
    side: "provider",
    timestamp: String(opts.timestamp ?? Date.now()),
    version: SERVICE_VERSION,
  };
  const query = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
  const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  return `dubbo://${host}:${opts.port}/${SERVICE}?${query}`;
}

/** The registry folder of the service's providers: `/dubbo/<interface>/providers`. */
export const providersPath = `/dubbo/${SERVICE}/providers`;

/** Java's URLEncoder.encode(s, "UTF-8"), which Dubbo uses for ZooKeeper node names: `*-._` kept, space as `+`. */
export function javaUrlEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}
