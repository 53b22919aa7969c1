import { describe, expect, it } from "vitest";
import { cidrMatcher } from "../net/cidr-list";
import { resolveCaller } from "./caller-address";

const trusted = cidrMatcher(["10.0.0.0/24", "fd00::/8"]);

describe("resolveCaller", () => {
  it("is the socket peer when the peer is not a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(resolveCaller("203.0.113.5", "192.168.1.100", trusted)).toBe("203.0.113.5");
    expect(resolveCaller("::ffff:203.0.113.5", undefined, trusted)).toBe("203.0.113.5");
  });

  it("takes the right-most hop that is not a trusted proxy", () => {
    // the caller forged 192.168.1.100; proxy 10.0.0.1 appended the real address 198.51.100.7
    expect(resolveCaller("10.0.0.2", "192.168.1.100, 198.51.100.7, 10.0.0.1", trusted)).toBe("198.51.100.7");
    expect(resolveCaller("10.0.0.2", ["192.168.1.100", "198.51.100.7"], trusted)).toBe("198.51.100.7");
    expect(resolveCaller("fd00::1", "2001:db8::9, fd00::2", trusted)).toBe("2001:db8::9");
  });

  it("strips a port from a hop", () => {
    expect(resolveCaller("10.0.0.2", "198.51.100.7:4711", trusted)).toBe("198.51.100.7");
    expect(resolveCaller("10.0.0.2", "[2001:db8::9]:4711", trusted)).toBe("2001:db8::9");
  });

  it("is the left-most hop when every hop is trusted, and the proxy itself without the header", () => {
    expect(resolveCaller("10.0.0.2", "10.0.0.7, 10.0.0.1", trusted)).toBe("10.0.0.7");
    expect(resolveCaller("10.0.0.2", undefined, trusted)).toBe("10.0.0.2");
  });

  it("is unknown when a trusted proxy passes a hop that is not an address", () => {
    expect(resolveCaller("10.0.0.2", "unknown", trusted)).toBeNull();
    expect(resolveCaller("10.0.0.2", "198.51.100.7, garbage", trusted)).toBeNull();
    // garbage left of the first untrusted hop is the caller's own writing and is never read
    expect(resolveCaller("10.0.0.2", "garbage, 198.51.100.7", trusted)).toBe("198.51.100.7");
    expect(resolveCaller(undefined, "198.51.100.7", trusted)).toBeNull();
  });
});
