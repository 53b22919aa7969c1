import { describe, expect, it } from "vitest";
import { createCallSlots } from "./call-slots";

const settled = async <T>(p: Promise<T>) => {
  const marker = Symbol("pending");
  const result = await Promise.race([p, new Promise<typeof marker>((r) => setTimeout(() => r(marker), 10))]);
  return result === marker ? "pending" : result;
};

describe("createCallSlots", () => {
  it("grants at most `size` slots; the next waiter gets a slot when one is released, first come first served", async () => {
    const slots = createCallSlots(2);
    expect(await slots.acquire()).toBe(true);
    expect(await slots.acquire()).toBe(true);
    const third = slots.acquire();
    const fourth = slots.acquire();
    expect(await settled(third)).toBe("pending");
    slots.release();
    expect(await settled(third)).toBe(true);
    expect(await settled(fourth)).toBe("pending");
    slots.release();
    expect(await settled(fourth)).toBe(true);
  });

  it("a released slot with nobody waiting is free again", async () => {
    const slots = createCallSlots(1);
    expect(await slots.acquire()).toBe(true);
    slots.release();
    expect(await settled(slots.acquire())).toBe(true);
  });

  it("close turns away everyone waiting and everyone who asks later, but leaves held slots alone", async () => {
    const slots = createCallSlots(1);
    expect(await slots.acquire()).toBe(true);
    const waiting = slots.acquire();
    slots.close();
    expect(await settled(waiting)).toBe(false);
    expect(await settled(slots.acquire())).toBe(false);
    slots.release(); // the call that held the slot finishes normally
    expect(await settled(slots.acquire())).toBe(false);
  });
});
