import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rotateSigningSecret, setCallbackSigning } from "@/lib/clients/signing-secrets";
import { apiClients } from "@/lib/db/schema/api-clients";
import { newClient, type TestClient } from "./support/api";
import { taskRow, testDb } from "./support/db";
import { startWorker, type Proc } from "./support/processes";
import { startReceiver, type ReceivedRequest, type Receiver } from "./support/receiver";
import { waitForFinal } from "./support/wait";

// Receivers verify with the standardwebhooks package (the spec's own JavaScript library), never with Bida's code.
const cacheMs = 300;
let receiver: Receiver;
let worker: Proc;
let client: TestClient & { signingSecret: string };

beforeAll(async () => {
  receiver = await startReceiver();
  worker = await startWorker({ SIGNING_CACHE_MS: String(cacheMs) });
  client = (await newClient("signing")) as TestClient & { signingSecret: string };
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
});

const signed = (r: ReceivedRequest) => ({
  "webhook-id": String(r.headers["webhook-id"] ?? ""),
  "webhook-timestamp": String(r.headers["webhook-timestamp"] ?? ""),
  "webhook-signature": String(r.headers["webhook-signature"] ?? ""),
});

function verifiesWith(secret: string, r: ReceivedRequest): boolean {
  try {
    new Webhook(secret).verify(r.body, signed(r), { jsonParse: false });
    return true;
  } catch {
    return false;
  }
}

/** A receiver path that refuses (401) what does not verify with `secret`, and fails the first call with 500. */
function verifyingPath(path: string, secret: () => string, failFirst = false) {
  receiver.on(path, (req, res, n) => {
    if (!verifiesWith(secret(), req)) return res.writeHead(401).end("bad signature");
    res.writeHead(failFirst && n === 1 ? 500 : 200).end("ok");
  });
}

async function submit(task: Record<string, unknown>, as: TestClient = client) {
  const res = await as.call("/api/v1/tasks", { method: "POST", json: task });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

const fastRetry = { maxAttempts: 3, retry: { strategy: "fixed", delayMs: 100, maxDelayMs: 100 } };

describe("signed callbacks", () => {
  it("a new client is shown its whsec_ secret once, and its calls verify, across a retry with the same webhook-id", async () => {
    expect(client.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const [row] = await testDb.db.select().from(apiClients).where(eq(apiClients.id, client.id));
    expect(row!.signCallbacks).toBe(true);
    expect(row!.signingSecretEnc).not.toContain(client.signingSecret.slice(6, 20));

    verifyingPath("/s/retry", () => client.signingSecret, true);
    const id = await submit({ url: receiver.url("/s/retry"), params: { order: 42, city: "上海" }, ...fastRetry });
    expect((await waitForFinal(id)).status).toBe("succeeded");
    const calls = receiver.requests("/s/retry");
    expect(calls).toHaveLength(2);
    for (const c of calls) {
      expect(c.headers["webhook-id"]).toBe(id);
      expect(verifiesWith(client.signingSecret, c)).toBe(true);
    }
  });

  it("signs GET calls over an empty body and form bodies as sent", async () => {
    verifyingPath("/s/get", () => client.signingSecret);
    verifyingPath("/s/form", () => client.signingSecret);
    const get = await submit({ url: receiver.url("/s/get?x=1"), method: "GET", params: { q: "a b" } });
    const form = await submit({ url: receiver.url("/s/form"), bodyType: "form", params: { q: "a b", n: 1 } });
    expect((await waitForFinal(get)).status).toBe("succeeded");
    expect((await waitForFinal(form)).status).toBe("succeeded");
    expect(receiver.requests("/s/get")[0]!.body).toBe("");
    expect(receiver.requests("/s/form")[0]!.body).toBe("q=a+b&n=1");
  });

  it("during a rotation sends both signatures, each verifiable by its own secret; after it, only the new one", async () => {
    const rotating = (await newClient("signing-rot")) as TestClient & { signingSecret: string };
    const old = rotating.signingSecret;
    const { secret: fresh } = await rotateSigningSecret(testDb.db, { clientId: rotating.id, graceMs: 3_600_000, actor: "system" });
    expect(fresh).not.toBe(old);
    await new Promise((r) => setTimeout(r, cacheMs * 2));

    receiver.on("/s/rot", (_req, res) => res.end("ok"));
    const id = await submit({ url: receiver.url("/s/rot"), params: { a: 1 } }, rotating);
    expect((await waitForFinal(id)).status).toBe("succeeded");
    const [during] = receiver.requests("/s/rot");
    expect(signed(during!)["webhook-signature"].split(" ")).toHaveLength(2);
    expect(verifiesWith(old, during!)).toBe(true);
    expect(verifiesWith(fresh, during!)).toBe(true);

    // A rotation without grace retires the old secret at once.
    const { secret: third } = await rotateSigningSecret(testDb.db, { clientId: rotating.id, graceMs: 0, actor: "system" });
    await new Promise((r) => setTimeout(r, cacheMs * 2));
    receiver.on("/s/rot2", (_req, res) => res.end("ok"));
    const id2 = await submit({ url: receiver.url("/s/rot2"), params: { a: 2 } }, rotating);
    expect((await waitForFinal(id2)).status).toBe("succeeded");
    const [after] = receiver.requests("/s/rot2");
    expect(signed(after!)["webhook-signature"].split(" ")).toHaveLength(1);
    expect(verifiesWith(third, after!)).toBe(true);
    expect(verifiesWith(fresh, after!)).toBe(false);
    expect(verifiesWith(old, after!)).toBe(false);
  });

  it("sends no signature for a client with signing off (existing clients keep sign_callbacks = false)", async () => {
    const quiet = await newClient("signing-off");
    await setCallbackSigning(testDb.db, { clientId: quiet.id, on: false, actor: "system" });
    await new Promise((r) => setTimeout(r, cacheMs * 2));
    const id = await submit({ url: receiver.url("/s/off"), params: { a: 1 } }, quiet);
    expect((await waitForFinal(id)).status).toBe("succeeded");
    const [call] = receiver.requests("/s/off");
    expect(call!.headers["webhook-signature"]).toBeUndefined();
    expect(call!.headers["webhook-id"]).toBeUndefined();
  });
});

describe("credential headers at rest", () => {
  it("are stored sealed, sent in clear to the target, and never shown again (single, batch)", async () => {
    const headers = { Authorization: "Bearer tok-SECRET-123", "X-Api-Key": "key-SECRET-456", "X-Trace": "trace-1" };
    const res = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/h/single"), headers } });
    expect(res.status, res.text).toBe(201);
    expect(res.body.headers).toEqual({ Authorization: "****", "X-Api-Key": "****", "X-Trace": "trace-1" });
    const batch = await client.call("/api/v1/tasks/batch", { method: "POST", json: { tasks: [{ url: receiver.url("/h/batch"), headers }] } });
    expect(batch.status, batch.text).toBe(200);
    const batchId = batch.body.results[0].id as string;

    for (const [id, path] of [[res.body.id as string, "/h/single"], [batchId, "/h/batch"]] as const) {
      expect((await waitForFinal(id)).status).toBe("succeeded");
      const stored = JSON.stringify((await taskRow(id)).headers);
      expect(stored).not.toContain("SECRET");
      expect(stored).toContain("trace-1");
      const [got] = receiver.requests(path);
      expect(got!.headers.authorization).toBe("Bearer tok-SECRET-123");
      expect(got!.headers["x-api-key"]).toBe("key-SECRET-456");
      const view = await client.call(`/api/v1/tasks/${id}`);
      expect(view.status).toBe(200);
      expect(view.text).not.toContain("SECRET");
      expect(view.body.headers.Authorization).toBe("****");
    }
    const list = await client.call("/api/v1/tasks?limit=50");
    expect(list.status).toBe(200);
    expect(list.text).not.toContain("SECRET");
  });
});
