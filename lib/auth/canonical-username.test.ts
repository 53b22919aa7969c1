import { describe, expect, it } from "vitest";
import { canonicalUsername } from "./canonical-username";

describe("canonicalUsername", () => {
  it("maps look-alike spellings of one name to one form", () => {
    for (const spelling of ["admin", "Admin", "ADMIN", " admin ", "ａｄｍｉｎ", "ＡＤＭＩＮ", "ad\u200bmin", "ad\u00admin", "\u3000admin"]) {
      expect(canonicalUsername(spelling), JSON.stringify(spelling)).toBe("admin");
    }
  });

  it("keeps different names apart", () => {
    expect(canonicalUsername("admin1")).not.toBe(canonicalUsername("admin"));
    expect(canonicalUsername("ad min")).not.toBe(canonicalUsername("admin"));
  });
});
