// The benchmark's target: a bare node:http server in its own process (so it never competes with the bench's
// event loop), answering every call with 200 "ok" and recording when each task's first call arrived. On request it
// also opens further hosts on their own ports — failing ones for the isolation phase, a second healthy one for the
// fairness phase (bench/fault-hosts.ts) — whose first arrivals are recorded alike.
// It talks to the bench over the fork IPC channel and exits when that channel closes.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openFaultHost, type FaultHost, type FaultKind, type HostStats } from "./fault-hosts";

export type ReceiverRequest =
  | { type: "arrivals"; ids: string[] }
  | { type: "count" }
  | { type: "open-host"; kind: FaultKind; delayMs?: number }
  | { type: "close-host"; port: number };
export type ReceiverReply =
  | { type: "ready"; port: number }
  | { type: "arrivals"; times: Array<number | null> }
  | { type: "count"; calls: number; tasks: number }
  | { type: "host"; port: number }
  | { type: "host-closed"; stats: HostStats }
  | { type: "error"; message: string };
/** Every request and its reply carry an id: closing a host answers later than a count asked after it. */
export type Envelope<T> = T & { id: number };

/** Wall-clock time with sub-millisecond precision, comparable across processes on one machine. */
const now = () => performance.timeOrigin + performance.now();

const firstArrival = new Map<string, number>();
let calls = 0;
const arrived = (id: string, at: number) => {
  if (!firstArrival.has(id)) firstArrival.set(id, at);
};

const server = http.createServer((req, res) => {
  // Taken when the headers arrive: the latency the bench reports ends when the call reaches the receiver.
  const at = now();
  calls++;
  const id = req.headers["x-bida-task-id"];
  if (typeof id === "string") arrived(id, at);
  req.resume();
  req.on("end", () => res.end("ok"));
});
server.keepAliveTimeout = 60_000;

const hosts = new Map<number, FaultHost>();
const send = (reply: ReceiverReply | Envelope<ReceiverReply>) => process.send?.(reply);

async function answer(msg: ReceiverRequest): Promise<ReceiverReply> {
  switch (msg.type) {
    case "arrivals":
      return { type: "arrivals", times: msg.ids.map((id) => firstArrival.get(id) ?? null) };
    case "count":
      return { type: "count", calls, tasks: firstArrival.size };
    case "open-host": {
      // Only a healthy host's calls count as arrivals: the count is how phases tell that healthy tasks got through.
      const host = await openFaultHost(msg.kind, msg.delayMs, msg.kind === "ok" ? (id) => arrived(id, now()) : undefined);
      hosts.set(host.port, host);
      return { type: "host", port: host.port };
    }
    case "close-host": {
      const host = hosts.get(msg.port);
      if (!host) return { type: "error", message: `no host on port ${msg.port}` };
      hosts.delete(msg.port);
      return { type: "host-closed", stats: await host.close() };
    }
  }
}

process.on("message", (msg: Envelope<ReceiverRequest>) => {
  answer(msg).then(
    (reply) => send({ ...reply, id: msg.id }),
    (err: Error) => send({ type: "error", message: err.message, id: msg.id }),
  );
});
// The bench went away (finished, crashed or killed): nothing is left to serve.
process.on("disconnect", () => process.exit(0));

server.listen(0, "127.0.0.1", () => send({ type: "ready", port: (server.address() as AddressInfo).port }));
