import { describe, expect, it } from "vitest";
import { Agent, type Dispatcher } from "undici";
import type { ClientNetwork } from "@/lib/clients/outbound-settings";
import { createClientAgents } from "./client-agents";

const closed = (d: Dispatcher) => (d as unknown as { closed: boolean }).closed;

function setup(max: number) {
  const settings = new Map<number, ClientNetwork>();
  const loads: number[] = [];
  const shared = new Agent();
  const agents = createClientAgents({
    shared,
    max,
    ttlMs: 0, // re-read on every call, so a change shows at once
    load: async (id) => {
      loads.push(id);
      return settings.get(id) ?? null;
    },
  });
  return { settings, loads, shared, agents };
}

describe("per-client agents", () => {
  it("a client without settings shares the process's pool; one with settings gets its own, kept while unchanged", async () => {
    const { settings, shared, agents } = setup(4);
    settings.set(2, { allowedTargetCidrs: ["10.0.0.0/8"], outbound: null });
    expect(await agents.forClient(1)).toBe(shared);
    const own = await agents.forClient(2);
    expect(own).not.toBe(shared);
    expect(await agents.forClient(2)).toBe(own);
    await agents.close();
    await shared.close();
  });

  it("a change of settings replaces the agent and closes the old one", async () => {
    const { settings, shared, agents } = setup(4);
    settings.set(2, { allowedTargetCidrs: ["10.0.0.0/8"], outbound: null });
    const first = await agents.forClient(2);
    settings.set(2, { allowedTargetCidrs: ["10.1.0.0/16"], outbound: null });
    const second = await agents.forClient(2);
    expect(second).not.toBe(first);
    await new Promise((r) => setImmediate(r));
    expect(closed(first)).toBe(true);
    settings.delete(2);
    expect(await agents.forClient(2)).toBe(shared);
    await agents.close();
    await shared.close();
  });

  it("keeps at most `max` agents, closing the least recently used", async () => {
    const { settings, shared, agents } = setup(2);
    for (const id of [1, 2, 3]) settings.set(id, { allowedTargetCidrs: [`10.${id}.0.0/16`], outbound: null });
    const a1 = await agents.forClient(1);
    const a2 = await agents.forClient(2);
    await agents.forClient(1); // 1 is now the most recent
    await agents.forClient(3);
    await new Promise((r) => setImmediate(r));
    expect([closed(a1), closed(a2)]).toEqual([false, true]);
    await agents.close();
    await shared.close();
  });

  it("loads a client's settings once for concurrent calls", async () => {
    const { settings, loads, shared, agents } = setup(2);
    settings.set(5, { allowedTargetCidrs: ["10.0.0.0/8"], outbound: null });
    const got = await Promise.all([agents.forClient(5), agents.forClient(5), agents.forClient(5)]);
    expect(new Set(got).size).toBe(1);
    expect(loads).toEqual([5]);
    await agents.close();
    await shared.close();
  });
});
