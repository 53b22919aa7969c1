/** A Dubbo registry Bida's provider URL is published in (Redis or ZooKeeper, the layouts Dubbo 2.6 uses). */
export interface Registry {
  /** For logs: the registry's address without credentials. */
  readonly name: string;
  /** Publishes the provider URL, and keeps it published (renewals, reconnects) until unregister. */
  register(url: string): Promise<void>;
  /** Removes it, and tells subscribed consumers; then closes the registry's connection. */
  unregister(): Promise<void>;
}

/**
 * DUBBO_REGISTRY: registry URLs, comma-separated. A comma starts a new registry only before a scheme, so Dubbo's
 * own `zookeeper://a:2181?backup=b:2181,c:2181` stays one entry.
 */
export function splitRegistries(setting: string): string[] {
  return setting
    .split(/,(?=\s*[a-z][a-z0-9+.-]*:\/\/)/i)
    .map((s) => s.trim())
    .filter(Boolean);
}
