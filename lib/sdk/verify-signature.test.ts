import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { verifySignature } from "./verify-signature";

// The Standard Webhooks spec's published vector (standard-webhooks/standard-webhooks, libraries/javascript tests).
const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const timestamp = 1614265330;
const payload = '{"test": 2432232314}';
const signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
const at = timestamp * 1000;
const vectorHeaders = { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signature };

// Signed by the standardwebhooks package, not by Bida's code.
function signedNow(body: string, secrets: string[], msgId = "task-9") {
  const when = new Date();
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(when.getTime() / 1000)),
    "webhook-signature": secrets.map((s) => new Webhook(s).sign(msgId, when, body)).join(" "),
  };
}

describe("verifySignature", () => {
  it("accepts the spec's published test vector", () => {
    expect(verifySignature(vectorHeaders, payload, secret, { now: at })).toBe(true);
    expect(verifySignature(vectorHeaders, Buffer.from(payload), secret.slice(6), { now: at })).toBe(true);
    expect(verifySignature(new Headers(vectorHeaders), payload, secret, { now: at })).toBe(true);
  });

  it("refuses a changed body, id or timestamp, and another secret", () => {
    expect(verifySignature(vectorHeaders, '{"test": 2432232315}', secret, { now: at })).toBe(false);
    expect(verifySignature({ ...vectorHeaders, "webhook-id": "msg_other" }, payload, secret, { now: at })).toBe(false);
    expect(verifySignature({ ...vectorHeaders, "webhook-timestamp": String(timestamp + 1) }, payload, secret, { now: at })).toBe(false);
    expect(verifySignature(vectorHeaders, payload, "whsec_" + Buffer.alloc(32, 7).toString("base64"), { now: at })).toBe(false);
  });

  it("refuses a timestamp outside the tolerance, either way", () => {
    expect(verifySignature(vectorHeaders, payload, secret, { now: at + 301_000 })).toBe(false);
    expect(verifySignature(vectorHeaders, payload, secret, { now: at - 301_000 })).toBe(false);
    expect(verifySignature(vectorHeaders, payload, secret, { now: at + 299_000 })).toBe(true);
    expect(verifySignature(vectorHeaders, payload, secret, { now: at + 3_600_000, toleranceS: 7200 })).toBe(true);
  });

  it("refuses missing headers, a malformed timestamp and truncated signatures", () => {
    for (const name of Object.keys(vectorHeaders)) {
      const h: Record<string, string> = { ...vectorHeaders };
      delete h[name];
      expect(verifySignature(h, payload, secret, { now: at })).toBe(false);
    }
    expect(verifySignature({ ...vectorHeaders, "webhook-timestamp": "hello" }, payload, secret, { now: at })).toBe(false);
    expect(verifySignature({ ...vectorHeaders, "webhook-signature": signature.slice(0, 8) }, payload, secret, { now: at })).toBe(false);
    expect(verifySignature({ ...vectorHeaders, "webhook-signature": "v1," }, payload, secret, { now: at })).toBe(false);
    expect(verifySignature({ ...vectorHeaders, "webhook-signature": signature.replace("v1,", "v2,") }, payload, secret, { now: at })).toBe(false);
  });

  it("accepts any one of several space-separated signatures, and any one of several secrets", () => {
    const junk = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
    const multi = { ...vectorHeaders, "webhook-signature": `${junk} v2,${signature.slice(3)} ${signature} ${junk}` };
    expect(verifySignature(multi, payload, secret, { now: at })).toBe(true);
    const other = "whsec_" + Buffer.alloc(32, 9).toString("base64");
    expect(verifySignature(vectorHeaders, payload, [other, secret], { now: at })).toBe(true);
  });

  it("verifies what the standardwebhooks package signs, with header names in any case", () => {
    const a = "whsec_" + Buffer.alloc(32, 1).toString("base64");
    const b = "whsec_" + Buffer.alloc(32, 2).toString("base64");
    const h = signedNow("", [a, b]);
    expect(verifySignature(h, "", a)).toBe(true);
    expect(verifySignature(h, "", b)).toBe(true);
    const capitalised = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.replace(/(^|-)w/g, (m) => m.toUpperCase()), v]));
    expect(verifySignature(capitalised, "", a)).toBe(true);
  });
});
