/** Seed nodes of a Redis Cluster and what every node connection shares (credentials, TLS). */
export interface ClusterConfig {
  nodes: { host: string; port: number }[];
  username?: string;
  password?: string;
  tls: boolean;
}

/**
 * Parses REDIS_CLUSTER_NODES: a comma-separated list of `host:port` or `redis://` / `rediss://` URLs (a managed
 * cluster's TLS and password: `rediss://:secret@node-1:6379,rediss://:secret@node-2:6379`). The nodes only seed
 * the client: it learns the rest of the cluster, replicas and failovers from CLUSTER SLOTS. Every node connection
 * uses the same credentials and TLS setting, so the entries that carry them must agree. Throws a message naming
 * the bad entry, never its password.
 */
export function parseClusterNodes(value: string): ClusterConfig | null {
  const entries = value.split(",").map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  const nodes: ClusterConfig["nodes"] = [];
  const seen = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    let url: URL;
    try {
      url = new URL(entry.includes("://") ? entry : `redis://${entry}`);
    } catch {
      throw new Error(`entry ${i + 1} is neither host:port nor a redis:// URL`);
    }
    if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw new Error(`entry ${i + 1}: use redis:// or rediss://, not ${url.protocol}//`);
    if (!url.hostname) throw new Error(`entry ${i + 1} names no host`);
    const settings = { tls: url.protocol === "rediss:", username: decodeURIComponent(url.username) || undefined, password: decodeURIComponent(url.password) || undefined };
    const key = JSON.stringify(settings);
    if (entry.includes("://")) seen.add(key);
    // A bare host:port takes the URLs' settings; URLs that disagree would connect to some nodes differently.
    if (seen.size > 1) throw new Error(`entry ${i + 1}: every redis:// entry must use the same scheme, user and password`);
    nodes.push({ host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(url.port || 6379) });
  }
  const shared = seen.size === 1 ? (JSON.parse([...seen][0]!) as Omit<ClusterConfig, "nodes">) : { tls: false };
  return { nodes, ...shared };
}

/**
 * The hash tag Redis Cluster hashes a key by: the text between the first `{` and the next `}`, when not empty. A
 * prefix carrying one puts every key under it (Bida's and BullMQ's) in one slot, which their multi-key scripts need.
 */
export function hashTagOf(prefix: string): string | null {
  const open = prefix.indexOf("{");
  if (open < 0) return null;
  const close = prefix.indexOf("}", open + 1);
  if (close < 0 || close === open + 1) return null;
  return prefix.slice(open + 1, close);
}
