import { describe, expect, it } from "vitest";
import { blamesHost } from "./blame";

const failed = (over: Partial<Parameters<typeof blamesHost>[0]>) => ({ ok: false, statusCode: null, failure: null, durationMs: 5_000, ...over });

describe("blamesHost: which failures count towards opening a host's circuit", () => {
  it.each([
    ["a refused or reset connection", failed({ failure: "connect" }), true],
    ["a timeout after a fair time", failed({ failure: "timeout", durationMs: 3_000 }), true],
    ["a timeout the task made too short to mean anything", failed({ failure: "timeout", durationMs: 100 }), false],
    ["429", failed({ statusCode: 429 }), true],
    ["502, 503, 504", failed({ statusCode: 503 }), true],
    ["500: the host answered", failed({ statusCode: 500 }), false],
    ["an unexpected body: the host answered", failed({ statusCode: 200 }), false],
    ["Bida's outbound policy refused the target", failed({ failure: "policy" }), false],
    ["a request that cannot be built", failed({ failure: "request" }), false],
    ["a TLS failure", failed({ failure: "tls" }), false],
    ["a success", { ok: true, statusCode: 200, failure: null, durationMs: 5 }, false],
  ] as const)("%s", (_, outcome, blamed) => {
    expect(blamesHost(outcome)).toBe(blamed);
  });
});
