import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { taskFixture } from "@/test/fixtures/task";

// A key of the test's own for the secret box, before lib/env.ts is read.
vi.hoisted(() => {
  process.env.SECRETS_KEY = Buffer.alloc(32, 5).toString("base64");
});

const { makeAttempt } = await import("./make-attempt");
const { createOutboundAgent } = await import("./outbound-policy");
const { startReceiver } = await import("./test-receiver");
const { sealSecretHeaders } = await import("../tasks/secret-headers");
const { signingKey } = await import("../crypto/standard-webhooks");

const agent = createOutboundAgent();
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const secret = `whsec_${randomBytes(32).toString("base64")}`;
const previous = `whsec_${randomBytes(32).toString("base64")}`;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await agent.close();
  await receiver.close();
});

/** What the receiver got, verified by the standardwebhooks package (not Bida's code) with one secret. */
function verifies(got: { headers: Record<string, string | string[] | undefined>; body: string }, withSecret: string): boolean {
  const h = Object.fromEntries(["webhook-id", "webhook-timestamp", "webhook-signature"].map((k) => [k, String(got.headers[k] ?? "")]));
  try {
    new Webhook(withSecret).verify(got.body, h, { jsonParse: false });
    return true;
  } catch {
    return false;
  }
}

describe("a signed attempt", () => {
  it("signs the exact JSON body sent, with the task id as webhook-id", async () => {
    const t = taskFixture({ url: `${receiver.url}/hook`, params: { amount: 12.5, city: "上海" } });
    const outcome = await makeAttempt(agent, t, 3, { signingKeys: [signingKey(secret)] });
    expect(outcome.ok).toBe(true);
    const got = receiver.received.at(-1)!;
    expect(got.headers["webhook-id"]).toBe(t.id);
    expect(Math.abs(Number(got.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(600);
    expect(verifies(got, secret)).toBe(true);
    expect(verifies(got, previous)).toBe(false);
  });

  it("signs an empty body for GET, and a form body as encoded", async () => {
    await makeAttempt(agent, taskFixture({ url: `${receiver.url}/get`, method: "GET", params: { q: "a b" } }), 1, { signingKeys: [signingKey(secret)] });
    const get = receiver.received.at(-1)!;
    expect(get.body).toBe("");
    expect(verifies(get, secret)).toBe(true);
    await makeAttempt(agent, taskFixture({ url: `${receiver.url}/form`, bodyType: "form", params: { q: "a b", n: 1 } }), 1, { signingKeys: [signingKey(secret)] });
    const form = receiver.received.at(-1)!;
    expect(form.body).toBe("q=a+b&n=1");
    expect(verifies(form, secret)).toBe(true);
  });

  it("carries both signatures during a rotation, each verifiable alone", async () => {
    await makeAttempt(agent, taskFixture({ url: `${receiver.url}/hook`, params: { a: 1 } }), 1, { signingKeys: [signingKey(secret), signingKey(previous)] });
    const got = receiver.received.at(-1)!;
    expect(String(got.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verifies(got, secret)).toBe(true);
    expect(verifies(got, previous)).toBe(true);
  });

  it("keeps the task's own webhook-* headers from overriding the signature, and sends none unsigned", async () => {
    const forged = { "webhook-id": "forged", "webhook-signature": "v1,forged" };
    await makeAttempt(agent, taskFixture({ url: `${receiver.url}/hook`, headers: forged }), 1, { signingKeys: [signingKey(secret)] });
    const signed = receiver.received.at(-1)!;
    expect(signed.headers["webhook-id"]).not.toBe("forged");
    expect(verifies(signed, secret)).toBe(true);
    await makeAttempt(agent, taskFixture({ url: `${receiver.url}/plain` }), 1);
    expect(receiver.received.at(-1)!.headers["webhook-signature"]).toBeUndefined();
  });

  it("fails, sending nothing, when the client's signing keys are unavailable", async () => {
    const before = receiver.received.length;
    const outcome = await makeAttempt(agent, taskFixture({ url: `${receiver.url}/never` }), 1, { signingError: "the client's signing secret: no key" });
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toBe("cannot build the request: the client's signing secret: no key");
    expect(receiver.received.length).toBe(before);
  });

  it("opens sealed credential headers for the call only", async () => {
    const headers = sealSecretHeaders({ Authorization: "Bearer partner-token-123", "X-Trace": "t1" })!;
    expect(headers.Authorization).not.toContain("partner-token-123");
    expect(headers["X-Trace"]).toBe("t1");
    await makeAttempt(agent, taskFixture({ url: `${receiver.url}/auth`, headers }), 1);
    const got = receiver.received.at(-1)!;
    expect(got.headers.authorization).toBe("Bearer partner-token-123");
    expect(got.headers["x-trace"]).toBe("t1");
  });
});
