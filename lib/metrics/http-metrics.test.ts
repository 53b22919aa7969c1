import { describe, expect, it } from "vitest";
import { routeTemplate } from "./http-metrics";

describe("routeTemplate", () => {
  it("puts parameter names where their values stand", () => {
    expect(routeTemplate("/api/v1/tasks/0190a1b2-c3d4", { id: "0190a1b2-c3d4" })).toBe("/api/v1/tasks/[id]");
    expect(routeTemplate("/api/console/hosts/http%3A%2F%2Fa%3A80/pause", { host: "http://a:80" })).toBe("/api/console/hosts/[host]/pause");
    expect(routeTemplate("/api/auth/callback/credentials", { nextauth: ["callback", "credentials"] })).toBe("/api/auth/[...nextauth]");
    expect(routeTemplate("/api/v1/tasks", {})).toBe("/api/v1/tasks");
  });
});
