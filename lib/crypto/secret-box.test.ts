import { createDecipheriv, randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { isSealed, keyRing, openWith, sealWith, SecretBoxError } from "./secret-box";

const k1 = randomBytes(32).toString("base64");
const k2 = randomBytes(32).toString("base64");

describe("secret box", () => {
  it("seals with AES-256-GCM under the current key and opens again", () => {
    const [key] = keyRing({ key: k1, previousKeys: [] });
    const sealed = sealWith(key!, "Bearer s3cr3t-上海");
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain("s3cr3t");
    expect(openWith([key!], sealed)).toBe("Bearer s3cr3t-上海");
    // Decrypted here with node:crypto directly, from the documented form, so the format is what the docs say.
    const [, , iv, data] = sealed.split(".");
    const raw = Buffer.from(data!, "base64url");
    const d = createDecipheriv("aes-256-gcm", Buffer.from(k1, "base64"), Buffer.from(iv!, "base64url"));
    d.setAuthTag(raw.subarray(raw.length - 16));
    expect(Buffer.concat([d.update(raw.subarray(0, raw.length - 16)), d.final()]).toString()).toBe("Bearer s3cr3t-上海");
  });

  it("uses a fresh IV each time", () => {
    const [key] = keyRing({ key: k1, previousKeys: [] });
    expect(sealWith(key!, "same")).not.toBe(sealWith(key!, "same"));
  });

  it("opens a value sealed before a rotation with the previous key, and seals new ones with the new key", () => {
    const before = keyRing({ key: k1, previousKeys: [] });
    const after = keyRing({ key: k2, previousKeys: [k1] });
    const old = sealWith(before[0]!, "old secret");
    expect(openWith(after, old)).toBe("old secret");
    const fresh = sealWith(after[0]!, "new secret");
    expect(fresh.split(".")[1]).not.toBe(old.split(".")[1]);
    expect(() => openWith(before, fresh)).toThrow(SecretBoxError);
  });

  it("refuses an altered value and one sealed with a key it does not have", () => {
    const ring = keyRing({ key: k1, previousKeys: [] });
    const sealed = sealWith(ring[0]!, "value");
    const last = sealed.at(-3) === "A" ? "B" : "A";
    const altered = `${sealed.slice(0, -3)}${last}${sealed.slice(-2)}`;
    expect(() => openWith(ring, altered)).toThrow(/does not open/);
    expect(() => openWith(keyRing({ key: k2, previousKeys: [] }), sealed)).toThrow(/neither SECRETS_KEY/);
    expect(() => openWith(ring, "plain text")).toThrow(/not a sealed secret/);
  });

  it("derives a key from AUTH_SECRET when SECRETS_KEY is unset, and keeps it for opening once one is set", () => {
    const derived = keyRing({ previousKeys: [], authSecret: "an-auth-secret-of-some-length" });
    expect(derived).toHaveLength(1);
    const sealed = sealWith(derived[0]!, "from before");
    expect(openWith(keyRing({ key: k1, previousKeys: [], authSecret: "an-auth-secret-of-some-length" }), sealed)).toBe("from before");
    expect(() => openWith(keyRing({ previousKeys: [], authSecret: "another-auth-secret" }), sealed)).toThrow(SecretBoxError);
  });

  it("refuses a SECRETS_KEY that is not 32 bytes", () => {
    expect(() => keyRing({ key: randomBytes(16).toString("base64"), previousKeys: [] })).toThrow(/32 bytes/);
  });

  it("sealSecret and openSecret use the environment's keys", async () => {
    vi.resetModules();
    vi.stubEnv("SECRETS_KEY", k2);
    vi.stubEnv("SECRETS_KEY_PREVIOUS", k1);
    const box = await import("./secret-box");
    const sealed = box.sealSecret("round trip");
    expect(sealed.split(".")[1]).toBe(keyRing({ key: k2, previousKeys: [] })[0]!.id);
    expect(box.openSecret(sealed)).toBe("round trip");
    expect(box.openSecret(sealWith(keyRing({ key: k1, previousKeys: [] })[0]!, "older"))).toBe("older");
    vi.unstubAllEnvs();
  });
});
