import { describe, expect, it } from "vitest";
import { futureInstant, headerValuePattern, inspectJson, maxJsonDepth, storableText } from "./input-limits";
import { taskInputSchema } from "./task-input";

const nest = (depth: number) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe("inspectJson", () => {
  it("counts containers, the value itself included", () => {
    expect(inspectJson(1).depth).toBe(0);
    expect(inspectJson({}).depth).toBe(1);
    expect(inspectJson({ a: [{ b: 1 }] }).depth).toBe(3);
    expect(inspectJson(nest(maxJsonDepth)).depth).toBe(maxJsonDepth);
  });

  it("stops early on a value far deeper than the limit, without recursion", () => {
    expect(inspectJson(nest(200_000)).depth).toBe(maxJsonDepth + 1);
  });

  it("finds a lone surrogate in a key or a value, but not in a real pair", () => {
    expect(inspectJson({ ["k\ud800"]: 1 }).loneSurrogate).toBe(true);
    expect(inspectJson({ a: ["x", { b: "\udc00" }] }).loneSurrogate).toBe(true);
    expect(inspectJson({ a: "😀 中文" }).loneSurrogate).toBe(false);
  });
});

describe("what the task input refuses", () => {
  const ok = { url: "http://127.0.0.1:9/x" };
  it("accepts params just under the depth limit and refuses the next level", () => {
    expect(taskInputSchema.safeParse({ ...ok, params: nest(maxJsonDepth) }).success).toBe(true);
    expect(taskInputSchema.safeParse({ ...ok, params: nest(maxJsonDepth + 1) }).success).toBe(false);
  });

  it("refuses dates outside DATETIME or too far ahead, and accepts the usual ones", () => {
    expect(futureInstant.safeParse("9999-12-31T23:59:59-05:00").success).toBe(false);
    expect(futureInstant.safeParse(new Date(Date.now() + 400 * 86_400_000).toISOString()).success).toBe(false);
    expect(futureInstant.safeParse(new Date(Date.now() + 3_600_000).toISOString()).success).toBe(true);
    expect(futureInstant.safeParse("2020-01-01T00:00:00+08:00").success).toBe(true);
  });

  it("header values: visible Latin-1 with inner spaces, nothing that could split a header", () => {
    for (const good of ["Bearer abc", "a\tb", "café", ""]) expect(headerValuePattern.test(good), JSON.stringify(good)).toBe(true);
    for (const bad of ["a\r\nb", "a\nb", "a\u0000", "中文", " a", "a ", "\u0100"]) expect(headerValuePattern.test(bad), JSON.stringify(bad)).toBe(false);
  });

  it("stored text: length, valid Unicode, no control characters", () => {
    const t = storableText(4);
    expect(t.safeParse("中文中文").success).toBe(true);
    expect(t.safeParse("abcde").success).toBe(false);
    expect(t.safeParse("a\ud800").success).toBe(false);
    expect(t.safeParse("a\u0007").success).toBe(false);
  });
});
