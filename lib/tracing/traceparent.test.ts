import { describe, expect, it } from "vitest";
import { buildRequest } from "../delivery/build-request";
import { maskSecretHeaders } from "../notify/mask";
import { withoutInternalHeaders, withTraceparent } from "../tasks/internal-headers";
import { outgoingTraceparent } from "./outgoing-traceparent";
import { childOf, parseTraceparent, TRACEPARENT_KEY } from "./traceparent";
import { traceparentToStore } from "./spans";

const tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

describe("traceparent", () => {
  it("accepts version 00 with non-zero ids and refuses the rest", () => {
    expect(parseTraceparent(tp)).toEqual({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", flags: "01" });
    expect(parseTraceparent(tp.toUpperCase())?.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    for (const bad of [null, "", "00-zz-1-01", `01${tp.slice(2)}`, `00-${"0".repeat(32)}-00f067aa0ba902b7-01`, `00-4bf92f3577b34da6a3ce929d0e0e4736-${"0".repeat(16)}-01`, `${tp}-extra`]) {
      expect(parseTraceparent(bad)).toBeNull();
    }
  });

  it("stores the client's traceparent when no SDK runs, and sends a child of it", () => {
    expect(traceparentToStore(tp)).toBe(tp);
    expect(traceparentToStore("garbage")).toBeNull();
    const child = parseTraceparent(outgoingTraceparent({ [TRACEPARENT_KEY]: tp }))!;
    expect(child.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(child.spanId).not.toBe("00f067aa0ba902b7");
    expect(childOf(child).spanId).not.toBe(child.spanId);
    expect(outgoingTraceparent({ "x-a": "1" })).toBeNull();
  });

  it("keeps the stored entry out of the call's headers and every view", () => {
    const headers = withTraceparent({ "X-Trace-Me": "yes", authorization: "Bearer s" }, tp)!;
    const req = buildRequest({ id: "t1", url: "http://example.test/a", method: "POST", params: null, bodyType: "json", headers }, 1);
    expect(Object.keys(req.headers)).not.toContain(TRACEPARENT_KEY);
    expect(parseTraceparent(req.headers.traceparent)?.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(req.headers["x-trace-me"]).toBe("yes");
    expect(Object.keys(maskSecretHeaders(headers)!)).toEqual(["X-Trace-Me", "authorization"]);
    expect(withoutInternalHeaders({ [TRACEPARENT_KEY]: tp })).toBeNull();
    expect(withTraceparent(null, null)).toBeNull();
  });
});
