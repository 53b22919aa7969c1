import { describe, expect, it } from "vitest";
import { encodeFrame, FrameReader, FramingError } from "./frame";

const req = (id: bigint, body: string) => encodeFrame({ request: true, twoWay: true, event: false, status: 0, id, body: Buffer.from(body) });

describe("FrameReader", () => {
  it("cuts frames split across reads and many in one read, keeping each id and body", () => {
    const bytes = Buffer.concat([req(1n, "a"), req(2n ** 63n + 5n, "bcd"), req(3n, "")]);
    const r = new FrameReader(1024);
    const got = [];
    for (let i = 0; i < bytes.length; i += 7) got.push(...r.push(bytes.subarray(i, i + 7)));
    expect(got.map((f) => [f.id, f.body.toString(), f.request, f.twoWay, f.event, f.serialization])).toEqual([
      [1n, "a", true, true, false, 2],
      [2n ** 63n + 5n, "bcd", true, true, false, 2],
      [3n, "", true, true, false, 2],
    ]);
  });

  it("writes Dubbo's header: magic, flag bits, status, id, length", () => {
    const f = encodeFrame({ request: false, twoWay: false, event: true, status: 20, id: 258n, body: Buffer.from([0x4e]) });
    expect([...f.subarray(0, 16)]).toEqual([0xda, 0xbb, 0x22, 20, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 1]);
  });

  it("refuses a stream without the magic, and a body over the limit (naming its id)", () => {
    expect(() => new FrameReader(1024).push(Buffer.alloc(16))).toThrow(FramingError);
    const big = req(9n, "x".repeat(2000));
    let err: unknown;
    try {
      new FrameReader(1024).push(big.subarray(0, 16));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FramingError);
    expect((err as FramingError).id).toBe(9n);
  });
});
