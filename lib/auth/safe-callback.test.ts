import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback";

describe("safeCallbackPath", () => {
  it("keeps a path on this site", () => {
    expect(safeCallbackPath("/tasks?status=failed&url=%2Fx")).toBe("/tasks?status=failed&url=%2Fx");
    expect(safeCallbackPath("/tasks/0190a3b4-0000-7000-8000-000000000000#attempts")).toBe("/tasks/0190a3b4-0000-7000-8000-000000000000#attempts");
  });

  it("refuses anything that could leave the site, or loop", () => {
    const bad = [
      "https://evil.example/",
      "http://localhost:3000/tasks",
      "//evil.example",
      "///evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      " //evil.example",
      "/ /evil.example",
      "/%2F%2Fevil.example",
      "/%2fevil.example",
      "/%5Cevil.example",
      "/..//evil.example",
      "/./\\evil.example",
      "/\u3000/evil.example",
      "/\u200b/evil.example",
      "javascript:alert(1)",
      "data:text/html,x",
      "",
      null,
      42,
      "/login",
      "/login?callbackUrl=//evil.example",
      "/api/v1/tasks",
      `/${"a".repeat(3000)}`,
    ];
    for (const value of bad) expect(safeCallbackPath(value), JSON.stringify(value)).toBe("/overview");
  });
});
