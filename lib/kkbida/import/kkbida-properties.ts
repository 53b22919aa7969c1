import { getProperties } from "properties-file";
import { canonicalCidrs } from "../../net/cidr-list";

export interface KkbidaSettings {
  /** callcenter.system.username / password: what kkbida's HTTP clients send as `username` / `password`. */
  username: string | null;
  password: string | null;
  /** callcenter.system.filter.ignoreIp as caller CIDRs; null when the file sets none (kkbida then admitted anyone). */
  callerCidrs: string[] | null;
}

/**
 * The settings a migration takes from kkbida's application.properties (parsed as Java reads the file: escapes,
 * continuations, `:` or `=`). kkbida matched ignoreIp as a substring of the caller's address; Bida matches each
 * entry exactly (`192.168.1.100` → 192.168.1.100/32) and `localhost` as both loopback addresses.
 */
export function readKkbidaProperties(text: string): KkbidaSettings {
  const p = getProperties(text);
  const value = (key: string) => {
    const v = p[key]?.trim();
    return v ? v : null;
  };
  const ignoreIp = value("callcenter.system.filter.ignoreIp");
  return {
    username: value("callcenter.system.username"),
    password: p["callcenter.system.password"] ?? null,
    callerCidrs: ignoreIp === null ? null : ignoreIpToCidrs(ignoreIp),
  };
}

/** `127.0.0.1,localhost,192.168.1.100` → ["127.0.0.1", "::1", "192.168.1.100"]; throws naming every bad entry. */
export function ignoreIpToCidrs(list: string): string[] {
  const entries = list.split(/[,;\s]+/).map((e) => e.trim()).filter(Boolean);
  const rules = entries.flatMap((e) => (e.toLowerCase() === "localhost" ? ["127.0.0.1", "::1"] : [e]));
  return canonicalCidrs(rules, "callcenter.system.filter.ignoreIp");
}
