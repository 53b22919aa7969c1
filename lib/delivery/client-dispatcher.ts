import { rootCertificates } from "node:tls";
import { EnvHttpProxyAgent, type Dispatcher } from "undici";
import type { ClientNetwork } from "../clients/outbound-settings";
import { openProxyUrl } from "../clients/outbound-settings";
import { openSecret } from "../crypto/secret-box";
import { literalTargetRefusal } from "./literal-target";
import { createOutboundAgent, createPolicyConnector, type ConnectorOptions } from "./outbound-policy";

/** Whether a client's settings need an agent of its own; clients without any share the process's pool. */
export function hasOwnNetwork(n: ClientNetwork): boolean {
  const o = n.outbound;
  return (n.allowedTargetCidrs?.length ?? 0) > 0 || Boolean(o?.caBundle || o?.clientCert || o?.proxyUrl);
}

export interface ClientDispatcherOptions extends Pick<ConnectorOptions, "resolve" | "dial" | "connectTimeoutMs"> {
  connections?: number;
}

/**
 * The dispatcher for one client's calls: the outbound policy narrowed by its allowed target CIDRs, its CA bundle
 * added to the system's, its mTLS certificate, and its egress proxy (hosts in no_proxy go direct).
 *
 * Behind a proxy the proxy resolves the name and connects, so Bida cannot judge the resolved address: the proxy
 * decides. Literal hosts (an IP, `localhost`) are still judged here, before anything is sent to the proxy.
 * Throws when a stored secret cannot be opened (a changed SECRETS_KEY): the caller turns that into the attempt's error.
 */
export function createClientDispatcher(n: ClientNetwork, opts: ClientDispatcherOptions = {}): Dispatcher {
  const o = n.outbound ?? {};
  const tls = {
    ...(o.caBundle ? { ca: [...rootCertificates, o.caBundle] } : {}),
    ...(o.clientCert && o.clientKeyEnc ? { cert: o.clientCert, key: openSecret(o.clientKeyEnc) } : {}),
  };
  const connector = { ...opts, clientCidrs: n.allowedTargetCidrs, tls };
  const pool = { connections: opts.connections ?? 256, pipelining: 1, keepAliveTimeout: 4_000 };
  if (!o.proxyUrl) return createOutboundAgent({ ...connector, ...pool });

  const proxyUrl = openProxyUrl(o.proxyUrl);
  const agent = new EnvHttpProxyAgent({
    ...pool,
    httpProxy: proxyUrl,
    httpsProxy: proxyUrl,
    // An empty string, not undefined: undefined would fall back to the process's NO_PROXY.
    noProxy: o.noProxy ?? "",
    connect: createPolicyConnector(connector), // hosts in no_proxy: direct, judged like any call
    requestTls: tls, // through the tunnel, TLS to the target still uses the client's CA and certificate
  });
  return agent.compose((dispatch) => (options, handler) => {
    const why = literalTargetRefusal(String(options.origin), n.allowedTargetCidrs);
    if (why) {
      handler.onResponseError?.(null as never, Object.assign(new Error(why), { code: "EBIDA_OUTBOUND_DENIED" }));
      return true;
    }
    return dispatch(options, handler);
  });
}
