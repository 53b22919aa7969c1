import { Agent, fetch } from "undici";

const agents = new Map<string, Agent>();

/**
 * fetch from a chosen local address: 127.0.0.2, 127.0.0.3 … are all loopback on Linux, so one machine can be
 * several distinct callers. The socket's source address is what the web server sees as the peer.
 */
export async function callFrom(localAddress: string, url: string, init: { method?: string; headers?: Record<string, string>; json?: unknown; body?: string } = {}) {
  let agent = agents.get(localAddress);
  if (!agent) agents.set(localAddress, (agent = new Agent({ localAddress })));
  const headers = { ...init.headers };
  let body = init.body;
  if (init.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.json);
  }
  const res = await fetch(url, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body, dispatcher: agent });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers field by field
  return { status: res.status, text, body: json as any, headers: res.headers };
}

export async function closeCallAgents(): Promise<void> {
  await Promise.all([...agents.values()].map((a) => a.close()));
  agents.clear();
}
