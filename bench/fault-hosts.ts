// Target hosts that fail in the ways a real receiver does, for the isolation phase; they run inside the receiver
// process (bench/receiver.ts), each on its own loopback port, so each case's host has a circuit of its own.
// - silent:  accepts the connection and never answers (a hung application behind a live socket);
// - refused: a closed port, so every connect is refused at once (the process is down);
// - slow:    answers 200, but only after `delayMs` (an overloaded host, slower than the task's timeout);
// - ok:      answers 200 at once, like the receiver itself: a second healthy host.
import http from "node:http";
import net, { type AddressInfo } from "node:net";

export type FaultKind = "silent" | "refused" | "slow" | "ok";

export interface HostStats {
  /** TCP connections accepted (0 for a refused host: nothing ever connects). */
  connections: number;
  /** HTTP requests whose headers arrived (slow, ok), or data-carrying connections (silent). */
  requests: number;
}

export interface FaultHost {
  port: number;
  stats: () => HostStats;
  /** Stops listening and drops every open socket, so calls still in flight to it end now instead of at their timeout. */
  close: () => Promise<HostStats>;
}

const listen = (server: net.Server) =>
  new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });

/** Resolves once a connect to the port has been refused; the port was just given back, so this holds at once. */
async function assertRefused(port: number): Promise<void> {
  const refused = await new Promise<boolean>((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "ECONNREFUSED"));
  });
  if (!refused) throw new Error(`port ${port} was meant to be closed, but something accepted a connection on it`);
}

export async function openFaultHost(kind: FaultKind, delayMs = 5_000, onArrival?: (taskId: string) => void): Promise<FaultHost> {
  const stats: HostStats = { connections: 0, requests: 0 };
  if (kind === "refused") {
    // A port the kernel just handed out and took back: nothing listens on it. Ephemeral ports for outgoing
    // connects come from the same range, so one could in principle land on it; the check above would tell.
    const probe = net.createServer();
    const port = await listen(probe);
    await new Promise<void>((r) => probe.close(() => r()));
    await assertRefused(port);
    return { port, stats: () => ({ ...stats }), close: async () => ({ ...stats }) };
  }

  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    stats.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined); // a caller that gives up resets the socket: expected here
  };

  let server: net.Server;
  if (kind === "silent") {
    server = net.createServer((socket) => {
      track(socket);
      // Reads what the caller sends (so its write completes, as it would against a hung application) and never writes.
      socket.once("data", () => stats.requests++);
      socket.resume();
    });
  } else {
    const timers = new Set<NodeJS.Timeout>();
    const web = http.createServer((req, res) => {
      stats.requests++;
      const id = req.headers["x-bida-task-id"];
      if (typeof id === "string") onArrival?.(id);
      req.resume();
      if (kind === "ok") {
        req.on("end", () => res.end("ok"));
        return;
      }
      const t = setTimeout(() => {
        timers.delete(t);
        res.end("ok");
      }, delayMs);
      timers.add(t);
      res.on("close", () => {
        clearTimeout(t);
        timers.delete(t);
      });
    });
    web.keepAliveTimeout = 60_000;
    web.on("connection", track);
    server = web;
  }
  const port = await listen(server);
  return {
    port,
    stats: () => ({ ...stats }),
    close: () =>
      new Promise<HostStats>((resolve) => {
        server.close(() => resolve({ ...stats }));
        for (const s of sockets) s.destroy();
      }),
  };
}
