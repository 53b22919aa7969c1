import { describe, expect, it } from "vitest";
import { guardRoute } from "./route-guard";

const at = (path: string) => new URL(path, "http://console.test");

describe("guardRoute", () => {
  it("sends a visitor without a session to the login, remembering where they were going", () => {
    expect(guardRoute(at("/tasks?status=failed"), null)?.toString()).toBe("http://console.test/login?callbackUrl=%2Ftasks%3Fstatus%3Dfailed");
    expect(guardRoute(at("/"), null)?.toString()).toBe("http://console.test/login");
  });

  it("lets a visitor reach the login, and sends a signed-in user past it", () => {
    expect(guardRoute(at("/login"), null)).toBeNull();
    expect(guardRoute(at("/login"), { mustChangePassword: false })?.pathname).toBe("/");
  });

  it("holds a user who owes a password change on the change page", () => {
    expect(guardRoute(at("/tasks"), { mustChangePassword: true })?.pathname).toBe("/change-password");
    expect(guardRoute(at("/change-password"), { mustChangePassword: true })).toBeNull();
    expect(guardRoute(at("/tasks"), { mustChangePassword: false })).toBeNull();
  });
});
