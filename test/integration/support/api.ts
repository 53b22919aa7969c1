import { inject } from "vitest";
import { createApiClient } from "@/lib/clients/create-client";
import { createDb } from "@/lib/db/client";

export const baseUrl = () => inject("baseUrl");

/** An API answer as the tests read it: field by field, with expect() checking the shapes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- typing every answer of every endpoint here would restate lib/tasks/serialize.ts
export type Json = any;

export interface TestClient {
  id: number;
  name: string;
  apiKey: string;
  username: string;
  password: string;
  /** fetch against the web server with this client's key. */
  call: (path: string, init?: RequestInit & { json?: unknown }) => Promise<{ status: number; body: Json; text: string; headers: Headers }>;
}

let seq = 0;
export async function newClient(prefix = "it"): Promise<TestClient> {
  const { db, pool } = createDb({ poolSize: 1 });
  try {
    const creds = await createApiClient(db, { name: `${prefix}-${process.pid}-${Date.now()}-${seq++}` });
    return {
      ...creds,
      call: (path, init = {}) => request(path, { ...init, headers: { authorization: `Bearer ${creds.apiKey}`, ...(init.headers as Record<string, string>) } }),
    };
  } finally {
    await pool.end();
  }
}

export async function request(path: string, init: RequestInit & { json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  const res = await fetch(`${baseUrl()}${path}`, { ...init, headers, body });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed as Json, text, headers: res.headers };
}
