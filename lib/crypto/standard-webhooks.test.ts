import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newSigningSecret, signatureHeaders, signingKey, signMessage } from "./standard-webhooks";

// The Standard Webhooks spec's published vector (standard-webhooks/standard-webhooks,
// libraries/javascript/src/webhook.test.ts, "sign function works"); every official library checks the same one.
const vector = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

describe("Standard Webhooks signing", () => {
  it("matches the spec's published test vector", () => {
    expect(signMessage(signingKey(vector.secret), vector.id, vector.timestamp, vector.payload)).toBe(vector.signature);
    expect(signMessage(signingKey(vector.secret), vector.id, vector.timestamp, Buffer.from(vector.payload))).toBe(vector.signature);
  });

  it("reads a secret with and without its whsec_ prefix alike", () => {
    expect(signingKey(vector.secret)).toEqual(signingKey(vector.secret.slice("whsec_".length)));
  });

  it("makes secrets of 32 random bytes that the standardwebhooks package accepts", () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(signingKey(secret)).toHaveLength(32);
    expect(newSigningSecret()).not.toBe(secret);
    const now = Math.floor(Date.now() / 1000);
    const headers = signatureHeaders([signingKey(secret)], "task-1", now, '{"a":1}');
    expect(new Webhook(secret).verify('{"a":1}', headers)).toEqual({ a: 1 });
  });

  it("sends one signature per key, space-separated, each verifiable by its own secret alone", () => {
    const [a, b, other] = [newSigningSecret(), newSigningSecret(), newSigningSecret()];
    const now = Math.floor(Date.now() / 1000);
    const headers = signatureHeaders([signingKey(a), signingKey(b)], "task-2", now, "x=1&y=2");
    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(() => new Webhook(a).verify("x=1&y=2", headers, { jsonParse: false })).not.toThrow();
    expect(() => new Webhook(b).verify("x=1&y=2", headers, { jsonParse: false })).not.toThrow();
    expect(() => new Webhook(other).verify("x=1&y=2", headers, { jsonParse: false })).toThrow();
  });
});
