import { describe, expect, it } from "vitest";
import { BufferedRequest } from "./buffered-request";
import { readBodyText, readJson } from "./read-body";

const body = Buffer.from(JSON.stringify({ url: "http://127.0.0.1:9/x", params: { n: 1 } }));
const make = () => new BufferedRequest("http://localhost/api/v1/tasks", { method: "POST", headers: { "content-type": "application/json" } }, body);

describe("BufferedRequest: the body the web server read off the socket", () => {
  it("is served by every way of reading a body, not only read-body.ts", async () => {
    expect(await make().text()).toBe(body.toString());
    expect(await make().json()).toEqual({ url: "http://127.0.0.1:9/x", params: { n: 1 } });
    expect(Buffer.from(await make().arrayBuffer()).equals(body)).toBe(true);
    expect(Buffer.from(await make().bytes()).equals(body)).toBe(true);
    expect(await (await make().blob()).text()).toBe(body.toString());
    expect(await new Response(make().body).text()).toBe(body.toString());
    expect(await readJson(make())).toEqual({ url: "http://127.0.0.1:9/x", params: { n: 1 } });
  });

  it("can be read once, like any body", async () => {
    const req = make();
    expect(req.bodyUsed).toBe(false);
    await req.text();
    expect(req.bodyUsed).toBe(true);
    await expect(req.json()).rejects.toThrow(TypeError);
  });

  it("keeps the size check: a body over the limit is refused as 413", async () => {
    const big = new BufferedRequest("http://localhost/x", { method: "POST" }, Buffer.alloc(11, "a"));
    await expect(readBodyText(big, 10)).rejects.toMatchObject({ code: "payload_too_large" });
  });
});
