import { describe, expect, it } from "vitest";
import { z } from "zod";
import en from "../../messages/en.json";
import zh from "../../messages/zh-CN.json";
import { zodDetails } from "../errors";
import { issueKeys, issueMessage } from "./issue-text";

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
});
