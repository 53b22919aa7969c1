import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback";

describe("safeCallbackPath", () => {
  it("keeps a path on this site", () => {
    expect(safeCallbackPath("/tasks?status=failed&url=%2Fx")).toBe("/tasks?status=failed&url=%2Fx");
  });

  it("refuses anything that could leave the site, or loop", () => {
    for (const bad of ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null, 42, "/login", "/api/v1/tasks"]) {
      expect(safeCallbackPath(bad)).toBe("/overview");
    }
  });
});
