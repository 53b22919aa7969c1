import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dingtalkSignedUrl, feishuSign, standardWebhookHeaders } from "./sign";

const secret = "SECdeadbeef0123456789";
const documentedDingtalkSign = (ts: number) => createHmac("sha256", secret).update(`${ts}\n${secret}`).digest("base64");

describe("dingtalkSignedUrl", () => {
  it("URL-encodes the base64 sign, so '+', '/' and '=' survive the query string", () => {
    // A timestamp whose signature holds a '+': unencoded it would reach DingTalk as a space.
    let ts = 1_700_000_000_000;
    while (!documentedDingtalkSign(ts).includes("+")) ts++;
    const url = new URL(dingtalkSignedUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", secret, ts));
    expect(url.searchParams.get("access_token")).toBe("abc");
    expect(url.searchParams.get("timestamp")).toBe(String(ts));
    expect(url.searchParams.get("sign")).toBe(documentedDingtalkSign(ts));
    expect(url.search).toContain("%2B");
  });

  it("starts the query string when the URL has none", () => {
    expect(dingtalkSignedUrl("https://example.com/robot", secret, 1)).toMatch(/^https:\/\/example\.com\/robot\?timestamp=1&sign=/);
  });
});

describe("feishuSign", () => {
  it("keys the HMAC with timestamp + newline + secret over an empty message", () => {
    const expected = createHmac("sha256", `1599360473\n${secret}`).update("").digest("base64");
    expect(feishuSign(secret, 1599360473)).toBe(expected);
  });
});

describe("standardWebhookHeaders", () => {
  it("decodes a whsec_ secret's base64 as the key", () => {
    const key = Buffer.from("0123456789abcdef0123456789abcdef");
    const h = standardWebhookHeaders(`whsec_${key.toString("base64")}`, "msg_1", 1700000000, '{"a":1}');
    const expected = createHmac("sha256", key).update('msg_1.1700000000.{"a":1}').digest("base64");
    expect(h).toEqual({ "webhook-id": "msg_1", "webhook-timestamp": "1700000000", "webhook-signature": `v1,${expected}` });
  });

  it("uses any other secret as UTF-8 bytes, and signs nothing without one", () => {
    const expected = createHmac("sha256", "plain").update("id.1.body").digest("base64");
    expect(standardWebhookHeaders("plain", "id", 1, "body")["webhook-signature"]).toBe(`v1,${expected}`);
    expect(standardWebhookHeaders(null, "id", 1, "body")["webhook-signature"]).toBeUndefined();
  });
});
