import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyRing } from "@/lib/crypto/secret-box";
import { apiClients } from "@/lib/db/schema/api-clients";
import { newClient, type TestClient } from "./support/api";
import { taskRow, testDb } from "./support/db";
import { keepOutput, startWorker, type Proc } from "./support/processes";
import { startReceiver, type Receiver } from "./support/receiver";
import { waitForFinal } from "./support/wait";

// SECRETS_KEY rotation end to end: values sealed under the old key keep working while it is in
// SECRETS_KEY_PREVIOUS, `cli secrets reseal` moves them to the new key, and a worker without the key fails plainly.
const repoRoot = path.resolve(import.meta.dirname, "../..");
const [k1, k2, k3] = [0, 1, 2].map(() => randomBytes(32).toString("base64"));
const kid = (k: string) => keyRing({ key: k, previousKeys: [] })[0]!.id;
let receiver: Receiver;
let client: TestClient;
let worker: Proc | null = null;

beforeAll(async () => {
  receiver = await startReceiver();
  client = await newClient("secrets");
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
});

async function reseal(env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"), "scripts/cli.ts", "secrets", "reseal"], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const output = keepOutput(child);
  const [code] = (await once(child, "exit")) as [number | null];
  expect(code, output()).toBe(0);
  return output();
}

const storedKeyId = async (id: string) => String((await taskRow(id)).headers!.Authorization).split(".")[1];

async function submit(pathName: string) {
  const res = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url(pathName), headers: { Authorization: `Bearer rot-${pathName}` }, maxAttempts: 1 } });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

describe("rotating SECRETS_KEY", () => {
  it("opens values of the previous key, re-seals them with the current one, and refuses a key it was never given", async () => {
    // No worker yet: the tasks wait in the queue while their secrets are moved from key to key.
    const a = await submit("/rot/a");
    const b = await submit("/rot/b");
    expect(await reseal({ SECRETS_KEY: k1 })).toMatch(/Re-sealed the secrets of \d+ API client\(s\) and \d+ task\(s\)/);
    expect(await storedKeyId(a)).toBe(kid(k1));
    const [c1] = await testDb.db.select().from(apiClients).where(eq(apiClients.id, client.id));
    expect(c1!.signingSecretEnc!.split(".")[1]).toBe(kid(k1));

    // Without the key that sealed it, the attempt fails with a plain reason and sends nothing.
    worker = await startWorker({ SECRETS_KEY: k3, AUTH_SECRET: "another-auth-secret-entirely-0123456789" });
    for (const id of [a, b]) {
      const failed = await waitForFinal(id);
      expect(failed.status).toBe("failed");
      expect(failed.lastError).toMatch(/neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS/);
      expect(failed.lastError).not.toContain("Bearer rot-");
    }
    expect(receiver.requests("/rot/a")).toHaveLength(0);
    await worker.stop();
    worker = null;

    // Rotated: k2 seals, k1 still opens. Existing values are moved to k2 while the new worker runs.
    const env = { SECRETS_KEY: k2, SECRETS_KEY_PREVIOUS: k1 };
    await reseal(env);
    expect(await storedKeyId(a)).toBe(kid(k2));
    worker = await startWorker(env);
    const retried = await client.call(`/api/v1/tasks/${a}/retry`, { method: "POST", json: {} });
    expect(retried.status, retried.text).toBe(200);
    expect((await waitForFinal(a)).status).toBe("succeeded");
    expect(receiver.requests("/rot/a")[0]!.headers.authorization).toBe("Bearer rot-/rot/a");
  });
});
