import { describe, expect, it } from "vitest";
import { z } from "zod";
import en from "../../messages/en.json";
import zh from "../../messages/zh-CN.json";
import { zodDetails } from "../errors";
import { createTranslator } from "next-intl";
import { issueKeys, issueMessage, wordField, type ValidationText } from "./issue-text";

const schema = z.object({
  name: z.string().max(64),
  events: z.array(z.string()).min(1),
  attempts: z.number().int().min(1).max(100),
  url: z.url(),
  kind: z.enum(["dingtalk", "slack"]),
  note: z.string().refine((v) => v.length > 0, "say what was done by hand"),
});

describe("issueMessage", () => {
  it("says in plain words what each of zod's own checks wanted, from the API's details (never the input)", () => {
    const res = schema.safeParse({ name: "x".repeat(65), events: [], attempts: 500, url: "not a url", kind: "mail", note: "" });
    const details = zodDetails(res.error!);
    const byPath = Object.fromEntries(details.map((d) => [d.path, d]));
    expect(JSON.stringify(details)).not.toContain("x".repeat(65));
    expect(issueMessage(byPath.name!.issue!)).toEqual({ key: "tooBigString", values: { n: 64 } });
    expect(issueMessage(byPath.events!.issue!)).toEqual({ key: "tooSmallArray", values: { n: 1 } });
    expect(issueMessage({ code: "too_small", origin: "string", minimum: 1 }).key).toBe("required");
    expect(issueMessage(byPath.attempts!.issue!)).toEqual({ key: "tooBigNumber", values: { n: 100 } });
    expect(issueMessage(byPath.url!.issue!).key).toBe("invalidUrl");
    expect(issueMessage(byPath.kind!.issue!).key).toBe("invalidValue");
    // A refinement's message is its own words: no issue to reword.
    expect(byPath.note).toEqual({ path: "note", message: "say what was done by hand", issue: undefined });
  });

  it("has every key it can return in both catalogues", () => {
    for (const key of issueKeys) {
      expect((en.validation.issues as Record<string, string>)[key], key).toBeTruthy();
      expect((zh.validation.issues as Record<string, string>)[key], key).toBeTruthy();
    }
  });

  it("words a field the same way for server actions and API answers: zod's text never, Bida's own phrases in English", () => {
    const res = schema.safeParse({ name: "", events: [], attempts: 0, url: "x", kind: "slack", note: "" });
    const byPath = Object.fromEntries(zodDetails(res.error!).map((d) => [d.path, d]));
    const words = (locale: "en" | "zh-CN", messages: typeof en) => {
      const t = createTranslator({ locale, messages, namespace: "validation" }) as unknown as ValidationText;
      return (path: string) => wordField(byPath[path]!, locale, t);
    };
    const enWords = words("en", en);
    const zhWords = words("zh-CN", zh as typeof en);
    expect(byPath.events!.message).toMatch(/^Too small/);
    expect(enWords("events")).toBe("choose at least one");
    expect(zhWords("events")).toBe("至少选择 1 项");
    expect(enWords("url")).toBe("not a valid URL");
    expect(zhWords("url")).toBe(zh.validation.issues.invalidUrl);
    // Bida's catalogued phrase: as it is in English, the catalogue's words in Chinese.
    expect(enWords("note")).toBe("say what was done by hand");
    expect(zhWords("note")).toBe(zh.validation.note);
    // Bida's own phrase on a built-in check stays in English; other languages get the check's plain words.
    const limit = z.object({ hours: z.number().max(720, "0 to 720 hours") }).safeParse({ hours: 721 });
    const hours = zodDetails(limit.error!)[0]!;
    expect(wordField(hours, "en", createTranslator({ locale: "en", messages: en, namespace: "validation" }) as unknown as ValidationText)).toBe("0 to 720 hours");
    expect(wordField(hours, "zh-CN", createTranslator({ locale: "zh-CN", messages: zh as typeof en, namespace: "validation" }) as unknown as ValidationText)).toBe("不能大于 720");
  });
});
