import { describe, expect, it } from "vitest";
import { hashTagOf, parseClusterNodes } from "./redis-nodes";

describe("parseClusterNodes", () => {
  it("is null when unset, so standalone stays the default", () => {
    expect(parseClusterNodes("")).toBeNull();
    expect(parseClusterNodes(" , ")).toBeNull();
  });

  it("reads host:port seeds, default port 6379", () => {
    expect(parseClusterNodes("10.0.0.1:7000, 10.0.0.2:7001,redis-3")).toEqual({
      nodes: [
        { host: "10.0.0.1", port: 7000 },
        { host: "10.0.0.2", port: 7001 },
        { host: "redis-3", port: 6379 },
      ],
      tls: false,
    });
  });

  it("takes TLS and credentials from rediss:// URLs, for every node", () => {
    expect(parseClusterNodes("rediss://app:p%40ss@node-1:6380,node-2:6380")).toEqual({
      nodes: [
        { host: "node-1", port: 6380 },
        { host: "node-2", port: 6380 },
      ],
      tls: true,
      username: "app",
      password: "p@ss",
    });
    expect(parseClusterNodes("redis://:secret@[::1]:7000")).toEqual({ nodes: [{ host: "::1", port: 7000 }], tls: false, password: "secret" });
  });

  it("refuses URLs that disagree, other schemes and junk, without echoing a password", () => {
    expect(() => parseClusterNodes("rediss://:a@n1:1,redis://:a@n2:2")).toThrow(/entry 2: every redis:\/\/ entry must use the same/);
    expect(() => parseClusterNodes("rediss://:secret-one@n1:1,rediss://:secret-two@n2:2")).toThrow(/^(?!.*secret).*$/);
    expect(() => parseClusterNodes("http://n1:1")).toThrow(/use redis:\/\/ or rediss:\/\//);
    expect(() => parseClusterNodes("n1:notaport")).toThrow(/entry 1/);
  });
});

describe("hashTagOf", () => {
  it("is what Redis Cluster hashes by: between the first { and the next }, when not empty", () => {
    expect(hashTagOf("{bida}")).toBe("bida");
    expect(hashTagOf("app:{bida}:x")).toBe("bida");
    expect(hashTagOf("bida")).toBeNull();
    expect(hashTagOf("{}bida")).toBeNull();
    expect(hashTagOf("{bida")).toBeNull();
    expect(hashTagOf("{a}{b}")).toBe("a");
  });
});
