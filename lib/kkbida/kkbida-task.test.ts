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
