import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export type Behaviour = (req: ReceivedRequest, res: http.ServerResponse, countForPath: number) => void;

/**
 * A real HTTP server for tasks to call. Each path gets a behaviour; every request is recorded, so tests can
 * assert what arrived, how often and when.
 */
export async function startReceiver() {
  const requests: ReceivedRequest[] = [];
  const behaviours = new Map<string, Behaviour>();
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const rec: ReceivedRequest = { method: req.method ?? "", path: url.pathname, url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString(), at: Date.now() };
      requests.push(rec);
      const n = (counts.get(url.pathname) ?? 0) + 1;
      counts.set(url.pathname, n);
      const behaviour = behaviours.get(url.pathname);
      if (behaviour) behaviour(rec, res, n);
      else res.end("ok");
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (p: string) => `http://127.0.0.1:${port}${p}`,
    on: (p: string, b: Behaviour) => behaviours.set(p, b),
    requests: (p?: string) => (p ? requests.filter((r) => r.path === p) : requests),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Answers `path` after `delayMs` and counts how many of its calls were open at once, at the most (since `reset`). */
export function holdCalls(receiver: Receiver, path: string, delayMs: number) {
  let open = 0;
  let most = 0;
  receiver.on(path, (_req, res) => {
    open++;
    most = Math.max(most, open);
    setTimeout(() => {
      open--;
      res.end("ok");
    }, delayMs);
  });
  return {
    most: () => most,
    reset: () => {
      most = open;
    },
  };
}
