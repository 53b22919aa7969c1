import { describe, expect, it } from "vitest";
import { kkbidaTaskSchema, toTaskInput } from "./kkbida-task";

describe("kkbida's task", () => {
  it("carries no ordering key: kkbida's protocol has none, so a stray field is ignored like its other extras", () => {
    const k = kkbidaTaskSchema.parse({ url: "http://127.0.0.1:1/hook", requestMethod: "post", orderingKey: "order-42" });
    const input = toTaskInput(k);
    expect(input.success).toBe(true);
    expect(input.data!.orderingKey).toBeUndefined();
  });
});

describe("kkbida's expireTimestamp", () => {
  const base = { url: "http://127.0.0.1:1/hook", requestMethod: "POST" };

  it("becomes the native expiresAt (epoch ms to ISO)", () => {
    const at = Date.now() + 60_000;
    const input = toTaskInput(kkbidaTaskSchema.parse({ ...base, expireTimestamp: at }));
    expect(input.success).toBe(true);
    expect(input.data!.expiresAt).toBe(new Date(at).toISOString());
  });

  it("null or 0 (the SDK's unset) means no expiry", () => {
    for (const expireTimestamp of [null, 0]) {
      const input = toTaskInput(kkbidaTaskSchema.parse({ ...base, expireTimestamp }));
      expect(input.data!.expiresAt).toBeUndefined();
    }
  });

  it("refuses an expiry in the past or over a year ahead, naming the field", () => {
    for (const at of [Date.now() - 1_000, Date.now() + 400 * 86_400_000]) {
      const input = toTaskInput(kkbidaTaskSchema.parse({ ...base, expireTimestamp: at }));
      expect(input.success).toBe(false);
      expect(input.error!.issues[0]!.path).toEqual(["expiresAt"]);
    }
    expect(kkbidaTaskSchema.safeParse({ ...base, expireTimestamp: "tomorrow" }).success).toBe(false);
  });
});
