import { describe, expect, it } from "vitest";
import { keepResponseHeaders, maxResponseHeaderBytes } from "./response-headers";

describe("keepResponseHeaders", () => {
  it("keeps names lower case, joins repeats and masks credentials", () => {
    expect(keepResponseHeaders({ "Content-Type": "text/plain", "set-cookie": ["a=1", "b=2"], Authorization: "Bearer x", via: ["1.1 a", "1.1 b"] }, true)).toEqual({
      "content-type": "text/plain",
      "set-cookie": "****",
      authorization: "****",
      via: "1.1 a, 1.1 b",
    });
  });

  it("caps the count and the bytes, saying how many were dropped", () => {
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`x-h${i}`, "v"]));
    const kept = keepResponseHeaders(many, true)!;
    expect(Object.keys(kept)).toHaveLength(51);
    expect(kept["…"]).toBe("30 more headers not kept");
    const big = keepResponseHeaders({ "x-big": "界".repeat(5000), "x-after": "gone" }, true)!;
    expect(Buffer.byteLength(big["x-big"]!, "utf8")).toBeLessThanOrEqual(maxResponseHeaderBytes);
    expect(big["x-big"]!.endsWith("…")).toBe(true);
    expect(big["…"]).toBe("1 more header not kept");
  });

  it("is null when no answer arrived", () => {
    expect(keepResponseHeaders({}, false)).toBeNull();
  });
});
