import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BidaClient, BidaError } from "@/lib/sdk";
import { baseUrl, newClient } from "./support/api";
import { startReceiver, type Receiver } from "./support/receiver";
import { startWorker, type Proc } from "./support/processes";

let receiver: Receiver;
let worker: Proc;
let sdk: BidaClient;

beforeAll(async () => {
  receiver = await startReceiver();
  worker = await startWorker();
  const { apiKey } = await newClient("sdk");
  sdk = new BidaClient({ baseUrl: baseUrl(), apiKey });
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
});

describe("TypeScript SDK", () => {
  it("call → id, waitFor → the final task with its attempts", async () => {
    const id = await sdk.call({ url: receiver.url("/sdk"), params: { a: 1 } });
    const task = await sdk.waitFor(id, { timeoutMs: 15_000, intervalMs: 100 });
    expect(task.status).toBe("succeeded");
    expect(task.attempts).toHaveLength(1);
    expect((await sdk.get(id)).id).toBe(id);
  });

  it("throws a typed error with the API's code and failing fields", async () => {
    const err = await sdk.call({ url: "nope" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BidaError);
    expect(err).toMatchObject({ status: 422, code: "validation_failed", retryable: false });
    expect((err as BidaError).details[0]?.path).toBe("url");
    const missing = await sdk.get("00000000-0000-7000-8000-000000000000").catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, code: "not_found" });
    const wrongKey = new BidaClient({ baseUrl: baseUrl(), apiKey: "bida_nobody_xxxxxxxxxxxxxxxxxxxx" });
    await expect(wrongKey.get("00000000-0000-7000-8000-000000000000")).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    const down = new BidaClient({ baseUrl: "http://127.0.0.1:1", apiKey: "x", timeoutMs: 1000 });
    await expect(down.get("x")).rejects.toMatchObject({ status: null, code: "network", retryable: true });
  });
});
