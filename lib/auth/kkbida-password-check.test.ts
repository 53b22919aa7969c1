import bcrypt from "bcryptjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { kkbidaPasswordMatches } from "./kkbida-password-check";

// Cost 4: the cache is what is tested, not bcrypt's speed.
const hashOf = (password: string) => bcrypt.hash(password, 4);

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe("kkbida password checks", () => {
  it("bcrypt-checks a pair once, then answers from memory while the stored hash is the same", async () => {
    const hash = await hashOf("admin");
    const compare = vi.spyOn(bcrypt, "compare");
    expect(await kkbidaPasswordMatches("u1", "admin", hash)).toBe(true);
    expect(await kkbidaPasswordMatches("u1", "admin", hash)).toBe(true);
    expect(compare).toHaveBeenCalledTimes(1);
    // A wrong password is remembered too: a misconfigured client costs one bcrypt, not one per request.
    expect(await kkbidaPasswordMatches("u1", "wrong", hash)).toBe(false);
    expect(await kkbidaPasswordMatches("u1", "wrong", hash)).toBe(false);
    expect(compare).toHaveBeenCalledTimes(2);
  });

  it("a changed password (a new stored hash) is checked again: the old pair no longer counts", async () => {
    const before = await hashOf("old");
    const after = await hashOf("new");
    expect(await kkbidaPasswordMatches("u2", "old", before)).toBe(true);
    expect(await kkbidaPasswordMatches("u2", "old", after)).toBe(false);
    expect(await kkbidaPasswordMatches("u2", "new", after)).toBe(true);
  });

  it("forgets a pair after 60 s", async () => {
    vi.useFakeTimers({ toFake: ["Date", "performance"] });
    const hash = await hashOf("admin");
    const compare = vi.spyOn(bcrypt, "compare");
    expect(await kkbidaPasswordMatches("u3", "admin", hash)).toBe(true);
    vi.advanceTimersByTime(59_000);
    expect(await kkbidaPasswordMatches("u3", "admin", hash)).toBe(true);
    expect(compare).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2_000);
    expect(await kkbidaPasswordMatches("u3", "admin", hash)).toBe(true);
    expect(compare).toHaveBeenCalledTimes(2);
  });

  it("tells usernames apart: the same password under another username is checked on its own", async () => {
    const hash = await hashOf("same");
    const compare = vi.spyOn(bcrypt, "compare");
    await kkbidaPasswordMatches("u4", "same", hash);
    await kkbidaPasswordMatches("u5", "same", hash);
    expect(compare).toHaveBeenCalledTimes(2);
  });
});
