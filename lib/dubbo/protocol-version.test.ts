import { describe, expect, it } from "vitest";
import { supportsResponseAttachments } from "./protocol-version";

describe("supportsResponseAttachments", () => {
  it("follows Dubbo's rule: 2.0.2+ except the jar versions 2.0.10-2.6.2 and dubbox 2.8.x", () => {
    for (const v of ["2.0.2", "2.0.9", "2.6.3", "2.6.5", "2.7.8", "3.0.0"]) expect(supportsResponseAttachments(v), v).toBe(true);
    for (const v of ["", "2.0.1", "2.0.10", "2.5.3", "2.6.2", "2.8.4", "abc", null, undefined]) expect(supportsResponseAttachments(v), String(v)).toBe(false);
  });
});
