import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createOutageLog } from "./outage-log";

function capture() {
  const lines: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { log: pino({ level: "info" }, stream), lines };
}

const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:3306"), { code: "ECONNREFUSED" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the outage log", () => {
  it("writes one start line, count lines while it lasts, and one end line with the total", async () => {
    const { log, lines } = capture();
    let mysqlUp = false;
    const outages = createOutageLog({
      probes: { MySQL: async () => (mysqlUp ? 1 : Promise.reject(refused())), Redis: async () => "PONG" },
      reportEveryMs: 100,
      probeEveryMs: 20,
      log,
    });
    for (let i = 0; i < 500; i++) expect(outages.note(refused(), "requests refused")).toBe(true);
    await expect.poll(() => lines.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(lines[0]!.msg).toBe("MySQL unreachable (connect ECONNREFUSED 127.0.0.1:3306); counting what it refuses until it answers again");
    expect([...outages.down().keys()]).toEqual(["MySQL"]);
    for (let i = 0; i < 734; i++) outages.note(refused(), "requests refused");
    outages.note(refused(), "jobs failed");
    await expect.poll(() => lines.some((l) => l.msg.startsWith("MySQL unreachable for")), { timeout: 10_000 }).toBe(true);
    expect(lines.find((l) => l.msg.startsWith("MySQL unreachable for"))!.msg).toMatch(/^MySQL unreachable for \d+ s, 1,234 requests refused, 1 jobs failed$/);
    mysqlUp = true;
    await expect.poll(() => lines.at(-1)!.msg, { timeout: 10_000 }).toMatch(/^MySQL reachable again after \d+ s; 1,234 requests refused, 1 jobs failed in all$/);
    expect(lines.filter((l) => l.msg.startsWith("MySQL unreachable ("))).toHaveLength(1);
    expect(outages.down().size).toBe(0);
  });

  it("counts nothing for other errors, and calls a failure both services survive a blip, in one line", async () => {
    const { log, lines } = capture();
    const outages = createOutageLog({ probes: { MySQL: async () => 1, Redis: async () => "PONG" }, reportEveryMs: 100, log });
    expect(outages.note(new Error("syntax error"), "requests refused")).toBe(false);
    expect(outages.note(refused(), "requests refused")).toBe(true);
    outages.note(refused(), "requests refused");
    await expect.poll(() => lines.length, { timeout: 10_000 }).toBe(1);
    expect(lines[0]!.msg).toMatch(/failed briefly .*MySQL and Redis answer again; 2 requests refused$/);
    await sleep(150);
    expect(lines).toHaveLength(1);
    expect(outages.down().size).toBe(0);
  });
});
